"""The /events broadcast against a real Redis: shared by its end-to-end test and the benchmark.

redis-server from the system stands in for compose's Redis. Two server processes
run the Dockerfile's CMD, so that a message must cross processes through Redis;
WebSocket clients connect to both, POST /events goes to one. In tests/test_e2e.py the
first is the pair's e2e server itself (generated with --redis, on a redis-server of its
own) and the second one more process of the same project and virtualenv: the scenario
costs no install of its own. The benchmark starts two processes of one worker each.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from websockets.asyncio.client import ClientConnection, connect

from generator import matrix

from . import projects

#: Lines a clean shutdown never logs.
SHUTDOWN_WARNINGS = ("Task was destroyed but it is pending", "Task exception was never retrieved",
                     "was never awaited", "Event loop is closed")


class Redis:
    """redis-server on 127.0.0.1 and a free port, restartable on the same port."""

    def __init__(self, work: Path) -> None:
        self.work, self.port = work, projects.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def cli(self, *args: str) -> str:
        return subprocess.run(["redis-cli", "-p", str(self.port), *args], check=False, capture_output=True,
                              text=True, timeout=10).stdout.strip()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.work)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while self.cli("ping") != "PONG":
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None:
            projects.stop(self.proc)
            self.proc = None

    def subscribers(self) -> int:
        """Connections subscribed to the events channel (one per server process)."""
        channels = [c for c in self.cli("pubsub", "channels").splitlines() if "events" in c]
        counts = [self.cli("pubsub", "numsub", c).splitlines() for c in channels]
        return sum(int(lines[1]) for lines in counts if len(lines) == 2)


@dataclass
class Server:
    """A running server; ``proc`` is None for one a fixture owns (the scenario never stops it)."""

    proc: subprocess.Popen | None
    address: str
    log: Path

    def health(self) -> dict:
        return httpx.get(f"http://{self.address}/health", timeout=5).json()

    def terminate(self) -> float:
        """SIGTERM, as a container runtime sends it; the seconds until the process exited."""
        assert self.proc is not None, "not this scenario's process to stop"
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        finally:
            projects.stop(self.proc)
        return time.monotonic() - started


@contextmanager
def servers(project: Path, venv: Path, redis_url: str, count: int = 2,
            logs: Path | None = None) -> Iterator[list[Server]]:
    """``count`` processes of the Dockerfile's CMD, one worker each, on Redis; stopped by PID at the end.
    Their logs go to ``logs`` (by default the project's parent folder)."""
    with ExitStack() as stack:
        started = []
        for n in range(count):
            log = (logs or project.parent) / f"server-{n}.log"
            for _ in range(3):  # a free port can be taken by another test's server before this one binds it
                port = projects.free_port()
                out = stack.enter_context(log.open("wb"))
                proc = subprocess.Popen(
                    projects.dockerfile_cmd(project), cwd=project, stdout=out, stderr=subprocess.STDOUT,
                    env=projects.venv_env(venv, HOST="127.0.0.1", PORT=str(port), WEB_CONCURRENCY="1",
                                          REDIS_URL=redis_url),
                    start_new_session=True,
                )
                stack.callback(projects.stop, proc)
                try:
                    projects.wait_for_health(f"127.0.0.1:{port}", proc)
                    time.sleep(0.5)  # the /health answer may have been the other server's; ours then exits
                except AssertionError:
                    if b"already in use" not in log.read_bytes():
                        raise
                if proc.poll() is None:
                    break
                assert b"already in use" in log.read_bytes(), f"server {n} exited with {proc.returncode}"
            else:
                raise AssertionError(f"server {n} found no free port in 3 tries")
            started.append(Server(proc, f"127.0.0.1:{port}", log))
        yield started


def wait_until_subscribed(redis: Redis, servers: list[Server], subscribers: int, timeout: float = 30) -> None:
    """Every process reports Redis ok, and at least ``subscribers`` connections listen on the events channel.

    The shared layer subscribes at startup; Channels' layer only once a client has joined the group.
    """
    deadline = time.monotonic() + timeout
    while not (redis.subscribers() >= subscribers and all(s.health().get("redis") == "ok" for s in servers)):
        assert time.monotonic() < deadline, f"not subscribed: {[s.health() for s in servers]}"
        time.sleep(0.1)


class Clients:
    """WebSocket clients on /events, spread round-robin over the servers (open them with ``open_clients``)."""

    def __init__(self, servers: list[Server], sockets: list[ClientConnection]) -> None:
        self.servers, self.sockets = servers, sockets

    async def warm_up(self) -> None:
        """Publish until every client has received something: a client is subscribed just after its handshake."""
        async with httpx.AsyncClient(timeout=10) as http:
            waiting = [asyncio.ensure_future(ws.recv()) for ws in self.sockets]
            try:
                for _ in range(100):
                    await publish(http, self.servers[0], "warm-up")
                    done, _ = await asyncio.wait(waiting, timeout=0.2)
                    if len(done) == len(waiting):
                        break
                assert all(task.done() for task in waiting), "some clients never received anything"
            finally:
                for task in waiting:
                    task.cancel()
            # Skip what is left of the warm-up, on every client at once.
            await asyncio.gather(*(_drain(ws) for ws in self.sockets))

    async def receive_all(self, expected: list[str], timeout: float) -> list[float]:
        """Each client receives exactly ``expected`` in order; returns when each got its last, in seconds."""
        started = time.monotonic()

        async def one(ws: ClientConnection) -> float:
            got = [await ws.recv() for _ in expected]
            assert got == expected, f"received {got[:5]}..., expected {expected[:5]}..."
            return time.monotonic() - started

        return await asyncio.wait_for(asyncio.gather(*(one(ws) for ws in self.sockets)), timeout)


async def _drain(ws: ClientConnection, quiet: float = 0.3) -> None:
    """Read until nothing has come for ``quiet`` seconds."""
    while True:
        try:
            await asyncio.wait_for(ws.recv(), quiet)
        except asyncio.TimeoutError:
            return


@asynccontextmanager
async def open_clients(servers: list[Server], count: int) -> AsyncIterator[Clients]:
    """``count`` clients, each subscribed (it has received a warm-up message) before this yields."""
    sockets = await asyncio.gather(*(
        connect(f"ws://{servers[n % len(servers)].address}/events", open_timeout=30, max_queue=None)
        for n in range(count)
    ))
    try:
        clients = Clients(servers, list(sockets))
        await clients.warm_up()
        yield clients
    finally:
        await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)


