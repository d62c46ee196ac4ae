"""Reading answers from a YAML or JSON file, such as the ``.sgi-scaffold.yml``
every generated project carries, so a project can be generated again.

The file is written by the base template (``.sgi-scaffold.yml``, generated from
:mod:`generator.schema`); this module reads it by the same declarations, and
refuses anything it would not have written.
"""

from __future__ import annotations

from pathlib import Path

from . import matrix, schema
from .answers import Answers
from .errors import UserError

#: Keys a file may hold besides the answers themselves.
_INFORMATIONAL = {"sgi_scaffold_version"}


#: No answers file needs more; a bigger one is a mistake (or an attack on the parser).
MAX_BYTES = 1 << 20


def _read(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as err:
        raise UserError(f"cannot read the answers file {path}: {err.strerror}") from None
    if len(data) > MAX_BYTES:
        raise UserError(f"the answers file {path} is larger than {MAX_BYTES // (1 << 20)} MiB; it cannot be answers")
    return data.decode("utf-8")


def recorded_version(path: Path) -> str | None:
    """The sgi-scaffold version a project's answers file says made it, if it says."""
    import yaml

    document = yaml.safe_load(_read(path))
    version = document.get("sgi_scaffold_version") if isinstance(document, dict) else None
    return str(version) if version is not None else None


def load(path: Path) -> Answers:
    import yaml

    try:
        document = yaml.safe_load(_read(path))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        where = getattr(err, "problem_mark", None)
        at = f" at line {where.line + 1}" if where else ""
        raise UserError(f"the answers file {path} is not valid YAML or JSON{at}") from None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise UserError(f"the answers file {path} must hold a mapping of answers, not a {type(document).__name__}")
    values: dict[str, object] = {}
    for key, value in document.items():
        if key in _INFORMATIONAL:
            continue
        answer = schema.BY_KEY.get(key)
        if answer is None:
            raise UserError(f"unknown key {key!r} in the answers file {path}; known keys: {', '.join(schema.BY_KEY)}")
        if key == "python" and isinstance(value, float):
            value = str(value)  # YAML reads an unquoted 3.12 as a number
        choices = answer.choices()
        if value is not None and choices is not None:
            if value not in choices:
                raise UserError(f"{key!r} in the answers file {path} must be {' or '.join(choices)}, not {value!r}")
        elif value is not None and not isinstance(value, answer.kind):
            raise UserError(f"{key!r} in the answers file {path} must be a {answer.kind.__name__}, not {value!r}")
        values[key] = answer.parse(value)
    if "sgi_scaffold_version" in document:
        # A project's record written before an answer existed: the project as it was made then.
        values.update({a.key: a.when_unrecorded for a in schema.ANSWERS
                       if a.when_unrecorded is not None and a.key not in document})
    if values.get("python") is not None and values["python"] not in matrix.PYTHONS:
        raise UserError(
            f"'python' in the answers file {path} must be one of {', '.join(matrix.PYTHONS)}, not {values['python']!r}"
        )
    if "sgi_scaffold_version" in document:
        # A project's own record leaves out the answers it writes only away from their default.
        values.update({a.key: a.default for a in schema.ANSWERS if not a.recorded_at_default and a.key not in values})
    return Answers(**values)
