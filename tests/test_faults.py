"""Faults while writing, injected into the real CLI process: each must leave the
destination byte for byte as it was, and say so in one line."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pexpect
import pytest

from .conftest import REPO, tree_digest
from .test_cli import assert_one_line_error


def run_with_fault(fault: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.inject", fault, "--", *map(str, args)],
        cwd=REPO, stdin=subprocess.DEVNULL, check=False, capture_output=True, text=True, timeout=60,
    )


def existing_project(root: Path) -> Path:
    project = root / "my-service"
    (project / "my_service").mkdir(parents=True)
    (project / "pyproject.toml").write_text("# mine\n")
    (project / "Dockerfile").write_text("FROM scratch\n")
    (project / "README.md").write_text("my readme\n")
    (project / "my_service" / "routes.py").write_text("# my routes\n")
    (project / "notes.txt").write_text("keep me\n")
    return project


@pytest.mark.parametrize("fault", ["disk-full", "template-error"])
def test_fault_into_new_destination_leaves_nothing(tmp_path: Path, fault: str) -> None:
    line = assert_one_line_error(run_with_fault(fault, "new", "--no-input", "-o", tmp_path), 1)
    assert "nothing was changed" in line and len(line) < 300
    assert list(tmp_path.iterdir()) == []


def test_disk_full_says_so(tmp_path: Path) -> None:
    line = assert_one_line_error(run_with_fault("disk-full", "new", "--no-input", "-o", tmp_path), 1)
    assert "No space left on device" in line


def test_fault_into_missing_output_dir_removes_what_it_made(tmp_path: Path) -> None:
    assert_one_line_error(run_with_fault("disk-full", "new", "--no-input", "-o", tmp_path / "a" / "b"), 1)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fault", ["disk-full", "template-error", "replace-fails"])
def test_fault_with_force_restores_every_file(tmp_path: Path, fault: str) -> None:
    existing_project(tmp_path)
    before = tree_digest(tmp_path)
    assert_one_line_error(run_with_fault(fault, "new", "--no-input", "--force", "-o", tmp_path), 1)
    assert tree_digest(tmp_path) == before


def test_ctrl_c_while_rendering_leaves_nothing(tmp_path: Path) -> None:
    existing_project(tmp_path)
    before = tree_digest(tmp_path)
    child = pexpect.spawn(sys.executable, ["-m", "tests.inject", "slow", "--", "new", "--no-input", "--force",
                                           "-o", str(tmp_path)], cwd=str(REPO), encoding="utf-8", timeout=30)
    child.expect_exact("writing")
    child.expect_exact("writing")
    child.kill(signal.SIGINT)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "error: cancelled; nothing was written" in child.before
    assert tree_digest(tmp_path) == before


def _as_unprivileged(cmd: list[str]) -> list[str]:
    """Root ignores directory permissions, so run as nobody where the tests run as root."""
    if os.geteuid() != 0:
        return cmd
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root without setpriv: cannot drop privileges to test a read-only folder")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]


def test_read_only_output_dir_is_refused_and_unchanged() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        root.chmod(0o755)
        locked = root / "locked"
        locked.mkdir()
        (locked / "existing.txt").write_text("x")
        locked.chmod(0o555)
        before = tree_digest(root)
        result = subprocess.run(
            _as_unprivileged([sys.executable, "-m", "generator", "new", "--no-input", "-o", str(locked)]),
            cwd=REPO, stdin=subprocess.DEVNULL, check=False, capture_output=True, text=True, timeout=60,
            env={**os.environ, "HOME": str(root)},
        )
        line = assert_one_line_error(result, 2)
        assert line == f"error: cannot write in {locked}: permission denied; nothing was changed"
        assert tree_digest(root) == before
