"""The initializr's own Dockerfile: lint-clean, non-root, and its CMD and HEALTHCHECK work as written.

No image is built here (base images cannot be pulled in CI); the commands the
image runs are run as they are, with this environment's ``sgi-scaffold``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from . import projects

FOLDER = projects.REPO / "generator" / "serve"


def test_dockerfile_passes_hadolint_and_runs_as_non_root() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run([hadolint, "--no-color", "--failure-threshold", "info", FOLDER / "Dockerfile"],
                            check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    users = [line.split()[1] for line in (FOLDER / "Dockerfile").read_text().splitlines() if line.startswith("USER ")]
    assert users == ["10001"]


def test_cmd_serves_and_healthcheck_passes(tmp_path: Path) -> None:
    venv = Path(sys.executable).parent.parent
    # serving() sets HOST=127.0.0.1 and a free PORT, as the tests of generated images do.
    with projects.serving(projects.dockerfile_cmd(FOLDER), tmp_path, venv, tmp_path / "serve.log") as address:
        port = address.rsplit(":", 1)[1]
        check = subprocess.run(projects.healthcheck_cmd(FOLDER), env={**os.environ, "PORT": port},
                               check=False, capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, check.stderr
        assert projects.wait_for_health(address).json() == {"status": "ok"}
