"""The end-to-end check on the Pythons other than each pair's default.

tests/test_e2e.py runs every pair on its default, the newest Python it supports; this runs a small
sample on each other Python offered, with the same steps: generate with --python, resolve, install
into a fresh virtualenv on that interpreter, run the project's own tests, serve the Dockerfile's CMD.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import pytest

from generator import matrix

from . import projects
from .test_e2e import check_container_health

pytestmark = pytest.mark.e2e

COMBINATIONS = projects.listed()

#: Every pair in test_e2e runs on its default, the newest Python it supports; this sample runs on each other
#: Python: both Django lines (5.2 LTS on 3.11, 6 from 3.12), FastAPI's oldest Python, and WSGI on Granian.
OTHER_PYTHONS = [("3.11", "django", "gunicorn"), ("3.11", "fastapi", "uvicorn"),
                 ("3.12", "channels", "daphne"), ("3.12", "flask", "granian")]


def test_the_sample_covers_every_other_python() -> None:
    """Each sampled pair allows its Python and has another default; every Python offered is run somewhere."""
    by_pair = {(c["framework"], c["server"]): c for c in COMBINATIONS}
    for version, fw, srv in OTHER_PYTHONS:
        combo = by_pair[fw, srv]
        assert version in combo["pythons"] and version != combo["default_python"]
    covered = {v for v, *_ in OTHER_PYTHONS} | {c["default_python"] for c in COMBINATIONS}
    assert covered == set(matrix.PYTHONS)


@pytest.mark.parametrize(
    "version, framework, server_key",
    [pytest.param(*s, marks=pytest.mark.xdist_group(f"{s[1]}-{s[2]}-py{s[0]}")) for s in OTHER_PYTHONS],
    ids=[f"{fw}-{srv}-py{v}" for v, fw, srv in OTHER_PYTHONS],
)
def test_pair_on_another_python(version: str, framework: str, server_key: str, tmp_path: Path) -> None:
    """--python: the project resolves, installs, passes its tests and serves on that Python."""
    projects.require_interpreter(version)
    project = projects.generate(tmp_path, "e2e-py", ["--framework", framework, "--server", server_key,
                                                     "--python", version])
    projects.lock(project)
    python = projects.install(project, tmp_path / "venv")
    version_seen = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                                  check=True, capture_output=True, text=True).stdout
    assert version_seen.startswith(version + ".")
    tests = projects.run_own_tests(project, python)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    with projects.serving(projects.dockerfile_cmd(project), project, tmp_path / "venv",
                          tmp_path / "server.log") as address:
        assert httpx.get(f"http://{address}/hello/World", timeout=5).json() == {"message": "Hello, World!"}
        check_container_health(project, tmp_path / "venv", address)
