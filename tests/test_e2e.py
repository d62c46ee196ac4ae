"""End to end, for every combination `list --json` reports, with every capability it claims.

Generate the project (which resolves it: uv lock, for every Python its
requires-python allows), install what its uv.lock pins into a fresh virtualenv
(uv sync, with uv's shared cache), run the project's own tests, then start the server with
exactly the Dockerfile's CMD on 127.0.0.1 and a free port, and talk to it with
real clients: httpx for /health, websockets for /ws, curl for HTTP/2 cleartext,
and 100 WebSocket clients at once. Every server sends its spans to one local OTLP
receiver per test process (tests/otlp.py), which the observability check reads.
ASGI pairs with the /events broadcast are generated with --redis and serve on a
redis-server of their own, which the broadcast check (tests/broadcast.py) restarts.
One server per combination serves every test of this module; it is stopped by
its PID whatever happens.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from cryptography.hazmat.primitives import serialization
from websockets.asyncio.client import connect as connect_async
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from generator import matrix
from generator.matrix import Database

from . import broadcast, clients, e2e_data, otlp, projects
from .e2e_data import postgres_cluster  # noqa: F401  (a fixture the server fixture asks for where it needs it)
from .projects import pair_id

pytestmark = pytest.mark.e2e

COMBINATIONS = projects.listed()


#: Every test here takes the same list (a test skips what it cannot check), so that pytest
#: runs each combination's tests one after the other on one server.
#: Under pytest-xdist (--dist loadgroup) a combination's tests stay on one worker, with one server.
SERVERS = pytest.mark.parametrize(
    "server",
    [pytest.param(c, marks=pytest.mark.xdist_group(pair_id(c))) for c in COMBINATIONS],
    ids=[pair_id(c) for c in COMBINATIONS],
    indirect=True,
)
WEBSOCKET_SERVERS = pytest.mark.parametrize(
    "server",
    [
        pytest.param(c, marks=[pytest.mark.xdist_group(pair_id(c))]
                     + ([] if c["websocket"] else [pytest.mark.skip(reason="the pair has no WebSocket")]))
        for c in COMBINATIONS
    ],
    ids=[pair_id(c) for c in COMBINATIONS],
    indirect=True,
)

#: Each running server's log, by address, for the test that fails on it.
_SERVER_LOGS: dict[str, Path] = {}
#: Each running server's project folder and virtualenv, by address.
_PROJECTS: dict[str, tuple[Path, Path]] = {}
#: Each pair's database, by pair, where its framework offers --database.
_DATA: dict[str, e2e_data.PairData] = {}


@pytest.fixture(scope="session")
def receiver() -> Iterator[otlp.Receiver]:
    """One OTLP/HTTP receiver per test process, where every server it starts sends its spans."""
    with otlp.receiving() as receiving:
        yield receiving


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           receiver: otlp.Receiver) -> Iterator[tuple[dict, str]]:
    """One generated, resolved, installed, tested and started project per combination, its traces going to
    the receiver."""
    combo: dict = request.param
    tmp_path = tmp_path_factory.mktemp(pair_id(combo))
    flags = ["--framework", combo["framework"], "--server", combo["server"], "--interface", combo["interface"]]
    flags += ["--websocket"] if combo["websocket"] else []
    flags += ["--http2"] if combo["http2"] else []
    flags += ["--redis"] if broadcast.on_redis(combo) else []
    data = e2e_data.for_pair(combo, pair_id(combo), tmp_path, request)
    if data:
        _DATA[pair_id(combo)] = data
        flags += data.flags
    project = projects.generate(tmp_path, "e2e-app", flags)
    assert projects.project_python(project) == combo["default_python"]
    # `new` resolved it (uv lock, for every Python its requires-python allows): install what it pinned.
    assert (project / "uv.lock").is_file()

    python = projects.install(project, tmp_path / "venv")
    tests = projects.run_own_tests(project, python, **(data.test_env if data else {}))
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout
    if data:
        e2e_data.migrate(project, tmp_path / "venv", data)

    log = tmp_path / "server.log"
    try:
        with broadcast.redis_for(combo, tmp_path, log) as redis_env, \
                projects.serving(projects.dockerfile_cmd(project), project, tmp_path / "venv", log,
                                 OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint, **otlp.FLUSH_ENV,
                                 **_test_env(combo), **redis_env) as address:
            _SERVER_LOGS[address] = log
            _PROJECTS[address] = (project, tmp_path / "venv")
            yield combo, address
    except AssertionError:
        # The server did not come up: no test of this module gets to print its log.
        print(log.read_text(errors="replace")[-6000:])
        raise


#: The proxy the served projects trust: not 127.0.0.1, which every server trusts by default.
PROXY_ADDRESS = "127.0.0.2"


def _test_env(combo: dict) -> dict[str, str]:
    """The probe routes in the app, the proxy's address to trust, the pair's DATABASE_URL, and the workers
    compose and the Kubernetes Deployment give each replica (WEB_CONCURRENCY): a server runs here as it
    runs deployed. (Sized by the CPUs instead, Gunicorn started 5 workers on CI's 2 cores for each of the
    84 servers, a fifth of these tests' CPU time; tests/test_cpu_limit.py checks that sizing.)"""
    app = matrix.framework(combo["framework"]).target("e2e_app", combo["interface"])
    return {**clients.probe_env(app, combo["interface"]), "FORWARDED_ALLOW_IPS": PROXY_ADDRESS, **_data_env(combo),
            "WEB_CONCURRENCY": str(matrix.server(combo["server"]).replica_workers)}


def _data_env(combo: dict) -> dict[str, str]:
    """DATABASE_URL, where the pair has a database (Django's runserver checks its migrations there)."""
    data = _DATA.get(pair_id(combo))
    return data.env if data else {}


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
    # On Redis, "ok" once the process has subscribed (Daphne, without lifespan, starts on the first request).
    subscribed_by = time.monotonic() + 10
    while health.json() != _healthy(combo) and time.monotonic() < subscribed_by:
        time.sleep(0.1)
        health = projects.wait_for_health(address)
    assert health.json() == _healthy(combo)
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
            _until_websockets_counted(address, 1)  # the observability layer's gauge, summed over workers
        assert ws.close_code == 1000
        _until_websockets_counted(address, 0)

    if combo["http2"]:
        assert combo["http2_mode"] in ("h2c", "h2c+upgrade"), "only cleartext HTTP/2 is checked here"
        # Gunicorn speaks cleartext HTTP/2 only to its trusted proxies: ask from the proxy's address.
        via = ["--interface", PROXY_ADDRESS] if matrix.server(combo["server"]).http2_from_proxy_only else []
        check_health_over_http2(f"http://{address}/health", "--http2-prior-knowledge", *via, expect=_healthy(combo))


def _healthy(combo: dict) -> dict[str, str]:
    """What the pair's e2e server answers on /health: Redis's state too where it serves on Redis."""
    return {"status": "ok", "redis": "ok"} if broadcast.on_redis(combo) else {"status": "ok"}


def _until_websockets_counted(address: str, open_now: int) -> None:
    """/metrics's websocket_connections reaches ``open_now`` (a closed connection is counted out once
    the server has seen it go)."""
    deadline = time.monotonic() + 10
    while (seen := clients.metric(httpx.get(f"http://{address}/metrics", timeout=5).text,
                                  "websocket_connections")) != open_now:
        assert time.monotonic() < deadline, f"websocket_connections is {seen}, not {open_now}"
        time.sleep(0.1)


#: Requests the observability check counts on /metrics.
COUNTED = 7


def _hello_count(address: str) -> float:
    """http_requests_total for GET /hello/... answered 200, whatever the route label (template or path)."""
    return clients.metric(httpx.get(f"http://{address}/metrics", timeout=10).text, "http_requests_total",
                          lambda labels: labels["route"].startswith("/hello/") and labels["method"] == "GET"
                          and labels["status"] == "200")


@SERVERS
def test_request_id_access_log_and_metrics(server: tuple[dict, str], receiver: otlp.Receiver) -> None:
    """The observability layer (on by default) on the CMD's server and workers: X-Request-ID comes back and is
    in a JSON access line (the one line for it: the server's own access log is off), /metrics counts
    COUNTED requests whichever workers answered them, and the request's span reaches the OTLP receiver
    (OTEL_EXPORTER_OTLP_ENDPOINT) with its route, status and request ID."""
    combo, address = server
    # Each worker writes its counts to the shared files once a second (FLUSH_SECONDS in the layer's
    # metrics.py): the count before is the one that no longer moves, earlier tests' requests included.
    before = _hello_count(address)
    while True:
        time.sleep(1.2)
        if (now := _hello_count(address)) == before:
            break
        before = now
    for _ in range(COUNTED - 1):
        assert httpx.get(f"http://{address}/hello/obs", timeout=5).status_code == 200
    tagged = httpx.get(f"http://{address}/hello/obs", headers={"X-Request-ID": f"abc-{pair_id(combo)}"}, timeout=5)
    assert tagged.headers["x-request-id"] == f"abc-{pair_id(combo)}"
    # A worker counts a request once it has answered it: the last answers can reach the client a moment
    # before their counts reach the metric files (seen under load: 5 and 6 of 7 at the first read).
    counted_by = time.monotonic() + 5
    while (after := _hello_count(address)) - before < COUNTED and time.monotonic() < counted_by:
        time.sleep(0.1)
    print(f"{pair_id(combo)}: /metrics counted {after - before:g} of {COUNTED} requests")
    assert after - before == COUNTED
    deadline = time.monotonic() + 10
    while True:
        lines = [line for line in _SERVER_LOGS[address].read_text(errors="replace").splitlines()
                 if f"abc-{pair_id(combo)}" in line]
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(lines) == 1, lines
    access = json.loads(lines[0])
    # The layer's JSON line is the only access line: the server writes none of its own (in any format).
    while len(asked := [line for line in _SERVER_LOGS[address].read_text(errors="replace").splitlines()
                        if "/hello/obs" in line]) < COUNTED and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(asked) == COUNTED and all(line.startswith("{") for line in asked), asked[:COUNTED + 2]
    print(f"{pair_id(combo)}: {lines[0]}")
    assert access["request_id"] == f"abc-{pair_id(combo)}" and access["http"]["status"] == "200"
    waited = time.monotonic()
    span = receiver.span(f"abc-{pair_id(combo)}")
    print(f"{pair_id(combo)}: span after {time.monotonic() - waited:.2f}s more: {span}")
    # The route template where the framework leaves it in the request, else the path: the access line's route.
    assert span["attributes"]["http.route"] == access["http"]["route"] and access["http"]["route"].startswith("/hello/")
    assert span["name"] == f"GET {access['http']['route']}"
    assert span["attributes"]["http.response.status_code"] == 200


@SERVERS
def test_http2_with_nghttp(server: tuple[dict, str]) -> None:
    """nghttp2's own client: prior knowledge where HTTP/2 is offered, and the HTTP/1.1 Upgrade only where claimed."""
    combo, address = server
    if not combo["http2"]:
        pytest.skip("the pair offers no HTTP/2")
    if shutil.which("nghttp") is None:
        pytest.skip("nghttp is not installed (.ci/run installs Debian's nghttp2-client)")
    if matrix.server(combo["server"]).http2_from_proxy_only:
        pytest.skip("the server speaks cleartext HTTP/2 only to its proxy's address, and nghttp cannot choose its own;"
                    " curl checks it from there")
    prior = clients.nghttp(f"http://{address}/health")
    assert prior.returncode == 0 and json.loads(prior.stdout) == _healthy(combo), prior.stderr
    upgrade = clients.nghttp(f"http://{address}/health", "-u")
    if combo["http2_mode"] == "h2c+upgrade":
        assert upgrade.returncode == 0 and json.loads(upgrade.stdout) == _healthy(combo), upgrade.stderr
    else:  # what explain says: the server answers the Upgrade in HTTP/1.1
        assert "HTTP Upgrade failed" in upgrade.stderr and not upgrade.stdout


@SERVERS
def test_proxy_headers_only_from_the_trusted_address(server: tuple[dict, str]) -> None:
    """X-Forwarded-For/-Proto from the proxy at FORWARDED_ALLOW_IPS are believed as the matrix says; from
    any other address (127.0.0.1 too) never."""
    combo, address = server
    forwarded = matrix.server(combo["server"]).forwarded
    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    seen = clients.echo(address, PROXY_ADDRESS, **headers)
    print(f"{pair_id(combo)}: from the trusted proxy the app sees {seen}")
    # Under an ASGI server Sanic's request.scheme ignores the ASGI scope's scheme (its README says so);
    # on Sanic's own server the app reads both headers itself (main.py's ProxiedRequest).
    scheme_followed = "proto" in forwarded and (combo["framework"] != "sanic" or combo["server"] == "sanic")
    assert seen == {"scheme": "https" if scheme_followed else "http",
                    "client": "203.0.113.7" if "for" in forwarded else PROXY_ADDRESS}
    anyone = "proto from anyone" in forwarded
    assert clients.echo(address, "127.0.0.1", **headers) == {"scheme": "https" if anyone else "http",
                                                              "client": "127.0.0.1"}


@SERVERS
def test_oversized_header_is_refused(server: tuple[dict, str]) -> None:
    """Where the project sets the server's header limit (Granian's defaults take a 408 KiB request head and
    16 MiB HTTP/2 header lists), a request head of HEADER_LIMIT bytes over HTTP/1.1 (a raw socket) and, where
    the pair offers HTTP/2, a header list one byte under it over HTTP/2 (nghttp) are answered; one byte more
    gets 431. What the other servers do with a 100 KB request head is printed."""
    combo, address = server
    srv = matrix.server(combo["server"])
    if not srv.header_limit:
        print(f"{pair_id(combo)}: a 100 KB request head over HTTP/1.1: {clients.big_header_status(address, 100_000)}")
        if combo["http2"] and shutil.which("nghttp") and not srv.http2_from_proxy_only:
            status = clients.http2_header_list_status(address, matrix.HEADER_LIMIT)
            print(f"{pair_id(combo)}: a {matrix.HEADER_LIMIT}-byte header list over HTTP/2: {status}")
        return
    limit = matrix.HEADER_LIMIT
    assert clients.big_header_status(address, limit).startswith("HTTP/1.1 200 ")
    assert clients.big_header_status(address, limit + 1).startswith("HTTP/1.1 431 ")
    if not combo["http2"]:
        return
    if shutil.which("nghttp") is None:
        pytest.skip("nghttp is not installed (.ci/run installs Debian's nghttp2-client): HTTP/2 headers unchecked")
    # Granian's HTTP/2 limit is exclusive: a list of HEADER_LIMIT bytes is already too big.
    assert clients.http2_header_list_status(address, limit - 1) == "200"
    assert clients.http2_header_list_status(address, limit) == "431"


@WEBSOCKET_SERVERS
def test_websocket_refuses_other_sites(server: tuple[dict, str]) -> None:
    """A handshake from a page of another site is refused with 403; one from this host is taken."""
    _, address = server
    for foreign in ("http://evil.example", "null"):
        with pytest.raises(InvalidStatus) as refused, connect(f"ws://{address}/ws", origin=foreign, open_timeout=10):
            pass
        assert refused.value.response.status_code == 403
    with connect(f"ws://{address}/ws", origin=f"http://{address}", open_timeout=10) as ws:
        ws.send("same site")
        assert ws.recv(timeout=10) == "same site"


def _echo_or_close_code(address: str, size: int) -> int | None:
    """Send one frame of ``size`` bytes to /ws: None if it comes back whole, else the close code the client
    saw (websockets reports 1006 where no close frame came)."""
    with connect(f"ws://{address}/ws", open_timeout=10, max_size=None) as ws:
        try:
            ws.send(b"x" * size)
            got = ws.recv(timeout=30)
        except ConnectionClosed:
            return ws.close_code if ws.close_code is not None else 1006
    assert len(got) == size
    return None


@WEBSOCKET_SERVERS
def test_websocket_message_size_limit(server: tuple[dict, str]) -> None:
    """WEBSOCKET_MAX_SIZE's default (1 MiB) is echoed; one byte more gets the close code the README states.
    Where the server has no such setting, one byte over the limit of its own that the README states gets
    what it says."""
    combo, address = server
    srv = matrix.server(combo["server"])
    assert _echo_or_close_code(address, matrix.WEBSOCKET_MAX_SIZE) is None
    over = _echo_or_close_code(address, matrix.WEBSOCKET_MAX_SIZE + 1)
    print(f"{pair_id(combo)}: one byte over 1 MiB: " + ("echoed" if over is None else f"close code {over}"))
    assert over == srv.websocket_too_big  # None: no setting, the server takes it
    if srv.websocket_own_limit:
        size, code = srv.websocket_own_limit
        assert _echo_or_close_code(address, size) is None
        over = _echo_or_close_code(address, size + 1)
        print(f"{pair_id(combo)}: one byte over its own {size // 1048576} MiB: close code {over}")
        # Granian mostly drops the connection (1006), now and then after a close frame without a code (1005).
        assert over == code or (code == 1006 and over == 1005)


@SERVERS
def test_manage_runserver_is_the_servers_own(server: tuple[dict, str], tmp_path: Path) -> None:
    """Where the server ships a Django app (Daphne's, first in INSTALLED_APPS), `manage.py runserver` is that
    server's, serving the ASGI application: Channels' WebSocket consumers answer under it too."""
    combo, address = server
    project, venv = _PROJECTS[address]
    srv = matrix.server(combo["server"])
    if not (srv.django_app and (project / "manage.py").exists()):
        pytest.skip("no Django project on a server that ships a Django app")
    log = tmp_path / "runserver.log"
    runserver = ["sh", "-c", "exec python manage.py runserver $HOST:$PORT --noreload"]
    with projects.serving(runserver, project, venv, log, DJANGO_DEBUG="1", **_data_env(combo)) as dev:
        assert httpx.get(f"http://{dev}/health", timeout=5).json() == {"status": "ok"}
        if combo["websocket"]:
            with connect(f"ws://{dev}/ws", open_timeout=10) as ws:
                ws.send("through runserver")
                assert ws.recv(timeout=10) == "through runserver"
    assert f"ASGI/{srv.label}" in log.read_text(errors="replace")  # "Starting ASGI/Daphne ... development server"


@SERVERS
def test_items_over_http(server: tuple[dict, str]) -> None:
    """Where the framework offers --database: the migrations ran as the README says before the server
    started, and items are created and listed over HTTP (on PostgreSQL, or SQLite where it cannot run)."""
    combo, address = server
    data = _DATA.get(pair_id(combo))
    if data is None:
        pytest.skip("the framework offers no --database")
    e2e_data.crud(address)
    print(f"{pair_id(combo)} ({combo['interface']}; {data.describe()}): CRUD on {data.database.value} ok")


@SERVERS
def test_items_on_sqlite(server: tuple[dict, str], tmp_path: Path) -> None:
    """The default database too: the pair's project migrated onto a SQLite file of its own as the README says
    and served by the Dockerfile's CMD from the same virtualenv (one worker), items created and listed.
    (tests/test_e2e_database.py renders projects with --database sqlite itself, one per data layer.)"""
    combo, address = server
    data = _DATA.get(pair_id(combo))
    if data is None:
        pytest.skip("the framework offers no --database")
    if data.database is not Database.POSTGRES:
        pytest.skip("the pair's own server runs on SQLite already (test_items_over_http)")
    project, venv = _PROJECTS[address]
    sqlite = dataclasses.replace(data, database=Database.SQLITE, url=f"sqlite:///{tmp_path / 'app.db'}")
    e2e_data.migrate(project, venv, sqlite)
    with projects.serving(projects.dockerfile_cmd(project), project, venv, tmp_path / "sqlite.log",
                          **{**_test_env(combo), **sqlite.env, "WEB_CONCURRENCY": "1"}) as on_sqlite:
        e2e_data.crud(on_sqlite)


@SERVERS
def test_database_calls_under_load(server: tuple[dict, str]) -> None:
    """50 concurrent `SELECT pg_sleep(0.2)` through the app's own pool, on the server as the CMD runs it
    with a replica's workers (compose's WEB_CONCURRENCY). ASGI: well under 50 x 0.2 s (bounded by the pool, not
    one after the other) with a WebSocket echo answering within 100 ms meanwhile. WSGI: what its workers x
    threads give, measured and printed."""
    combo, address = server
    data = _DATA.get(pair_id(combo))
    if data is None:
        pytest.skip("the framework offers no --database")
    if data.why_not_postgres:
        pytest.skip(f"pg_sleep needs PostgreSQL: {data.why_not_postgres}")
    run = e2e_data.load(address, combo["websocket"])
    serial = e2e_data.REQUESTS * e2e_data.SLEEP
    print(f"{pair_id(combo)} ({combo['interface']}; {data.describe()}): {e2e_data.REQUESTS} x pg_sleep("
          f"{e2e_data.SLEEP}): {run.wall:.2f} s (about {serial / run.wall:.0f} at once; "
          f"WEB_CONCURRENCY={matrix.server(combo['server']).replica_workers}: "
          f"{matrix.server(combo['server']).concurrency or 'one process'}); "
          f"WebSocket echo meanwhile: {run.echo_summary()}")
    if combo["interface"] == "asgi":
        # The pool holds 15 connections: 4 rounds of 0.2 s, where one after the other takes 10 s.
        assert run.wall < serial / 4, f"{run.wall:.2f} s: the event loop served the queries one after the other"
        # A blocked loop would hold each echo for whole queries; the slowest may take a few scheduler
        # slices on a machine shared with other jobs. (Django on ASGI has no WebSocket: that is Channels'.)
        assert not combo["websocket"] or (statistics.median(run.echoes) < 0.1 and run.echoes[-1] < 1), (
            f"echoes took {run.echoes} s meanwhile")
    else:
        assert run.wall < serial, f"{run.wall:.2f} s"


def check_health_over_http2(url: str, *curl_flags: str, expect: dict[str, str] | None = None) -> None:
    """curl, a client that is not Python's, gets /health (``expect``, by default plain "ok") and reports
    HTTP version 2."""
    curl = shutil.which("curl")
    assert curl, "curl is needed to check HTTP/2"
    out = subprocess.run(
        [curl, "--silent", "--show-error", *curl_flags, "--max-time", "10", "--write-out", "\n%{http_version}", url],
        check=False, capture_output=True, text=True, timeout=30,
    )
    assert out.returncode == 0, out.stderr
    body, version = out.stdout.rsplit("\n", 1)
    assert version == "2"
    assert json.loads(body) == (expect or {"status": "ok"})


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
    print(f"{pair_id(combo)}: {WS_CLIENTS} clients x {WS_ROUNDS} rounds: {len(errors)} errors, "
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


def _drain_pairs() -> dict[str, str]:
    """One pair per server for the SIGTERM test, drain being the server's doing: its first with WebSocket, if any."""
    pairs: dict[str, str] = {}
    for combo in sorted(COMBINATIONS, key=lambda c: not c["websocket"]):
        pairs.setdefault(combo["server"], pair_id(combo))
    return pairs


DRAIN_PAIRS = _drain_pairs()
#: Requests in flight at SIGTERM: no more than the server runs at once with WEB_CONCURRENCY=1
#: (one uWSGI worker, one Waitress thread), so none of them waits in a queue.
IN_FLIGHT = 1


@SERVERS
def test_sigterm_with_requests_in_flight(server: tuple[dict, str], tmp_path: Path) -> None:
    """SIGTERM while slow requests run (and a WebSocket is open), on the CMD with compose's WEB_CONCURRENCY:
    none is cut where the server drains, a connection opened during the drain gets what the matrix says
    (refused, or accepted and left unanswered), it exits within its stated time, and the WebSocket client
    sees what the matrix's shutdown note says."""
    combo, address = server
    if DRAIN_PAIRS[combo["server"]] != pair_id(combo):
        pytest.skip(f"drain is the server's doing: checked on {DRAIN_PAIRS[combo['server']]}")
    srv = matrix.server(combo["server"])
    project, venv = _PROJECTS[address]
    # Hypercorn's read timeout and Granian's HTTP/2 pings, shortened so that the check below takes seconds.
    # HOME is a file, as unusable as the image's user's missing home folder, even to root.
    env = {**_test_env(combo), "WEB_CONCURRENCY": str(srv.replica_workers), "HYPERCORN_READ_TIMEOUT": "2",
           "GRANIAN_HTTP2_KEEP_ALIVE_INTERVAL": "1000", "GRANIAN_HTTP2_KEEP_ALIVE_TIMEOUT": "1", "HOME": "/dev/null"}
    with projects.server_process(projects.dockerfile_cmd(project), project, venv, tmp_path / "stop.log",
                                 **env) as (proc, stopping):
        if combo["http2"]:
            stalled = clients.stalled_http2_frame(stopping, 20)
            print(f"{pair_id(combo)}: a connection stalled inside an HTTP/2 frame was closed after {stalled:.1f}s")
            assert stalled < 5
        requests = max(IN_FLIGHT, srv.replica_workers)
        stop = clients.sigterm_in_flight(proc, stopping, requests, combo["websocket"], srv.shutdown_seconds + 5)
    print(f"{pair_id(combo)}: WEB_CONCURRENCY={srv.replica_workers}: {stop}")
    log = (tmp_path / "stop.log").read_text(errors="replace")
    print(log[-3000:])
    assert "Control server error" not in log  # Gunicorn 25+'s control socket, under a home it cannot write
    assert stop.exit_code is not None and stop.seconds < srv.shutdown_seconds + 1
    if srv.drains:
        assert stop.cut == 0 and stop.seconds >= clients.SLOW_SECONDS - 1
        assert stop.new_connection == srv.new_during_drain  # clients.NEW_CONNECTION_AFTER into the drain
    else:
        assert stop.finished == 0, "the matrix says this server cuts requests in flight"
    if combo["websocket"]:
        if stop.websocket_close is None:
            assert "kept" in srv.shutdown_note
        else:
            assert f"code {stop.websocket_close}" in srv.shutdown_note or f"sees {stop.websocket_close}" in \
                srv.shutdown_note


@SERVERS
def test_broadcast_across_processes_on_redis(server: tuple[dict, str], tmp_path: Path) -> None:
    """/events on the pair's server and one more process of its project, on the pair's redis-server (issue 22):
    delivery to clients of both within 500 ms, again after redis-server restarts, a client that stops reading
    cut off alone (1013, or buffered on Daphne), 100 clients x 50 broadcasts in order, and the second
    process's SIGTERM clean; the pair's server's own shutdown is checked as its fixture stops it."""
    combo, address = server
    if not broadcast.on_redis(combo):
        pytest.skip("redis-server is not installed (.ci/run installs it)" if shutil.which("redis-server") is None
                    else "the pair has no /events broadcast on Redis (ASGI with a WebSocket only)")
    project, venv = _PROJECTS[address]
    main = broadcast.Server(None, address, _SERVER_LOGS[address])
    broadcast.across_processes(pair_id(combo), combo["server"], main, project, venv, tmp_path)
