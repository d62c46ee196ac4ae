"""The names a generated project must not take: every distribution and top-level
import in the resolved dependency closure (dev group included) of every variant.

    python -m tests.closure        # rewrite generator/dependency_names.txt

Each distinct requirement set (framework + server, with and without Redis; each
data layer's packages for each database) is
resolved once with ``uv pip compile --universal``; the union of the pins is
installed with ``--no-deps`` into a throwaway folder to read each wheel's
top-level imports. The result is cached by a hash of the requirement sets, so
only a change to the matrix's dependencies resolves again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator import context, matrix, names

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sgi-scaffold-tests"


def requirement_sets() -> list[tuple[str, ...]]:
    """One sorted requirement list per distinct variant closure."""
    sets = set()
    for combo in matrix.combinations():
        fw, srv = combo.framework, combo.server
        for redis in ((False, True) if fw.redis else (False,)):
            # The observability layer (on by default) with its interface's OpenTelemetry middleware.
            sets.add(tuple(sorted({*fw.dependencies, *(fw.redis if redis else ()), *srv.dependencies,
                                   *context.DEV_DEPENDENCIES, *fw.dev_dependencies,
                                   *context.OBSERVABILITY_DEPENDENCIES,
                                   context.OTEL_MIDDLEWARE[combo.interface.value]})))
    # Each data layer's packages for each database (with its tests'): the same whatever the pair.
    for layer in matrix.DATA_LAYERS:
        for dependencies in layer.dependencies.values():
            sets.add(tuple(sorted({*dependencies, *layer.dev_dependencies})))
    return sorted(requirements for requirements in sets if requirements)


def _uv(*args: str, stdin: str = "") -> str:
    done = subprocess.run([sys.executable, "-m", "uv", *args], input=stdin, capture_output=True, text=True,
                          check=False, timeout=600)
    if done.returncode:
        raise RuntimeError(f"uv {' '.join(args[:2])} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def _resolve(requirements: tuple[str, ...]) -> list[str]:
    """The pinned closure (``name==version``) of one requirement set."""
    out = _uv("pip", "compile", "-", "--universal", "--python-version", matrix.PYTHONS[0],
              "--no-header", "--no-annotate", "--quiet", stdin="\n".join(requirements) + "\n")
    return [line.split(";")[0].strip() for line in out.splitlines() if "==" in line]


def _install(pin: str, target: str) -> None:
    """One wheel, without its dependencies (they are pins of their own), on the first Python it supports."""
    for python in (matrix.PYTHONS[0], "3.13"):
        try:
            _uv("pip", "install", "--quiet", "--no-deps", "--target", target, "--python-version", python, pin)
            return
        except RuntimeError:
            continue
    raise RuntimeError(f"cannot install {pin} to read its top-level imports")


def _top_level(pins: list[str]) -> set[str]:
    """Top-level import names of the pinned wheels, read from their RECORD files."""
    with tempfile.TemporaryDirectory(prefix="sgi-scaffold-closure-") as target:
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda pin: _install(pin, target), pins))
        found = set()
        for record in Path(target).glob("*.dist-info/RECORD"):
            for line in record.read_text(encoding="utf-8").splitlines():
                top = line.split(",")[0].split("/")[0]
                top = top.removesuffix(".py")
                if not top.endswith((".dist-info", ".data", ".pth")) and top not in ("..", "bin", "__pycache__"):
                    found.add(top)
        return {t for t in found if t.isidentifier()}


def _normalise(distribution: str) -> str:
    """A distribution name in the form a project name is compared in: lower case, words joined by "_"."""
    return re.sub(r"[-_.]+", "_", distribution).lower()


def closure_names() -> list[str]:
    """Every distribution and import name in any variant's closure (cached)."""
    sets = requirement_sets()
    key = hashlib.sha256(json.dumps([sets, matrix.PYTHONS[0]]).encode()).hexdigest()[:16]
    cached = CACHE / f"closure-{key}.json"
    if cached.is_file():
        return json.loads(cached.read_text())
    with ThreadPoolExecutor(max_workers=4) as pool:
        resolved = list(pool.map(_resolve, sets))
    pins = {_normalise(pin.split("==")[0]): pin for closure in resolved for pin in closure}
    # Lower case: the project's own names are, and some file systems ignore case.
    found = sorted({*pins, *(name.lower() for name in _top_level(sorted(pins.values())))})
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(found))
    return found


def write() -> Path:
    path = names.DEPENDENCY_NAMES
    path.write_text(
        "# Distributions and top-level imports in the resolved dependency closure of every variant.\n"
        "# A project of one of these names would shadow it. Regenerate: python -m tests.closure\n"
        + "".join(f"{name}\n" for name in closure_names()),
        encoding="utf-8",
    )
    return path


if __name__ == "__main__":
    print(f"wrote {write()}")
