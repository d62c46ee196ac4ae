"""The command line as a user meets it: exit codes, one-line errors, and a destination never half-written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import matrix

from .conftest import run_cli, tree_digest


def assert_one_line_error(result, code: int) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_bare_command_runs_new_with_defaults(tmp_path: Path) -> None:
    result = run_cli("--no-input", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "my-service"
    assert (project / "my_service" / "__init__.py").is_file()
    assert "flask" in (project / "pyproject.toml").read_text()
    assert "gunicorn" in (project / "Dockerfile").read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["my-service"], "no staging folder is left behind"


def test_chat_example_from_the_issue(tmp_path: Path) -> None:
    result = run_cli("new", "--no-input", "--framework", "fastapi", "--server", "hypercorn", "--websocket",
                     "--http2", "--name", "chat", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"/ws"' in (tmp_path / "chat" / "chat" / "main.py").read_text()
    assert '"hypercorn"' in (tmp_path / "chat" / "Dockerfile").read_text()


def test_output_dir_is_created(tmp_path: Path) -> None:
    result = run_cli("new", "--no-input", "-o", tmp_path / "a" / "b")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a" / "b" / "my-service" / "pyproject.toml").is_file()


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--interface", "wsgi", "--websocket"], "so it cannot carry WebSocket"),
        (["--framework", "flask", "--server", "uvicorn"], "Flask is WSGI"),
        (["--server", "uvicorn", "--http2"], "Uvicorn cannot serve HTTP/2"),
        (["--framework", "flask", "--websocket"], "Flask is WSGI and cannot hold a WebSocket"),
        (["--framework", "django-rest"], "unknown framework"),
        (["--server", "apache"], "unknown server"),
        (["--interface", "cgi"], "invalid choice"),
        (["--name", "json"], "shadow"),
        (["--framework", "flask", "--redis"], "--redis is for Falcon, FastAPI, Starlette, Litestar, Quart, Sanic"),
        (["--framework", "fastapi", "--no-websocket", "--redis"], "it needs --websocket"),
        (["--interface", "wsgi", "--redis"], "so it needs --websocket, but WSGI calls the app once per request"),
        # Distributions that import under another name: web.py is `web`, web2py-gluon is `gluon`.
        (["--name", "web"], "shadow"),
        (["--name", "gluon"], "shadow"),
        (["--name", "uvloop"], "shadow"),
        (["--name", "../evil"], "path separator"),
        (["--name", "class"], "keyword"),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, flags: list[str], words: str) -> None:
    line = assert_one_line_error(run_cli("new", "--no-input", *flags, "-o", tmp_path), 2)
    assert words in line
    assert list(tmp_path.iterdir()) == []


def test_no_terminal_and_no_answers_is_an_error(tmp_path: Path) -> None:
    line = assert_one_line_error(run_cli("new", "-o", tmp_path), 2)
    assert "--no-input" in line
    assert list(tmp_path.iterdir()) == []


def _existing_project(tmp_path: Path) -> Path:
    project = tmp_path / "my-service"
    (project / "my_service").mkdir(parents=True)
    (project / "pyproject.toml").write_text("# mine\n")
    (project / "notes.txt").write_text("my notes\n")
    (project / "my_service" / "routes.py").write_text("# my routes\n")
    return project


def test_existing_non_empty_destination_is_refused_and_untouched(tmp_path: Path) -> None:
    project = _existing_project(tmp_path)
    before = tree_digest(tmp_path)
    line = assert_one_line_error(run_cli("new", "--no-input", "-o", tmp_path), 2)
    assert "--force" in line
    assert tree_digest(tmp_path) == before
    assert project.is_dir()


def test_force_overwrites_but_never_deletes(tmp_path: Path) -> None:
    project = _existing_project(tmp_path)
    result = run_cli("new", "--no-input", "--force", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (project / "notes.txt").read_text() == "my notes\n"
    assert "flask" in (project / "pyproject.toml").read_text()
    assert "overwrote pyproject.toml" in result.stdout
    assert "overwrote my_service/routes.py" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-service"]


def test_empty_destination_is_used(tmp_path: Path) -> None:
    (tmp_path / "my-service").mkdir()
    result = run_cli("new", "--no-input", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "my-service" / "Dockerfile").is_file()


def test_output_dir_under_a_file_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    before = tree_digest(tmp_path)
    line = assert_one_line_error(run_cli("new", "--no-input", "-o", tmp_path / "a-file" / "sub"), 2)
    assert line == f"error: {tmp_path / 'a-file'} exists and is not a directory"
    assert tree_digest(tmp_path) == before


def test_list_json_is_the_default_for_scripts() -> None:
    result = run_cli("list", "--json")
    assert result.returncode == 0 and result.stdout.lstrip().startswith("{")


def test_template_export_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x")
    before = tree_digest(tmp_path)
    assert_one_line_error(run_cli("template", "--no-input", "-o", tmp_path), 2)
    assert tree_digest(tmp_path) == before


def test_explain_a_framework_says_why_not() -> None:
    result = run_cli("explain", "flask")
    assert result.returncode == 0, result.stderr
    assert "WSGI" in result.stdout
    assert "WebSocket: no: Flask is WSGI and cannot hold a WebSocket" in result.stdout
    assert "Servers that run it: gunicorn" in result.stdout


def test_explain_a_server() -> None:
    result = run_cli("explain", "hypercorn")
    assert result.returncode == 0, result.stderr
    assert "HTTP/2: yes" in result.stdout and "WebSocket: yes" in result.stdout
    assert "set TLS_CERTFILE and TLS_KEYFILE" in result.stdout


@pytest.mark.parametrize("srv", matrix.SERVERS, ids=lambda s: s.key)
def test_explain_says_how_proxy_headers_and_lifespan_are_handled(srv: matrix.Server) -> None:
    """A server with no address-checked proxy setting starts behind_proxy.py; one without lifespan says so."""
    out = run_cli("explain", f"server:{srv.key}").stdout
    assert ("behind_proxy:app" in out) == bool(srv.proxy_headers), out
    assert ("No ASGI lifespan events" in out) == (not srv.lifespan), out


@pytest.mark.parametrize("name", sorted({e.key for e in (*matrix.SERVERS, *matrix.FRAMEWORKS)}))
def test_explain_every_name(name: str) -> None:
    result = run_cli("explain", name)
    assert result.returncode == 0, result.stderr
    labels = {e.label for e in (*matrix.SERVERS, *matrix.FRAMEWORKS) if e.key == name}
    assert any(result.stdout.startswith(f"{label} ({name}): ") for label in labels), result.stdout


def test_explain_unknown_name() -> None:
    assert "unknown framework or server" in assert_one_line_error(run_cli("explain", "nope"), 2)


def test_bash_completion_offers_the_matrix_names(tmp_path: Path) -> None:
    script = tmp_path / "completion.bash"
    result = run_cli("completion", "bash")
    assert result.returncode == 0, result.stderr
    script.write_text(result.stdout)
    probe = (
        f"source {script}; COMP_WORDS=(sgi-scaffold new --framework ''); COMP_CWORD=3; "
        "COMP_LINE='sgi-scaffold new --framework '; COMP_POINT=${#COMP_LINE}; _shtab_sgi_scaffold; "
        'echo "${COMPREPLY[@]}"'
    )
    shown = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert shown == [fw.key for fw in matrix.FRAMEWORKS]


def test_a_python_too_old_for_the_project_is_said_at_generation_time() -> None:
    from generator import pythons

    assert pythons.warning("FastAPI", ">=3.13", (3, 13)) is None
    note = pythons.warning("FastAPI", ">=3.13", (3, 11))
    assert note and "3.13" in note and "3.11" in note and "\n" not in note
    assert pythons.warning("FastAPI", ">=3.13", (3, 11), found=True) is None  # a fitting Python is on this machine
    assert not pythons.satisfies(">=3.11,<3.12", (3, 12))


@pytest.mark.parametrize("columns", [80, 60, 200])
def test_list_fits_the_terminal_width_and_ascii_terminals(columns: int) -> None:
    env = {**os.environ, "COLUMNS": str(columns), "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}
    result = subprocess.run([sys.executable, "-m", "generator", "list"], env=env, capture_output=True,
                            check=False, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("ascii").splitlines()
    assert max(map(len, lines)) <= columns
    assert any("Sanic" in line and "Granian" in line for line in lines)


def test_explain_a_name_both_a_framework_and_a_server_have() -> None:
    both = run_cli("explain", "sanic").stdout
    assert "Sanic (sanic):" in both and "Sanic server (sanic):" in both
    only_server = run_cli("explain", "server:sanic").stdout
    assert only_server.startswith("Sanic server (sanic):") and "Sanic (sanic):" not in only_server
    assert run_cli("explain", "framework:sanic").stdout.startswith("Sanic (sanic):")
