"""Issue 13, case by case: each runs the real CLI in its own process (signals sent
to it, two of them racing, permissions as an unprivileged user) and checks the
exit code, the one-line message, and every affected tree byte for byte."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from .conftest import REPO, run_cli, tree_digest
from .test_cli import assert_one_line_error
from .test_faults import existing_project

NOBODY = 65534
PY = sys.executable


def cli(*args: str | Path, env: dict[str, str] | None = None, user: bool = False,
        stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    """``python -m generator`` in its own process; ``user`` runs it as an unprivileged user."""
    cmd = [PY, "-m", "generator", *map(str, args)]
    if user:
        cmd = _unprivileged(cmd)
    return subprocess.run(cmd, cwd=REPO, stdin=stdin, check=False, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def _unprivileged(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root without setpriv: cannot drop privileges to test permissions")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *cmd]


@pytest.fixture()
def scratch() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own tmp_path is private to root)."""
    with tempfile.TemporaryDirectory(prefix="nothing-lost-") as folder:
        root = Path(folder)
        root.chmod(0o755)
        yield root


def generated(out: Path, *flags: str, name: str = "my-service") -> Path:
    # No uv.lock: these tests are about what happens to files, and the lock depends on the index.
    made = run_cli("new", "--no-input", "--no-lock", "--name", name, *flags, "-o", out)
    assert made.returncode == 0, made.stderr
    return out / name


def leftovers(*folders: Path) -> list[Path]:
    """Staging folders and temporary templates a run must never leave behind."""
    return [p for folder in folders for p in folder.rglob("*")
            if p.name.endswith(".partial") or p.name.startswith("sgi-scaffold-")]


# 1. A folder where the template writes a file is never deleted.

def _folder_at_dockerfile(project: Path) -> None:
    (project / "Dockerfile").unlink(missing_ok=True)
    (project / "Dockerfile").mkdir()
    (project / "Dockerfile" / "mine.txt").write_text("my own file\n")


def test_force_refuses_to_replace_a_folder(tmp_path: Path) -> None:
    project = existing_project(tmp_path)
    _folder_at_dockerfile(project)
    before = tree_digest(tmp_path)
    line = assert_one_line_error(cli("new", "--no-input", "--no-lock", "--force", "-o", tmp_path), 2)
    assert line == f"error: {project / 'Dockerfile'} is a folder where the template writes a file; " \
                   "move it aside first (nothing was changed)"
    assert tree_digest(tmp_path) == before


def test_update_refuses_to_replace_a_folder(tmp_path: Path) -> None:
    project = generated(tmp_path)
    _folder_at_dockerfile(project)
    before = tree_digest(tmp_path)
    line = assert_one_line_error(cli("update", project, "--server", "waitress"), 2)
    assert line == f"error: {project / 'Dockerfile'} is a folder where the template writes a file; " \
                   "move it aside first (nothing was changed)"
    assert tree_digest(tmp_path) == before


# 2 and 3. Every ending signal rolls back exactly, leaves nothing, and exits 128+N.

SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
MESSAGE = {signal.SIGINT: "error: cancelled; nothing was written"}


def _signalled(signum: int, args: list[str | Path], tmpdir: Path) -> tuple[int, str]:
    """Run the CLI with slowed writes, send ``signum`` once two files are being written."""
    child = subprocess.Popen(
        [PY, "-m", "tests.inject", "slow", "--", *map(str, args)], cwd=REPO, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmpdir)},
        # The test runner may ignore SIGINT; a shell user's process does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.default_int_handler),  # noqa: PLW1509 (no threads here)
    )
    assert child.stdout.readline() == "writing\n"
    assert child.stdout.readline() == "writing\n"
    child.send_signal(signum)
    _, err = child.communicate(timeout=30)
    return child.returncode, err