async def publish(http: httpx.AsyncClient, server: Server, message: str) -> None:
    response = await http.post(f"http://{server.address}/events", json={"message": message})
    assert response.status_code == 202, response.text


async def broadcast_round(servers: list[Server], clients: Clients, messages: list[str],
                          timeout: float) -> tuple[float, list[float]]:
    """POST each message on the first server, in order; returns the seconds until every client had all."""
    receiving = asyncio.ensure_future(clients.receive_all(messages, timeout))
    started = time.monotonic()
    async with httpx.AsyncClient(timeout=10) as http:
        for message in messages:
            await publish(http, servers[0], message)
    latencies = await receiving
    return time.monotonic() - started, latencies


class SlowClient:
    """A real WebSocket client on /events that stops reading after its handshake.

    A plain socket with a small receive buffer, so that what the server sends piles up in
    the server (its write buffer, then the broadcast's queue for this client) rather than in
    a client library. ``frames`` reads, at the end, whatever the server sent.
    """

    def __init__(self, server: Server) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.settimeout(10)
        host, port = server.address.rsplit(":", 1)
        self.sock.connect((host, int(port)))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(f"GET /events HTTP/1.1\r\nHost: {server.address}\r\nUpgrade: websocket\r\n"
                          f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
                          .encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)  # byte by byte: nothing after the handshake is read
        assert head.startswith(b"HTTP/1.1 101"), head

    def frames(self, quiet: float = 3) -> tuple[list[str], int | None]:
        """Read until a close frame comes, the connection ends or nothing comes for ``quiet`` s: the text
        messages, and the close code."""
        data = bytearray()
        texts: list[str] = []
        code, at = None, 0
        self.sock.settimeout(quiet)
        try:
            while code is None and (chunk := self.sock.recv(1 << 20)):
                data += chunk
                while (frame := _frame(data, at)) is not None:
                    opcode, payload, at = frame
                    if opcode == 1:
                        texts.append(payload.decode())
                    elif opcode == 8:
                        code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                        break
        except (TimeoutError, ConnectionResetError):
            pass
        finally:
            self.sock.close()
        return texts, code


def _frame(data: bytearray, at: int) -> tuple[int, bytes, int] | None:
    """The server's (unmasked) frame starting at ``at``: its opcode, payload and the offset after it; None
    until all of it has come."""
    if at + 2 > len(data):
        return None
    opcode, length, start = data[at] & 0x0F, data[at + 1] & 0x7F, at + 2
    if length >= 126:
        size = 2 if length == 126 else 8
        if start + size > len(data):
            return None
        length, start = int.from_bytes(data[start:start + size], "big"), start + size
    if start + length > len(data):
        return None
    return opcode, bytes(data[start:start + length]), start + length


