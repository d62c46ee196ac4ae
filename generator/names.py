"""Turning what the user calls the project into names that are valid on disk,
on PyPI and as a Python import, or saying in one line why that cannot be done.

One function does it for the wizard and the CLI alike, so both refuse the same
names with the same reason.
"""

from __future__ import annotations

import keyword
import re
import sys
import unicodedata
from dataclasses import dataclass

from . import matrix

#: Names a project package must not take because importing it would shadow
#: something the generated project imports: test tools, and the import names
#: of every framework and server (added from the matrix below).
_TOOLING = {"test", "tests", "pytest", "conftest", "setup", "site", "pip", "uv", "httpx", "websockets"}

_SEPARATORS = re.compile(r"[\s_.\-]+")
_INVALID = re.compile(r"[^\w-]", re.UNICODE)


class InvalidName(ValueError):
    """A project name that cannot be made valid; the message says why."""


@dataclass(frozen=True)
class ProjectNames:
    name: str
    #: Directory and distribution name: lower case, words joined by "-".
    slug: str
    #: Python import name: the slug with "_" for "-".
    package: str


def _reserved() -> set[str]:
    names = set(_TOOLING) | set(sys.stdlib_module_names)
    for entry in (*matrix.FRAMEWORKS, *matrix.SERVERS):
        names.add(entry.key.replace("-", "_").replace(".", "_"))
        names.update(_import_name(dep) for dep in entry.dependencies)
    return names


def _import_name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("-", "_").replace(".", "_")


def project_names(raw: str) -> ProjectNames:
    """Derive the slug and import name from a free-text project name."""
    name = raw.strip()
    if not name:
        raise InvalidName("the project name is empty")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise InvalidName("the project name contains control characters")
    if "/" in name or "\\" in name or ".." in name:
        raise InvalidName(f"the project name {name!r} contains a path separator or '..'")
    words = [w for w in _SEPARATORS.split(_INVALID.sub(" ", name.lower())) if w]
    slug = "-".join(words)
    if not slug or not any(ch.isalnum() for ch in slug):
        raise InvalidName(f"the project name {name!r} has no letters or digits to name a package with")
    package = slug.replace("-", "_")
    if not package.isascii():
        raise InvalidName(f"the project name {name!r} must be ASCII to be a PyPI distribution name")
    if package[0].isdigit():
        raise InvalidName(f"the import name {package!r} would start with a digit; start the name with a letter")
    if not package.isidentifier() or keyword.iskeyword(package) or keyword.issoftkeyword(package):
        raise InvalidName(f"{package!r} is a Python keyword or not a valid import name")
    if package in _reserved():
        raise InvalidName(
            f"the import name {package!r} would shadow the module of that name "
            "(standard library, framework, server or test tool); pick another name"
        )
    return ProjectNames(name=name, slug=slug, package=package)
