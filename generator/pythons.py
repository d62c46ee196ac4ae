"""Whether the Python at hand can run the project about to be written.

The generator runs on Python 3.10, but a framework may need a newer one (its
``python_requires`` in the matrix): a project written on 3.10 that uv then
refuses to run would be a surprise, so generation says so up front.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

_CLAUSE = re.compile(r"\s*(>=|<=|==|<|>)\s*(\d+)\.(\d+)\s*")


def satisfies(spec: str, version: tuple[int, int]) -> bool:
    """``version`` against a requires-python made of ``>=X.Y``/``<X.Y``-style clauses."""
    tests = {">=": tuple.__ge__, "<=": tuple.__le__, "==": tuple.__eq__, "<": tuple.__lt__, ">": tuple.__gt__}
    for clause in spec.split(","):
        match = _CLAUSE.fullmatch(clause)
        if not match:
            raise ValueError(f"unsupported requires-python clause {clause!r}")
        op, major, minor = match.groups()
        if not tests[op](version, (int(major), int(minor))):
            return False
    return True


def warning(label: str, spec: str, version: tuple[int, int] | None = None, found: bool = False) -> str | None:
    """One line when this Python cannot run a ``label`` project and no Python that can is on PATH."""
    major, minor = version or sys.version_info[:2]
    if found or satisfies(spec, (major, minor)):
        return None
    return (
        f"note: {label} projects need Python {spec} and this is Python {major}.{minor}; "
        "uv run will look for one that fits (install one with: uv python install)"
    )


@cache
def interpreter(version: str) -> Path | None:
    """A Python ``version`` on this machine: this one, one on PATH, or pyenv's (whose shims
    answer only for the active version), for uv to lock and install with instead of downloading one.
    Probed once per process: `new` asks for the lock and again for its note."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return Path(sys.executable)
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}")))
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"], check=False,
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == str(tuple(map(int, version.split(".")))):
            return Path(candidate)
    return None