def shutdown_problems(log: Path) -> list[str]:
    return [line for line in log.read_text(errors="replace").splitlines()
            if any(warning in line for warning in SHUTDOWN_WARNINGS)]


def flags(combo: dict) -> list[str]:
    return ["--framework", combo["framework"], "--server", combo["server"], "--websocket", "--redis"]


def pairs() -> list[dict]:
    """Every pair `list --json` reports that can hold a WebSocket, of a framework with the /events broadcast."""
    listed = json.loads(projects.sgi_scaffold("list", "--json").stdout)
    broadcasting = {fw["name"] for fw in listed["frameworks"] if fw.get("broadcast")}
    return [c for c in listed["combinations"]
            if c["interface"] == "asgi" and c["websocket"] and c["framework"] in broadcasting]


# --- The scenario on the e2e servers (tests/test_e2e.py) -------------------------------------------------

#: Delivery to clients of both processes, and the load: CLIENTS clients over both processes, BROADCASTS messages.
DELIVERY_SECONDS = 0.5
CLIENTS, BROADCASTS = 100, 50
#: Enough to fill the kernel's socket buffers (a few MB) and then a client's queue of 100.
SLOW_MESSAGES, SLOW_SIZE = 300, 32 * 1024

#: Each e2e server's own redis-server, by the folder the pair's project was generated in.
REDIS: dict[Path, Redis] = {}


def on_redis(combo: dict) -> bool:
    """Whether the pair's e2e server is generated with --redis and serves on a redis-server: every ASGI pair
    with a WebSocket whose framework carries /events through Redis, where redis-server is installed."""
    return (combo["interface"] == "asgi" and bool(combo["websocket"])
            and bool(matrix.framework(combo["framework"]).redis) and shutil.which("redis-server") is not None)


@contextmanager
def redis_for(combo: dict, work: Path, log: Path) -> Iterator[dict[str, str]]:
    """For a pair on Redis, a redis-server of its own (the broadcast test restarts it: no other pair's server
    sees that) and REDIS_URL for its server; nothing for any other pair. Enter it before the server and leave
    it after: once the server has stopped, its log must hold no pending-task warnings."""
    if not on_redis(combo):
        yield {}
        return
    redis = REDIS[work] = Redis(work)
    redis.start()
    try:
        yield {"REDIS_URL": redis.url}
        assert shutdown_problems(log) == [], "the server's log at shutdown"
    finally:
        redis.stop()
        del REDIS[work]


@dataclass
class Row:
    """One line of issue 22's table, filled in as the scenario goes."""

    pair: str
    across: str = "-"
    after_restart: str = "-"
    delivered: str = "-"
    shutdown: str = "-"
    per_second: str = "-"
    #: Seconds each step took, to see where the check's time goes.
    steps: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.steps[name] = round(time.monotonic() - started, 2)

    def __str__(self) -> str:
        return (f"broadcast | {self.pair} | {self.across} | {self.after_restart} | {self.delivered} | "
                f"{self.shutdown} | {self.per_second} | steps {self.steps}")


def across_processes(pair: str, server_key: str, main: Server, project: Path, venv: Path, work: Path) -> Row:
    """The whole check on the pair's running e2e server (``main``, on its own Redis) and one more process of
    the same project: delivery to both within DELIVERY_SECONDS, delivery after Redis restarts, a slow client
    cut off alone, CLIENTS x BROADCASTS in order, and the second process's SIGTERM: within its drain time and
    without pending-task warnings. The main server's own shutdown is checked when its fixture stops it."""
    redis = REDIS[main.log.parent]
    row = Row(pair)
    try:
        with servers(project, venv, redis.url, count=1, logs=work) as (second,):
            try:
                asyncio.run(_scenario(row, server_key, redis, [main, second]))
                assert shutdown_problems(second.log) == []
                row.shutdown += ", no warnings"
            finally:
                print(f"--- {second.log.name}\n" + second.log.read_text(errors="replace")[-4000:])
    finally:
        print(row)
    return row