def _expected(signum: int) -> str:
    return MESSAGE.get(signum, f"error: cancelled by {signal.Signals(signum).name}; nothing was written")


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_signal_during_force_restores_every_file(tmp_path: Path, signum: int) -> None:
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    existing_project(out)
    before = tree_digest(out)
    code, err = _signalled(signum, ["new", "--no-input", "--force", "-o", out], tmpdir)
    assert (code, err) == (128 + signum, _expected(signum) + "\n")
    assert tree_digest(out) == before
    assert list(tmpdir.iterdir()) == []


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_signal_during_update_restores_every_file(tmp_path: Path, signum: int) -> None:
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    project = generated(out, "--framework", "fastapi", "--server", "uvicorn")
    (project / "README.md").write_text("my own readme\n")
    before = tree_digest(out)
    code, err = _signalled(signum, ["update", project, "--server", "hypercorn", "--http2"], tmpdir)
    assert (code, err) == (128 + signum, _expected(signum) + "\n")
    assert tree_digest(out) == before
    assert list(tmpdir.iterdir()) == []


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_signal_during_new_leaves_nothing(tmp_path: Path, signum: int) -> None:
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    code, err = _signalled(signum, ["new", "--no-input", "-o", out / "deeper"], tmpdir)
    assert (code, err) == (128 + signum, _expected(signum) + "\n")
    assert list(tmp_path.rglob("*")) == [tmpdir]


# 4. Two runs racing for one folder: one wins whole, the other changes nothing.

