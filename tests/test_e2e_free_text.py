"""A sample of awkward free text, through a real install and the project's own tests, once per framework."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import matrix

from . import projects
from .conftest import run_cli

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
    flags = [*combo.flags(), "--database", "none"]  # as before SQLite was the default: text, not data
    made = run_cli("new", "--no-input", *flags, *(part for item in AWKWARD.items() for part in item), "-o", tmp_path)
    assert made.returncode == 0, made.stderr
    (project,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    python = projects.install(project, tmp_path / ".venv")
    tests = projects.run_own_tests(project, python)
    assert tests.returncode == 0, tests.stdout + tests.stderr