async def _scenario(row: Row, server_key: str, redis: Redis, both: list[Server]) -> None:
    with row.step("subscribed"):
        await asyncio.to_thread(wait_until_subscribed, redis, both, 0)
    async with open_clients(both, 4) as clients:
        # Across processes: POSTed on the first server, received by clients of both.
        seconds, _ = await broadcast_round(both, clients, ["across"], timeout=DELIVERY_SECONDS)
        row.across = f"ok, {seconds * 1000:.0f} ms"

        # Redis restarts (losing every subscription); clients stay connected and the next message arrives.
        # Every process with a client is subscribed now (Channels' layer subscribes with the first one).
        with row.step("restart"):
            subscribed = redis.subscribers()
            redis.stop()
            await asyncio.to_thread(_wait_degraded, both)
            redis.start()
            await asyncio.to_thread(wait_until_subscribed, redis, both, subscribed)
            seconds, _ = await broadcast_round(both, clients, ["after restart"], timeout=5)
        row.after_restart = f"ok, {seconds * 1000:.0f} ms"

        with row.step("slow"):
            await _slow_client(row.pair, server_key, both, clients)

    with row.step("load"):
        async with open_clients(both, CLIENTS) as clients:
            messages = [f"message {n}" for n in range(BROADCASTS)]
            seconds, _ = await broadcast_round(both, clients, messages, timeout=60)
            row.delivered = f"{CLIENTS}x{BROADCASTS} in {seconds:.2f}s"
            row.per_second = f"{BROADCASTS / seconds:.0f} msg/s ({CLIENTS * BROADCASTS / seconds:.0f} deliveries/s)"
            with row.step("sigterm"):
                await _sigterm(row, server_key, both[1], clients.sockets[1::len(both)])


async def _sigterm(row: Row, server_key: str, second: Server, theirs: list[ClientConnection]) -> None:
    """SIGTERM with its clients (``theirs``) still connected: the process closes them and exits within its drain."""
    srv = matrix.server(server_key)
    assert second.proc is not None
    leaving: list[asyncio.Future] = []
    started = time.monotonic()
    second.proc.send_signal(signal.SIGTERM)
    if "kept" in srv.shutdown_note:
        # Gunicorn's ASGI worker and Hypercorn keep them for the whole drain (test_sigterm_with_requests_in_flight
        # checks that on one pair each): here the clients leave a second into it, as reconnecting ones do.
        await asyncio.sleep(1)
        assert all(ws.close_code is None for ws in theirs), "the matrix says the server keeps them"
        leaving = [asyncio.ensure_future(ws.close()) for ws in theirs]  # not waited for: the exit is timed
    await asyncio.to_thread(second.proc.wait, srv.shutdown_seconds + 5)
    took = time.monotonic() - started
    await asyncio.gather(*(ws.wait_closed() for ws in theirs), *leaving)
    codes = sorted({ws.close_code for ws in theirs}, key=str)
    print(f"{row.pair}: exited {took:.2f}s after SIGTERM (drain time {srv.shutdown_seconds}s), clients closed"
          f" with {codes}")
    assert took <= srv.shutdown_seconds + 5
    assert all(ws.close_code is not None for ws in theirs)
    row.shutdown = f"{took:.1f}s (drain {srv.shutdown_seconds}s)"


async def _slow_client(pair: str, server_key: str, both: list[Server], clients: Clients) -> None:
    """A client that stops reading holds no one up: the others receive every message in order.

    Where the server makes a send wait (``websocket_send_waits``), the slow client receives an
    unbroken run of messages and then close code 1013, before the last message: it was CLIENT_QUEUE
    behind. Daphne buffers every message instead, and the slow client gets them all.
    """
    slow = await asyncio.to_thread(SlowClient, both[0])
    await asyncio.sleep(0.2)  # its handshake is done; its subscription follows at once
    messages = [f"{n:04d} " + "x" * SLOW_SIZE for n in range(SLOW_MESSAGES)]
    seconds, _ = await broadcast_round(both, clients, messages, timeout=60)
    texts, code = await asyncio.to_thread(slow.frames)
    numbers = [int(text[:4]) for text in texts]
    print(f"{pair}: {SLOW_MESSAGES} x {SLOW_SIZE // 1024} KiB to the others in {seconds:.2f}s; the client that"
          f" stopped reading got {len(numbers)} ({numbers[:1]}..{numbers[-1:]}), close code {code}")
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True, "a gap"
    if matrix.server(server_key).websocket_send_waits:
        assert code == 1013 and (not numbers or numbers[-1] < SLOW_MESSAGES - 1)
    else:
        assert code is None and numbers[-1] == SLOW_MESSAGES - 1


def _wait_degraded(both: list[Server], timeout: float = 30) -> None:
    """/health says Redis is away, and still answers 200 (liveness holds)."""
    deadline = time.monotonic() + timeout
    while not all(s.health() == {"status": "degraded", "redis": "unavailable"} for s in both):
        assert time.monotonic() < deadline, f"not degraded: {[s.health() for s in both]}"
        time.sleep(0.1)
