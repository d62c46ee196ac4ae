"""The generator's own code meets the lint bar it sets for the projects it generates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import REPO


def test_ruff_finds_nothing_in_the_generator() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([ruff, "check", "--no-cache", "--quiet", "."], cwd=REPO, check=False,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
