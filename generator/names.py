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
from functools import cache
from pathlib import Path

from . import matrix

#: Import names a project package must not take because importing it would
#: shadow something the generated project or its tools import. The import
#: names of every framework, server and data layer are added from the matrix
#: (their distributions' names, and the ``imports`` of entries that import under others).
_TOOLING = {
    "test", "tests", "pytest", "_pytest", "conftest", "setup", "site", "pip", "uv", "hatchling",
    "httpx", "httpx2", "websockets", "webtest", "trustme", "pexpect",
}

#: Every distribution and top-level import in any variant's resolved dependency
#: closure (dev group included), kept honest by tests/test_closure.py.
DEPENDENCY_NAMES = Path(__file__).with_name("dependency_names.txt")

_WORD_BREAKS = re.compile(r"[\W_]+", re.UNICODE)

#: Names Windows reserves for devices: a folder or file so named cannot be checked out there.
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in "123456789¹²³")}
#: Longer names would not fit a file name (255 bytes) once staged as ``.NAME-xxxxxxxx.partial``.
MAX_LENGTH = 100


class InvalidName(ValueError):
    """A project name that cannot be made valid; the message says why."""


@dataclass(frozen=True)
class ProjectNames:
    name: str
    #: Directory and distribution name: ASCII, lower case, words joined by "-".
    slug: str
    #: Python import name: the name's words joined by "_"; may keep Unicode letters.
    package: str


def _import_name(requirement: str) -> str:
    distribution = re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower()
    return distribution.replace("-", "_").replace(".", "_")


@cache
def reserved_names() -> frozenset[str]:
    names = set(_TOOLING) | set(sys.stdlib_module_names)
    lines = DEPENDENCY_NAMES.read_text(encoding="utf-8").splitlines()
    names.update(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    for fw in matrix.FRAMEWORKS:
        names.update((fw.key, *fw.imports))
        names.update(_import_name(dep) for dep in (*fw.dependencies, *fw.dev_dependencies, *fw.redis))
    for srv in matrix.SERVERS:
        names.update((srv.key, *srv.imports))
        names.update(_import_name(dep) for dep in srv.dependencies)
    for layer in matrix.DATA_LAYERS:
        for deps in (*layer.dependencies.values(), layer.dev_dependencies):
            names.update(_import_name(dep) for dep in deps)
    return frozenset(names)


#: The longest folder or import name (in UTF-8 bytes): file systems allow 255, and the
#: name is joined with others into longer file names (wheels, caches, temporary folders).
MAX_LENGTH = 100


def _ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def project_names(raw: str) -> ProjectNames:
    """Derive the slug and import name from a free-text project name."""
    name = unicodedata.normalize("NFC", raw.strip())
    if not name:
        raise InvalidName("the project name is empty")
    if any(unicodedata.category(ch) == "Cs" for ch in name):
        raise InvalidName("the project name is not valid text in this terminal's encoding; check LANG or LC_ALL")
    if len(name.encode("utf-8")) > MAX_LENGTH:
        raise InvalidName(f"the project name is too long ({len(name)} characters); keep it under {MAX_LENGTH} bytes")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in name):
        raise InvalidName("the project name contains control or unassigned characters")
    if "/" in name or "\\" in name or ".." in name:
        raise InvalidName(f"the project name {name!r} contains a path separator or '..'")
    words = [w for w in _WORD_BREAKS.split(unicodedata.normalize("NFKC", name).lower()) if w]
    if not words:
        raise InvalidName(f"the project name {name!r} has no letters or digits")
    package = "_".join(words)
    slug = "-".join(w for w in _WORD_BREAKS.split(_ascii_fold("-".join(words))) if w)
    if not slug:
        raise InvalidName(f"the project name {name!r} needs an ASCII letter or digit for its distribution name")
    lost = next((ch for ch in "".join(words) if not _ascii_fold(ch)), None)
    if lost is not None:
        raise InvalidName(
            f"{lost!r} has no ASCII spelling, so the folder ({slug}) and the import name ({package}) "
            "would differ; spell the name in Latin letters"
        )
    if slug in _WINDOWS_DEVICES or package in _WINDOWS_DEVICES:
        raise InvalidName(f"{slug!r} is a device name on Windows and cannot be a folder there; pick another name")
    if package[0].isdigit():
        raise InvalidName(f"the import name {package!r} would start with a digit; start the name with a letter")
    if not package.isidentifier():
        raise InvalidName(f"{package!r} is not a valid Python import name")
    if keyword.iskeyword(package) or keyword.issoftkeyword(package):
        raise InvalidName(f"{package!r} is a Python keyword and cannot be an import name")
    longest = max(len(slug), len(package.encode()))
    if longest > MAX_LENGTH:
        raise InvalidName(
            f"the project name is too long: its folder or import name would be {longest} characters "
            f"(at most {MAX_LENGTH})"
        )
    if package in reserved_names() or slug.replace("-", "_") in reserved_names():
        raise InvalidName(
            f"the import name {package!r} would shadow the module of that name "
            "(standard library, or a dependency of the project or its tests); pick another name"
        )
    return ProjectNames(name=name, slug=slug, package=package)
