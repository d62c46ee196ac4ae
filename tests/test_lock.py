"""The lock file: `new` writes uv.lock, `--no-lock` and an unreachable index write none (one line says
why), and an install with --locked (the generated CI's and the image's) refuses a stale lock."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pythons import interpreter

from .conftest import REPO
from .projects import project_python

FLAGS = ["new", "--no-input", "--framework", "flask", "--server", "gunicorn", "--name", "locked"]


def _new(out: Path, *extra: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *FLAGS, "-o", str(out), *extra], cwd=REPO,
                          env={**os.environ, **env}, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=180, check=False)


def test_new_pins_every_dependency_in_uv_lock(tmp_path: Path) -> None:
    made = _new(tmp_path)
    assert made.returncode == 0, made.stderr
    assert made.stderr == ""
    lock = (tmp_path / "locked" / "uv.lock").read_text()
    names = set(re.findall(r'^name = "([^"]+)"$', lock, re.MULTILINE))
    assert {"flask", "gunicorn", "pytest", "ruff", "locked"} <= names


def test_no_lock_writes_none(tmp_path: Path) -> None:
    made = _new(tmp_path, "--no-lock")
    assert made.returncode == 0, made.stderr
    assert not (tmp_path / "locked" / "uv.lock").exists()
    assert (tmp_path / "locked" / "Dockerfile").is_file()


def test_unreachable_index_falls_back_with_one_line(tmp_path: Path) -> None:
    made = _new(tmp_path, UV_DEFAULT_INDEX="http://127.0.0.1:9/simple", UV_HTTP_RETRIES="0")
    assert made.returncode == 0, made.stderr
    assert not (tmp_path / "locked" / "uv.lock").exists()
    lines = made.stderr.splitlines()
    assert len(lines) == 1 and "the package index could not be reached" in lines[0], made.stderr
    assert "uv lock" in lines[0]


def test_locked_install_refuses_a_stale_lock(tmp_path: Path) -> None:
    """What the generated CI runs (`uv sync --locked`), after a range changed without `uv lock`."""
    assert _new(tmp_path).returncode == 0
    project = tmp_path / "locked"
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"flask>=3.1,<4"', '"flask>=3.0,<4"'))
    python = interpreter(project_python(project))  # uv would download the project's Python otherwise
    if python is None:
        pytest.skip(f"Python {project_python(project)} is not installed here")
    done = subprocess.run([sys.executable, "-m", "uv", "sync", "--locked", "--no-dev", "--python", str(python)],
                          cwd=project,
                          capture_output=True, text=True, timeout=180, check=False,
                          env={k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"})
    assert done.returncode != 0
    assert "The lockfile at `uv.lock` needs to be updated, but `--locked` was provided" in " ".join(done.stderr.split())
