"""End to end, for every combination `list --json` reports, with every capability it claims.

Generate the project, install it into a fresh virtualenv (uv, with its shared
cache), run the project's own tests, then start the server with exactly the
Dockerfile's CMD on 127.0.0.1 and a free port, and talk to it with real
clients: httpx for /health, websockets for /ws, curl for HTTP/2 cleartext.
The server is stopped by its PID whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from .conftest import run_cli

pytestmark = pytest.mark.e2e

COMBINATIONS = json.loads(run_cli("list", "--json").stdout)["combinations"]
START_TIMEOUT = 60


def _id(combo: dict) -> str:
    return f"{combo['framework']}-{combo['server']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def uv(*args: str | os.PathLike[str], cwd: Path | None = None) -> None:
    subprocess.run([sys.executable, "-m", "uv", *map(str, args)], cwd=cwd, check=True, timeout=600)


def dockerfile_cmd(project: Path) -> list[str]:
    lines = (project / "Dockerfile").read_text().splitlines()
    return json.loads(next(line for line in lines if line.startswith("CMD "))[4:])


@pytest.fixture()
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[dict, str]]:
    combo: dict = request.param
    flags = ["--framework", combo["framework"], "--server", combo["server"]]
    flags += ["--websocket"] if combo["websocket"] else []
    flags += ["--http2"] if combo["http2"] else []
    made = run_cli("new", "--no-input", *flags, "--name", "e2e-app", "-o", tmp_path)
    assert made.returncode == 0, made.stderr
    project = tmp_path / "e2e-app"

    venv = tmp_path / "venv"
    uv("venv", "--quiet", "--python", sys.executable, venv)
    python = venv / "bin" / "python"
    uv("pip", "install", "--quiet", "--python", python, project, "--group", project / "pyproject.toml:dev")

    tests = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project,
                           capture_output=True, text=True, timeout=300)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout

    port = free_port()
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "HOST": "127.0.0.1",
           "PORT": str(port), "VIRTUAL_ENV": str(venv)}
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(dockerfile_cmd(project), cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        yield combo, f"127.0.0.1:{port}"
    finally:
        _stop(proc)
        log.close()
        # Captured by pytest and shown only when the test fails.
        print((tmp_path / "server.log").read_text(errors="replace")[-4000:])


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the server's PID, as a container runtime would, then make sure its group is gone."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def wait_for_health(address: str) -> httpx.Response:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            response = httpx.get(f"http://{address}/health", timeout=5)
            if response.status_code == 200:
                return response
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"no answer on http://{address}/health within {START_TIMEOUT}s")
        time.sleep(0.2)


@pytest.mark.parametrize("server", COMBINATIONS, ids=[_id(c) for c in COMBINATIONS], indirect=True)
def test_generated_project_serves(server: tuple[dict, str]) -> None:
    combo, address = server
    health = wait_for_health(address)
    assert health.json() == {"status": "ok"}
    assert health.headers["content-type"].startswith("application/json")
    hello = httpx.get(f"http://{address}/hello/World", timeout=5)
    assert hello.status_code == 200 and hello.json() == {"message": "Hello, World!"}

    if combo["websocket"]:
        with connect(f"ws://{address}/ws", open_timeout=10) as ws:
            for text in ("hello", "second message", "ünïcödé ✓"):
                ws.send(text)
                assert ws.recv(timeout=10) == text
            ws.send(b"\x00\x01\x02binary")
            assert ws.recv(timeout=10) == b"\x00\x01\x02binary"
        assert ws.close_code == 1000

    if combo["http2"]:
        curl = shutil.which("curl")
        assert curl, "curl is needed to check HTTP/2"
        out = subprocess.run(
            [curl, "--silent", "--show-error", "--http2-prior-knowledge", "--max-time", "10",
             "--write-out", "\n%{http_version}", f"http://{address}/health"],
            capture_output=True, text=True, timeout=30,
        )
        body, version = out.stdout.rsplit("\n", 1)
        assert out.returncode == 0, out.stderr
        assert version == "2"
        assert json.loads(body) == {"status": "ok"}
