"""End to end, for every combination `list --json` reports, with every capability it claims.

Generate the project, check that `uv run` can resolve it (uv lock, for every
Python its requires-python allows), install it into a fresh virtualenv (uv,
with its shared cache), run the project's own tests, then start the server with
exactly the Dockerfile's CMD on 127.0.0.1 and a free port, and talk to it with
real clients: httpx for /health, websockets for /ws, curl for HTTP/2 cleartext,
and 100 WebSocket clients at once. One server per combination serves every test
of this module; it is stopped by its PID whatever happens.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from cryptography.hazmat.primitives import serialization
from websockets.asyncio.client import connect as connect_async
from websockets.sync.client import connect

from generator import matrix

from . import projects
from .conftest import run_cli

pytestmark = pytest.mark.e2e

COMBINATIONS = json.loads(run_cli("list", "--json").stdout)["combinations"]


def _id(combo: dict) -> str:
    return f"{combo['framework']}-{combo['server']}"


#: Every test here takes the same list (a test skips what it cannot check), so that pytest
#: runs each combination's tests one after the other on one server.
#: Under pytest-xdist (--dist loadgroup) a combination's tests stay on one worker, with one server.
SERVERS = pytest.mark.parametrize(
    "server",
    [pytest.param(c, marks=pytest.mark.xdist_group(_id(c))) for c in COMBINATIONS],
    ids=[_id(c) for c in COMBINATIONS],
    indirect=True,
)
WEBSOCKET_SERVERS = pytest.mark.parametrize(
    "server",
    [
        pytest.param(c, marks=[pytest.mark.xdist_group(_id(c))]
                     + ([] if c["websocket"] else [pytest.mark.skip(reason="the pair has no WebSocket")]))
        for c in COMBINATIONS
    ],
    ids=[_id(c) for c in COMBINATIONS],
    indirect=True,
)

#: Each running server's log, by address, for the test that fails on it.
_SERVER_LOGS: dict[str, Path] = {}
#: Each running server's project folder and virtualenv, by address.
_PROJECTS: dict[str, tuple[Path, Path]] = {}


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict, str]]:
    """One generated, resolved, installed, tested and started project per combination."""
    combo: dict = request.param
    tmp_path = tmp_path_factory.mktemp(_id(combo))
    flags = ["--framework", combo["framework"], "--server", combo["server"]]
    flags += ["--websocket"] if combo["websocket"] else []
    flags += ["--http2"] if combo["http2"] else []
    project = projects.generate(tmp_path, "e2e-app", flags)
    assert projects.project_python(project) == combo["default_python"]
    projects.lock(project)

    python = projects.install(project, tmp_path / "venv")
    tests = projects.run_own_tests(project, python)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout

    log = tmp_path / "server.log"
    try:
        with projects.serving(projects.dockerfile_cmd(project), project, tmp_path / "venv", log) as address:
            _SERVER_LOGS[address] = log
            _PROJECTS[address] = (project, tmp_path / "venv")
            yield combo, address
    except AssertionError:
        # The server did not come up: no test of this module gets to print its log.
        print(log.read_text(errors="replace")[-6000:])
        raise


@pytest.fixture(autouse=True)
def _print_server_log(server: tuple[dict, str]) -> Iterator[None]:
    """After each test, print the server's log: pytest shows it only when that test fails."""
    yield
    log = _SERVER_LOGS.get(server[1])
    if log and log.exists():
        print(log.read_text(errors="replace")[-6000:])


@SERVERS
def test_generated_project_serves(server: tuple[dict, str]) -> None:
    combo, address = server
    health = projects.wait_for_health(address)
    assert health.json() == {"status": "ok"}
    assert health.headers["content-type"].startswith("application/json")
    hello = httpx.get(f"http://{address}/hello/World", timeout=5)
    assert hello.status_code == 200 and hello.json() == {"message": "Hello, World!"}
    check_container_health(*_PROJECTS[address], address)

    if combo["websocket"]:
        with connect(f"ws://{address}/ws", open_timeout=10) as ws:
            for text in ("hello", "second message", "ünïcödé ✓"):
                ws.send(text)
                assert ws.recv(timeout=10) == text
            ws.send(b"\x00\x01\x02binary")
            assert ws.recv(timeout=10) == b"\x00\x01\x02binary"
        assert ws.close_code == 1000

    if combo["http2"]:
        assert combo["http2_mode"] == "h2c", "only cleartext HTTP/2 (prior knowledge) is checked here"
        check_health_over_http2(f"http://{address}/health", "--http2-prior-knowledge")