def test_two_runs_at_once_do_not_mix(tmp_path: Path) -> None:
    runs = [
        subprocess.Popen([PY, "-m", "tests.inject", "slowish", "--", "new", "--no-input", "--no-lock",
                          "--framework", fw, "-o", tmp_path / "out"], cwd=REPO, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for fw in ("flask", "django")
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    results = [(run.returncode, err) for run, (_, err) in zip(runs, outputs, strict=True)]
    # Both got past the emptiness check and wrote their files: the race really ran.
    assert all(out.startswith("writing\n") for out, _ in outputs), outputs
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    winner = ("flask", "django")[[code for code, _ in results].index(0)]
    dest = tmp_path / "out" / "my-service"
    loser_err = next(err for code, err in results if code == 2)
    assert loser_err == f"error: {dest} already exists and is not empty; use --force to write into it\n"
    reference = generated(tmp_path / "alone", "--framework", winner)
    assert tree_digest(dest) == tree_digest(reference)
    assert leftovers(tmp_path) == []


# 5. A writable project in a read-only parent can be updated and overwritten.

def _owned_project(scratch: Path) -> tuple[Path, Path]:
    """A project owned by the unprivileged user, in a folder it cannot write to."""
    parent = scratch / "parent"
    project = generated(parent)
    for path in [project, *project.rglob("*")]:
        os.chown(path, NOBODY, NOBODY)
    parent.chmod(0o755)
    return parent, project


def test_update_in_a_read_only_parent(scratch: Path) -> None:
    parent, project = _owned_project(scratch)
    result = cli("update", project, "--server", "waitress", user=True, env={"HOME": str(scratch)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Updated {project}: Flask on Waitress")
    reference = generated(scratch / "reference", "--server", "waitress")
    assert tree_digest(project) == tree_digest(reference)
    assert sorted(p.name for p in parent.iterdir()) == ["my-service"]
    assert leftovers(scratch) == []


def test_force_in_a_read_only_parent(scratch: Path) -> None:
    parent, project = _owned_project(scratch)
    (project / "README.md").write_text("mine\n")
    result = cli("new", "--no-input", "--no-lock", "--force", "-o", parent, user=True, env={"HOME": str(scratch)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [f"Updated {project}: Flask on Gunicorn (WSGI)", "  overwrote README.md"]
    reference = generated(scratch / "reference")
    assert tree_digest(project) == tree_digest(reference)
    assert leftovers(scratch) == []


# 6. Names of distributions or imports in the project's own dependency closure.

@pytest.mark.parametrize("name", ["werkzeug", "jinja2", "pydantic", "starlette", "h11", "asgiref", "sqlparse",
                                  "packaging", "pluggy", "ruff", "redis", "markupsafe"])
def test_name_of_a_dependency_is_refused(tmp_path: Path, name: str) -> None:
    line = assert_one_line_error(cli("new", "--no-input", "--name", name, "-o", tmp_path), 2)
    assert line == (f"error: the import name {name!r} would shadow the module of that name "
                    "(standard library, or a dependency of the project or its tests); pick another name")
    assert list(tmp_path.iterdir()) == []


# 7. Every other failure: one line, the right exit code, nothing changed.

def test_output_dir_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    before = tree_digest(tmp_path)
    line = assert_one_line_error(cli("new", "--no-input", "-o", tmp_path / "file"), 2)
    assert line == f"error: {tmp_path / 'file'} exists and is not a directory"
    assert tree_digest(tmp_path) == before
    line = assert_one_line_error(cli("new", "--no-input", "-o", "/dev/null"), 2)
    assert line == "error: /dev/null exists and is not a directory"


def test_name_too_long(tmp_path: Path) -> None:
    line = assert_one_line_error(cli("new", "--no-input", "--name", "a" * 300, "-o", tmp_path), 2)
    assert line == "error: the project name is too long (300 characters); keep it under 100 bytes"
    assert list(tmp_path.iterdir()) == []


def test_update_and_diff_on_what_is_not_a_project(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    before = tree_digest(tmp_path)
    line = assert_one_line_error(cli("update", tmp_path / "file"), 2)
    assert line == f"error: {tmp_path / 'file'} is not a folder; give the folder of a project made by sgi-scaffold"
    line = assert_one_line_error(cli("diff", tmp_path / "nowhere"), 2)
    assert line == f"error: {tmp_path / 'nowhere'} does not exist; give the folder of a project made by sgi-scaffold"
    assert tree_digest(tmp_path) == before


def test_update_on_a_read_only_project(scratch: Path) -> None:
    project = generated(scratch)
    before = tree_digest(scratch)
    line = assert_one_line_error(cli("update", project, "--server", "waitress", user=True,
                                     env={"HOME": str(scratch)}), 2)
    assert line == f"error: cannot write in {project}: permission denied; nothing was changed"
    assert tree_digest(scratch) == before


def test_diff_with_an_unreadable_file(scratch: Path) -> None:
    project = generated(scratch)
    (project / "README.md").chmod(0o600)
    before = tree_digest(scratch)
    line = assert_one_line_error(cli("diff", project, user=True, env={"HOME": str(scratch)}), 2)
    assert line == f"error: cannot read {project / 'README.md'}: Permission denied"
    assert tree_digest(scratch) == before


def test_closed_stdin(tmp_path: Path) -> None:
    result = subprocess.run(["sh", "-c", f'exec "{PY}" -m generator new -o "{tmp_path}" <&-'], cwd=REPO,
                            check=False, capture_output=True, text=True, timeout=60)
    line = assert_one_line_error(result, 2)
    assert line.startswith("error: no terminal to ask ")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_d_at_a_question_cancels(tmp_path: Path) -> None:
    child = pexpect.spawn(PY, ["-m", "generator", "new", "--framework", "flask", "--server", "gunicorn",
                               "--no-websocket", "--no-http2", "--python", "3.13", "--database", "none",
                               "--observability", "--no-kubernetes", "-o", str(tmp_path)],
                          cwd=str(REPO), encoding="utf-8", timeout=30)
    child.expect_exact("Project name?")
    child.sendcontrol("u")  # empty the pre-filled default: Ctrl-D on an empty line is end of input
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert child.before.rstrip().endswith("error: cancelled; nothing was written")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("flag", ["--name", "--description"])
def test_undecodable_input(tmp_path: Path, flag: str) -> None:
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0"}
    result = subprocess.run([PY.encode(), b"-m", b"generator", b"new", b"--no-input", flag.encode(), b"caf\xc3",
                             b"-o", bytes(tmp_path)], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                            check=False, capture_output=True, timeout=60)
    what = "project name" if flag == "--name" else "description"
    assert (result.returncode, result.stderr) == (
        2, f"error: the {what} is not valid text in this terminal's encoding; check LANG or LC_ALL\n".encode())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_symlink_destination(tmp_path: Path, kind: str) -> None:
    dest = tmp_path / "my-service"
    if kind == "dangling":
        dest.symlink_to(tmp_path / "nowhere")
    else:
        dest.symlink_to(tmp_path / "other")
        (tmp_path / "other").symlink_to(dest)
    before = tree_digest(tmp_path)
    line = assert_one_line_error(cli("new", "--no-input", "-o", tmp_path), 2)
    assert line == f"error: {dest} is a symbolic link to nothing (or a loop of links)"
    assert tree_digest(tmp_path) == before


# 8. Names that cannot be checked out everywhere.

@pytest.mark.parametrize(("name", "message"), [
    ("con", "'con' is a device name on Windows and cannot be a folder there; pick another name"),
    ("LPT1", "'lpt1' is a device name on Windows and cannot be a folder there; pick another name"),
    ("Ωmega x", ("'ω' has no ASCII spelling, so the folder (mega-x) and the import name (ωmega_x) would differ; "
                 "spell the name in Latin letters")),
])
def test_names_that_do_not_travel(tmp_path: Path, name: str, message: str) -> None:
    line = assert_one_line_error(cli("new", "--no-input", "--name", name, "-o", tmp_path), 2)
    assert line == f"error: {message}"
    assert list(tmp_path.iterdir()) == []


# 9. Without a terminal, a question with one possible answer is no question.

def test_only_answer_is_taken_without_a_terminal(tmp_path: Path) -> None:
    result = cli("new", "--no-lock", "--framework", "flask", "--server", "gunicorn", "--no-websocket", "--no-http2",
                 "--python", "3.13", "--database", "none", "--observability", "--no-kubernetes", "--name", "x",
                 "-o", tmp_path / "asked")
    assert result.returncode == 0, result.stderr
    reference = generated(tmp_path / "reference", "--framework", "flask", "--database", "none", name="x")
    assert tree_digest(tmp_path / "asked" / "x") == tree_digest(reference)


# 10. Honest reports.

def test_force_reports_update_and_only_changed_files(tmp_path: Path) -> None:
    project = generated(tmp_path)
    (project / "README.md").write_text("mine\n")
    result = cli("new", "--no-input", "--no-lock", "--force", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [f"Updated {project}: Flask on Gunicorn (WSGI)",
                                              "  overwrote README.md", ""]
    assert tree_digest(project) == tree_digest(generated(tmp_path / "reference"))


def test_update_leaves_unresolved_conflicts_alone(tmp_path: Path) -> None:
    project = generated(tmp_path)
    readme = project / "README.md"
    readme.write_bytes(readme.read_bytes() + b"<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> generated now\n")
    kept = readme.read_bytes()
    result = cli("update", project, "--server", "waitress", "--allow-dirty")
    assert result.returncode == 1, result.stderr
    assert "  conflict  README.md (left as it is: it still holds conflict markers)" in result.stdout.splitlines()
    assert "merged    README.md" not in result.stdout
    assert readme.read_bytes() == kept
    reference = tree_digest(generated(tmp_path / "reference", "--server", "waitress"))
    assert tree_digest(project) == {**reference, "README.md": tree_digest(project)["README.md"]}


def test_update_warns_before_going_back_a_version(tmp_path: Path) -> None:
    project = generated(tmp_path)
    record = project / ".sgi-scaffold.yml"
    record.write_text(record.read_text().replace('sgi_scaffold_version: "0.1.0"', 'sgi_scaffold_version: "99.0.0"'))
    result = cli("update", project, "--dry-run")
    assert result.returncode == 0, result.stderr
    from generator import __version__

    assert result.stderr == (f"warning: this project was made by sgi-scaffold 99.0.0, newer than this {__version__}; "
                             "regenerating it here goes back to what the older version makes\n")


def test_huge_answers_file_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("name: x\n" + "#" * (1 << 20) + "\n")
    before = tree_digest(tmp_path)
    line = assert_one_line_error(cli("new", "--no-input", "--answers", answers, "-o", tmp_path), 2)
    assert line == f"error: the answers file {answers} is larger than 1 MiB; it cannot be answers"
    assert tree_digest(tmp_path) == before

