"""A sample of awkward free text, through a real install and the project's own tests, once per framework."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import matrix

from .conftest import run_cli
from .test_e2e import uv

pytestmark = pytest.mark.e2e

AWKWARD = {
    "--name": "Zoë's \"{{ app }}\" 😀",
    "--description": 'Line one with "quotes", a \\ backslash and {% raw %}\nline two\t{{ x }} ${HOME} `id`',
    "--author": "O'Brien, \"Bob\" \\ 😀",
}


def _first_pair(fw: matrix.Framework) -> matrix.Combination:
    return next(c for c in matrix.combinations() if c.framework == fw)


@pytest.mark.parametrize("framework", matrix.FRAMEWORKS, ids=lambda fw: fw.key)
def test_awkward_text_still_passes_the_projects_tests(tmp_path: Path, framework: matrix.Framework) -> None:
    combo = _first_pair(framework)
    flags = ["--framework", framework.key, "--server", combo.server.key]
    flags += ["--websocket"] if combo.can(matrix.Capability.WEBSOCKET) else []
    made = run_cli("new", "--no-input", *flags, *sum(map(list, AWKWARD.items()), []), "-o", tmp_path)
    assert made.returncode == 0, made.stderr
    (project,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    venv = tmp_path / ".venv"
    uv("venv", "--quiet", "--python", sys.executable, venv)
    python = venv / "bin" / "python"
    uv("pip", "install", "--quiet", "--python", python, project, "--group", project / "pyproject.toml:dev")
    tests = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project,
                           capture_output=True, text=True, timeout=300)
    assert tests.returncode == 0, tests.stdout + tests.stderr