def check_health_over_http2(url: str, *curl_flags: str) -> None:
    """curl, a client that is not Python's, gets /health and reports HTTP version 2."""
    curl = shutil.which("curl")
    assert curl, "curl is needed to check HTTP/2"
    out = subprocess.run(
        [curl, "--silent", "--show-error", *curl_flags, "--max-time", "10", "--write-out", "\n%{http_version}", url],
        check=False, capture_output=True, text=True, timeout=30,
    )
    assert out.returncode == 0, out.stderr
    body, version = out.stdout.rsplit("\n", 1)
    assert version == "2"
    assert json.loads(body) == {"status": "ok"}


def check_container_health(project: Path, venv: Path, address: str, **env: str) -> None:
    """The Dockerfile's HEALTHCHECK command, run in the project's virtualenv as the container would run it."""
    health = subprocess.run(projects.healthcheck_cmd(project), cwd=project, check=False, capture_output=True,
                            text=True, timeout=30,
                            env=projects.venv_env(venv, PORT=address.rsplit(":", 1)[1], **env))
    assert health.returncode == 0, health.stderr


WS_CLIENTS = 100
WS_ROUNDS = 5
WS_SWARM_TIMEOUT = 90


async def _ws_swarm(url: str) -> tuple[list[BaseException], int, float]:
    """WS_CLIENTS clients connect; once all are open (or failed), each echoes WS_ROUNDS text and binary messages.

    Returns the errors, how many connections were open at once, and the seconds it took.
    """
    arrived = open_now = peak = 0
    all_in = asyncio.Event()

    def arrive() -> None:
        nonlocal arrived
        arrived += 1
        if arrived == WS_CLIENTS:
            all_in.set()

    async def client(n: int) -> None:
        nonlocal open_now, peak
        counted = False
        try:
            async with connect_async(url, open_timeout=30, close_timeout=10) as ws:
                open_now += 1
                peak = max(peak, open_now)
                arrive()
                counted = True
                await all_in.wait()
                for r in range(WS_ROUNDS):
                    text = f"client {n} round {r} ✓"
                    await ws.send(text)
                    if (got := await ws.recv()) != text:
                        raise AssertionError(f"client {n} sent {text!r}, got {got!r}")
                    data = bytes([n, r, 0, 255]) + os.urandom(60)
                    await ws.send(data)
                    if (got := await ws.recv()) != data:
                        raise AssertionError(f"client {n} sent {data!r}, got {got!r}")
                open_now -= 1
            if ws.close_code != 1000:
                raise AssertionError(f"client {n} closed with {ws.close_code} {ws.close_reason!r}")
        finally:
            if not counted:
                arrive()

    started = time.monotonic()
    results = await asyncio.wait_for(
        asyncio.gather(*(client(n) for n in range(WS_CLIENTS)), return_exceptions=True), WS_SWARM_TIMEOUT
    )
    return [r for r in results if isinstance(r, BaseException)], peak, time.monotonic() - started


@WEBSOCKET_SERVERS
def test_websocket_holds_100_concurrent_clients(server: tuple[dict, str]) -> None:
    combo, address = server
    projects.wait_for_health(address)
    errors, peak, seconds = asyncio.run(_ws_swarm(f"ws://{address}/ws"))
    print(f"{_id(combo)}: {WS_CLIENTS} clients x {WS_ROUNDS} rounds: {len(errors)} errors, "
          f"{peak} open at once, {seconds:.2f}s")
    assert not errors, f"{len(errors)} of {WS_CLIENTS} clients failed, e.g. {errors[:3]!r}"
    assert peak == WS_CLIENTS


def _pem_files(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a certificate for localhost; the key in PKCS#8, which Granian requires."""
    ca = trustme.CA()
    leaf = ca.issue_cert("localhost", "127.0.0.1")
    key = serialization.load_pem_private_key(leaf.private_key_pem.bytes(), password=None)
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca.cert_pem.write_to_path(str(paths[0]))
    leaf.cert_chain_pems[0].write_to_path(str(paths[1]))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


@SERVERS
def test_http2_over_tls_as_the_readme_says(server: tuple[dict, str], tmp_path: Path) -> None:
    """The README's TLS recipe: the CMD with a certificate in the server's variables speaks HTTP/2 over TLS."""
    combo, address = server
    tls_env = matrix.server(combo["server"]).tls_env
    if not (combo["http2"] and tls_env):
        pytest.skip("the pair offers no HTTP/2 over TLS")
    project, venv = _PROJECTS[address]
    ca, cert, key = _pem_files(tmp_path)
    env = {tls_env[0]: str(cert), tls_env[1]: str(key), "WEB_CONCURRENCY": "1"}
    with projects.serving(projects.dockerfile_cmd(project), project, venv, tmp_path / "tls.log", scheme="https",
                          **env) as tls_address:
        port = tls_address.rsplit(":", 1)[1]
        check_health_over_http2(f"https://localhost:{port}/health", "--http2", "--cacert", str(ca))
        check_container_health(project, venv, tls_address, **env)

