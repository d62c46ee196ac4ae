"""dry run, diff and update on real generated projects, in real git repositories."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from generator import matrix

from . import projects
from .conftest import run_cli, tree_digest
from .test_cli import assert_one_line_error


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=project,
                          check=True, capture_output=True, text=True).stdout


def generated(tmp_path: Path, *flags: str, name: str = "svc") -> Path:
    result = run_cli("new", "--no-input", "--name", name, *flags, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / name
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "generated")
    return project


def commit_all(project: Path) -> None:
    git(project, "commit", "-qam", "my edits")


def server_switch() -> tuple[str, str, str]:
    """A framework with two servers in the matrix, preferring a WSGI one (gunicorn to another)."""
    for fw in matrix.FRAMEWORKS:
        servers = [c.server.key for c in matrix.combinations() if c.framework == fw]
        if len(servers) >= 2:
            return fw.key, servers[0], servers[1]
    raise AssertionError("no framework with two servers")


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    result = run_cli("new", "--no-input", "--dry-run", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "create" in result.stdout and "pyproject.toml" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_dry_run_with_force_lists_overwrites_and_changes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "my-service"
    project.mkdir()
    (project / "pyproject.toml").write_text("# mine\n")
    before = tree_digest(tmp_path)
    result = run_cli("new", "--no-input", "--dry-run", "--force", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split()[:1] == ["overwrite"] and line.endswith("pyproject.toml") for line in lines)
    assert tree_digest(tmp_path) == before


def test_diff_is_empty_for_a_fresh_project_and_shows_edits(tmp_path: Path) -> None:
    project = generated(tmp_path)
    clean = run_cli("diff", project)
    assert (clean.returncode, clean.stdout) == (0, "")
    readme = project / "README.md"
    readme.write_text(readme.read_text().replace("## Run it", "## Run it, my way"))
    changed = run_cli("diff", project)
    assert changed.returncode == 1
    assert "-## Run it, my way" in changed.stdout and "+## Run it" in changed.stdout


def test_diff_outside_a_generated_project(tmp_path: Path) -> None:
    assert "no .sgi-scaffold.yml" in assert_one_line_error(run_cli("diff", tmp_path), 2)


def test_update_keeps_an_edit_and_brings_the_change(tmp_path: Path) -> None:
    framework, first, second = server_switch()
    project = generated(tmp_path, "--framework", framework, "--server", first)
    readme = project / "README.md"
    readme.write_text(readme.read_text() + "\nMy own notes.\n")
    (project / "notes.txt").write_text("not generated\n")
    commit_all(project)
    git(project, "add", "notes.txt")
    git(project, "commit", "-qm", "notes")

    result = run_cli("update", project, "--server", second)
    assert result.returncode == 0, result.stdout + result.stderr
    assert readme.read_text().endswith("\nMy own notes.\n")
    assert matrix.server(second).program in (project / "Dockerfile").read_text()
    assert (project / "notes.txt").read_text() == "not generated\n"
    recorded = yaml.safe_load((project / ".sgi-scaffold.yml").read_text())
    assert recorded["server"] == second
    old_config = matrix.server(first).config
    if old_config and old_config != matrix.server(second).config:
        assert not (project / old_config).exists(), "an unedited file the template no longer makes is removed"
    assert run_cli("diff", project).stdout.count("My own notes") == 1


def test_update_conflict_is_marked_and_listed(tmp_path: Path) -> None:
    project = generated(tmp_path, "--framework", "fastapi", "--server", "uvicorn")
    dockerfile = project / "Dockerfile"
    lines = dockerfile.read_text().splitlines(keepends=True)
    lines = [("CMD [\"my\", \"own\", \"command\"]\n" if line.startswith("CMD ") else line) for line in lines]
    dockerfile.write_text("".join(lines))
    commit_all(project)

    result = run_cli("update", project, "--server", "hypercorn")
    assert result.returncode == 1
    text = dockerfile.read_text()
    assert "<<<<<<< yours" in text and ">>>>>>> generated now" in text
    assert 'CMD ["my", "own", "command"]' in text and "hypercorn" in text
    assert "conflict  Dockerfile" in result.stdout
    assert str(dockerfile) in result.stdout


def test_update_refuses_a_dirty_work_tree(tmp_path: Path) -> None:
    project = generated(tmp_path, "--framework", "fastapi")
    with (project / ".gitignore").open("a") as gitignore:
        gitignore.write("uncommitted/\n")
    before = tree_digest(project)
    line = assert_one_line_error(run_cli("update", project, "--websocket"), 2)
    assert "--allow-dirty" in line
    assert tree_digest(project) == before
    allowed = run_cli("update", project, "--websocket", "--allow-dirty")
    assert allowed.returncode == 0, allowed.stderr
    assert '"/ws"' in (project / "svc" / "main.py").read_text()


def test_update_with_an_impossible_change_changes_nothing(tmp_path: Path) -> None:
    project = generated(tmp_path)
    before = tree_digest(project)
    assert "cannot" in assert_one_line_error(run_cli("update", project, "--websocket"), 2)
    assert tree_digest(project) == before


def test_update_dry_run_writes_nothing(tmp_path: Path) -> None:
    project = generated(tmp_path, "--framework", "fastapi")
    before = tree_digest(project)
    result = run_cli("update", project, "--websocket", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Would update" in result.stdout and "svc/main.py" in result.stdout
    assert tree_digest(project) == before


@pytest.mark.e2e
def test_switched_server_still_passes_end_to_end(tmp_path: Path) -> None:
    framework, first, second = server_switch()
    project = generated(tmp_path, "--framework", framework, "--server", first, "--database", "none")
    result = run_cli("update", project, "--server", second)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "waitress_app.py").exists() or second != "waitress"
    # pyproject.toml changed, so uv.lock was pinned again: the install below takes it with --locked.
    assert "relocked  uv.lock" in result.stdout
    projects.check_project_serves(project, tmp_path)
