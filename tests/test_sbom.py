"""The generated CI's SBOM step, run as written in the workflow on a generated, locked project."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from . import projects

pytestmark = pytest.mark.e2e


def test_ci_writes_a_cyclonedx_sbom_of_the_locked_runtime_dependencies(tmp_path: Path) -> None:
    project = projects.generate(tmp_path, "sbom-me", ["--framework", "flask", "--server", "gunicorn"])
    projects.lock(project)
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    steps = {step["name"]: step for job in workflow["jobs"].values() for step in job["steps"]}
    command = shlex.split(steps["Write the SBOM of the locked dependencies (CycloneDX)"]["run"])
    kept = steps["Keep the SBOM"]["with"]["path"]
    assert command[0] == "uv"
    python = projects.require_interpreter(projects.project_python(project))
    done = subprocess.run([sys.executable, "-m", *command], cwd=project, check=False, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "UV_PYTHON": str(python)})
    assert done.returncode == 0, done.stderr

    sbom = json.loads((project / kept).read_text())
    assert (sbom["bomFormat"], sbom["specVersion"]) == ("CycloneDX", "1.5")
    assert sbom["metadata"]["component"]["name"] == "sbom-me"
    names = {c["name"]: c for c in sbom["components"]}
    assert {"flask", "gunicorn", "werkzeug"} <= set(names)  # direct and transitive runtime dependencies
    assert not {"pytest", "ruff"} & set(names)  # the dev group is not shipped
    assert names["flask"]["purl"] == f"pkg:pypi/flask@{names['flask']['version']}"
