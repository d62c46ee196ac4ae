"""Generating, installing and serving real projects: shared by the end-to-end
tests and the benchmark, so both start a server exactly as its Dockerfile does.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60


def sgi_scaffold(*args: str | os.PathLike[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=REPO, stdin=subprocess.DEVNULL, check=False, capture_output=True, text=True, timeout=timeout,
    )


def uv(*args: str | os.PathLike[str], cwd: Path | None = None, **env: str) -> None:
    subprocess.run([sys.executable, "-m", "uv", *map(str, args)], cwd=cwd, check=True, timeout=900,
                   env={**os.environ, **env} if env else None)


def generate(out: Path, name: str, flags: Sequence[str]) -> Path:
    """A project as ``new --no-input`` makes it with ``flags``; without a database unless they name one
    (the default is SQLite): these checks are of what a data layer does not touch, and one in every
    project they install would add its packages and tests to CI's time."""
    database = [] if "--database" in flags else ["--database", "none"]
    made = sgi_scaffold("new", "--no-input", *database, *flags, "--name", name, "-o", out)
    assert made.returncode == 0, made.stderr
    return out / name


@functools.cache
def listed() -> list[dict]:
    """Every combination `sgi-scaffold list --json` reports, with what it claims: the pairs the end-to-end
    and image tests serve (read once per test process)."""
    made = sgi_scaffold("list", "--json")
    assert made.returncode == 0, made.stderr
    return json.loads(made.stdout)["combinations"]


def pair_id(combo: dict) -> str:
    """framework-server, and the interface where the pair has one per interface (Falcon on Granian): the id
    of a pair's tests, and of the xdist group that keeps its e2e server and its image on one test process."""
    twice = sum(c["framework"] == combo["framework"] and c["server"] == combo["server"] for c in listed()) > 1
    return f"{combo['framework']}-{combo['server']}" + (f"-{combo['interface']}" if twice else "")


def project_python(project: Path) -> str:
    """The Python a generated project targets, as its .sgi-scaffold.yml records it."""
    import yaml

    return str(yaml.safe_load((project / ".sgi-scaffold.yml").read_text())["python"])


from generator.pythons import interpreter  # noqa: E402  (the generator's own search, shared)


def require_interpreter(version: str) -> Path:
    """The interpreter for ``version``, or skip the test, saying which is missing."""
    import pytest

    found = interpreter(version)
    if found is None:
        pytest.skip(f"Python {version} is not installed here (not on PATH, not in ~/.pyenv/versions)")
    return found


def lock(project: Path) -> None:
    """What `uv run` does first: resolve for every Python the project allows.

    uv wants an interpreter that satisfies requires-python even to lock, and would download one
    where none is found (which fails offline): hand it the project's own.
    """
    uv("lock", "--quiet", "--python", require_interpreter(project_python(project)), cwd=project)


def install(project: Path, venv: Path) -> Path:
    """A fresh virtualenv on the project's Python with the project and its dev group; returns its python.

    Where the project has its uv.lock, exactly what it pins, as the README's ``uv sync`` and the
    Dockerfile install it (and a second or two faster than resolving again); without one
    (``--no-lock``), resolved from its ranges, leaving the project as it was.
    """
    interpreter_path = require_interpreter(project_python(project))
    python = venv / "bin" / "python"
    if (project / "uv.lock").exists():
        uv("sync", "--quiet", "--locked", "--python", interpreter_path, cwd=project,
           UV_PROJECT_ENVIRONMENT=str(venv))
        return python
    uv("venv", "--quiet", "--python", interpreter_path, venv)
    uv("pip", "install", "--quiet", "--python", python, project, "--group", project / "pyproject.toml:dev")
    return python


def run_own_tests(project: Path, python: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The project's own tests. Projects tested at the same time share this test run's process group:
    the observability layer keeps one metrics folder per server run (here, per test process), so
    they do not count each other's requests."""
    return subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project,
                          env={**os.environ, **env}, check=False, capture_output=True, text=True, timeout=600)


def _exec_form_cmds(project: Path) -> list[list[str]]:
    """Every ``CMD [...]`` of the Dockerfile, in order: HEALTHCHECK's (on its continuation line) and the image's."""
    lines = (project / "Dockerfile").read_text().splitlines()
    return [json.loads(line.strip()[4:]) for line in lines if line.strip().startswith("CMD [")]


def dockerfile_cmd(project: Path) -> list[str]:
    """The image's CMD: the last one, as Docker takes it."""
    return _exec_form_cmds(project)[-1]


def healthcheck_cmd(project: Path) -> list[str]:
    """The command of the Dockerfile's HEALTHCHECK, which comes before the image's CMD."""
    cmds = _exec_form_cmds(project)
    assert len(cmds) == 2, "expected a HEALTHCHECK CMD and the image's CMD"
    return cmds[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def venv_env(venv: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv),
            **extra}


@contextmanager
def serving(command: Sequence[str], project: Path, venv: Path, log: Path, *, scheme: str = "http",
            **env: str) -> Iterator[str]:
    """Start ``command`` in the project on 127.0.0.1 and a free port; yield "host:port"; stop it by PID."""
    with server_process(command, project, venv, log, scheme=scheme, **env) as (_, address):
        yield address


@contextmanager
def server_process(command: Sequence[str], project: Path, venv: Path, log: Path, *, scheme: str = "http",
                   **env: str) -> Iterator[tuple[subprocess.Popen, str]]:
    """As ``serving``, yielding the process too, for a test that signals it itself."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            list(command), cwd=project, env=venv_env(venv, HOST="127.0.0.1", PORT=str(port), **env),
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            address = f"127.0.0.1:{port}"
            wait_for_health(address, proc, scheme)
            yield proc, address
        finally:
            stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the server's PID, as a container runtime would, then make sure its process group is gone."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def wait_for_health(address: str, proc: subprocess.Popen | None = None, scheme: str = "http") -> httpx.Response:
    """Poll /health until it answers 200. Over https the certificate is not checked: this only waits."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the server exited with {proc.returncode} before answering /health")
        try:
            response = httpx.get(f"{scheme}://{address}/health", timeout=5, verify=False)
            if response.status_code == 200:
                return response
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"no answer on {scheme}://{address}/health within {START_TIMEOUT}s")
        time.sleep(0.2)


def check_project_serves(project: Path, tmp_path: Path) -> None:
    """Install into a fresh virtualenv, pass the project's own tests, answer /health under the Dockerfile's CMD."""
    venv = tmp_path / "venv"
    python = install(project, venv)
    tests = run_own_tests(project, python)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    with serving(dockerfile_cmd(project), project, venv, tmp_path / "server.log") as address:
        assert wait_for_health(address).json() == {"status": "ok"}
