"""Jinja filters that put free text (names, descriptions, authors) into
generated files so that every file stays valid, whatever the text holds:
quotes, backslashes, newlines, ``{{ }}``, emoji.

Cookiecutter loads this as a local extension (``_extensions`` in
cookiecutter.json), so plain ``cookiecutter`` renders with the same filters.
"""

from __future__ import annotations

from jinja2 import Environment
from jinja2.ext import Extension

_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(value: object) -> str:
    """A TOML basic string: escapes quotes, backslashes and every control character."""
    out = []
    for ch in str(value):
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def python_string(value: object) -> str:
    """A Python string literal."""
    return repr(str(value))


def yaml_string(value: object) -> str:
    """A YAML double-quoted scalar; anything YAML will not take raw is escaped."""
    out = []
    for ch in str(value):
        code = ord(ch)
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF) or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


class SafeText(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(toml=toml_string, python=python_string, yaml=yaml_string)
