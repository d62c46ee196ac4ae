"""The initializr's own Dockerfile: lint-clean, non-root, and its CMD and HEALTHCHECK work as written.

The commands the image runs are run as they are, with this environment's
``sgi-scaffold``; where podman and the stand-in base images are set up
(tests/containers/setup.sh), the image itself is built and run too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from . import projects
from .conftest import run_cli
from .containers import engine
from .initializr import disk_tree, zip_tree

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


@pytest.mark.e2e
@pytest.mark.containers
def test_image_builds_and_serves_the_clis_tree_as_non_root_on_a_read_only_root(tmp_path: Path) -> None:
    """The initializr's own image in podman: built from the repository root, run as a cluster would run it."""
    reason = engine.unavailable()
    if reason:
        print(f"initializr image not built: {reason}")
        pytest.skip(reason)
    tag = "localhost/sgi-scaffold-serve:test"
    with engine.images_locked():
        started = time.monotonic()
        engine.podman("build", "--quiet", "--format", "docker", "--file", FOLDER / "Dockerfile", "--tag", tag,
                      projects.REPO, timeout=900)
        built = time.monotonic() - started
    try:
        running = engine.run(tag, ["--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
                                   "--security-opt", "no-new-privileges"], "sgi-scaffold-serve-test")
        healthy = engine.wait_healthy(running, port=8080, timeout=60)
        assert engine.podman("exec", running.cid, "id", "-u").stdout.strip() == "10001"
        assert engine.podman("healthcheck", "run", running.cid, check=False).returncode == 0
        body = httpx.get(f"http://{running.ip}:8080/starter.zip", params={"framework": "flask", "name": "boxed"},
                         timeout=60).content
        made = run_cli("new", "--no-input", "--no-lock", "--framework", "flask", "--name", "boxed", "-o", tmp_path)
        assert made.returncode == 0, made.stderr
        assert zip_tree(body, "boxed") == disk_tree(tmp_path / "boxed")
        code, seconds = engine.stop(running.cid, grace=10)
        log = engine.logs(running.cid)
        assert code == 0 and not engine.complaints(log), log
        size = int(engine.podman("image", "inspect", "--format", "{{.Size}}", tag).stdout.strip()) / 1e6
        print(f"initializr image: built in {built:.1f} s, {size:.0f} MB, healthy in {healthy:.2f} s, "
              f"stopped in {seconds:.1f} s")
    finally:
        engine.podman("rm", "--force", "--ignore", "sgi-scaffold-serve-test", check=False)
        engine.remove_image(tag)
