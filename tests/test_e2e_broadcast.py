"""/events end to end on a sample of ASGI pairs with --redis (every framework and server), on a real redis-server.

For each pair: the project's own tests (in memory), then two processes of the
Dockerfile's CMD on one Redis: a message POSTed on one reaches clients of both within
500 ms; after redis-server restarts, the next message still reaches every client; a client
that stops reading is disconnected with 1013 while the others receive everything; 100
clients over the two processes receive all of 50 broadcasts, in order; SIGTERM stops
each process within its drain time, with no pending-task warnings in its log.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest

from generator import matrix

from . import broadcast, projects

PAIRS = broadcast.sample(broadcast.pairs())

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("redis-server") is None,
                       reason="redis-server is not installed (.ci/run installs it)"),
]

DELIVERY_SECONDS = 0.5
CLIENTS, BROADCASTS = 100, 50
#: Enough to fill the kernel's socket buffers (a few MB) and then a client's queue of 100.
SLOW_MESSAGES, SLOW_SIZE = 300, 32 * 1024


def _id(combo: dict) -> str:
    return f"{combo['framework']}-{combo['server']}"


@pytest.mark.parametrize(
    "combo", [pytest.param(c, marks=pytest.mark.xdist_group(f"broadcast-{_id(c)}")) for c in PAIRS],
    ids=[_id(c) for c in PAIRS],
)
def test_broadcast_across_processes_on_redis(combo: dict, tmp_path: Path) -> None:
    project = projects.generate(tmp_path, "e2e-app", broadcast.flags(combo))
    venv = tmp_path / "venv"
    python = projects.install(project, venv)
    tests = projects.run_own_tests(project, python)
    assert tests.returncode == 0, tests.stdout + tests.stderr

    redis = broadcast.Redis(tmp_path)
    redis.start()
    try:
        with broadcast.servers(project, venv, redis.url) as servers:
            try:
                asyncio.run(_scenario(combo, redis, servers))
                for server in servers:
                    assert broadcast.shutdown_problems(server.log) == []
            finally:
                for server in servers:
                    print(f"--- {server.log.name}\n" + server.log.read_text(errors="replace")[-4000:])
    finally:
        redis.stop()


async def _scenario(combo: dict, redis: broadcast.Redis, servers: list[broadcast.Server]) -> None:
    await asyncio.to_thread(broadcast.wait_until_subscribed, redis, servers, 0)
    async with broadcast.open_clients(servers, 4) as clients:
        # Across processes: POSTed on the first server, received by clients of both.
        seconds, _ = await broadcast.broadcast_round(servers, clients, ["across"], timeout=DELIVERY_SECONDS)
        print(f"{_id(combo)}: delivered across processes in {seconds * 1000:.0f} ms")

        # Redis restarts (losing every subscription); clients stay connected and the next message arrives.
        redis.stop()
        await asyncio.to_thread(_wait_degraded, servers)
        redis.start()
        await asyncio.to_thread(broadcast.wait_until_subscribed, redis, servers, len(servers))
        await broadcast.broadcast_round(servers, clients, ["after restart"], timeout=5)

        await _slow_client(combo, servers, clients)

    async with broadcast.open_clients(servers, CLIENTS) as clients:
        messages = [f"message {n}" for n in range(BROADCASTS)]
        seconds, _ = await broadcast.broadcast_round(servers, clients, messages, timeout=60)
        print(f"{_id(combo)}: {CLIENTS} clients x {BROADCASTS} broadcasts in {seconds:.2f}s: "
              f"{BROADCASTS / seconds:.0f} broadcasts/s, {CLIENTS * BROADCASTS / seconds:.0f} deliveries/s")

        # SIGTERM with every client still connected: each process closes them and exits within its drain time.
        drain = matrix.server(combo["server"]).shutdown_seconds
        exits = await asyncio.gather(*(asyncio.to_thread(server.terminate) for server in servers))
        print(f"{_id(combo)}: exited {max(exits):.2f}s after SIGTERM (drain time {drain}s), "
              f"clients closed with {sorted({ws.close_code for ws in clients.sockets}, key=str)}")
        assert max(exits) <= drain + 5
        assert all(ws.close_code is not None for ws in clients.sockets)


async def _slow_client(combo: dict, servers: list[broadcast.Server], clients: broadcast.Clients) -> None:
    """A client that stops reading holds no one up: the others receive every message in order.

    Where the server makes a send wait (``websocket_send_waits``), the slow client receives an
    unbroken run of messages and then close code 1013, before the last message: it was CLIENT_QUEUE
    behind. Daphne buffers every message instead, and the slow client gets them all.
    """
    slow = await asyncio.to_thread(broadcast.SlowClient, servers[0])
    await asyncio.sleep(0.2)  # its handshake is done; its subscription follows at once
    messages = [f"{n:04d} " + "x" * SLOW_SIZE for n in range(SLOW_MESSAGES)]
    seconds, _ = await broadcast.broadcast_round(servers, clients, messages, timeout=60)
    texts, code = await asyncio.to_thread(slow.frames)
    numbers = [int(text[:4]) for text in texts]
    print(f"{_id(combo)}: {SLOW_MESSAGES} x {SLOW_SIZE // 1024} KiB to the others in {seconds:.2f}s; the client that"
          f" stopped reading got {len(numbers)} ({numbers[:1]}..{numbers[-1:]}), close code {code}")
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True, "a gap"
    if matrix.server(combo["server"]).websocket_send_waits:
        assert code == 1013 and (not numbers or numbers[-1] < SLOW_MESSAGES - 1)
    else:
        assert code is None and numbers[-1] == SLOW_MESSAGES - 1


def _wait_degraded(servers: list[broadcast.Server], timeout: float = 30) -> None:
    """/health says Redis is away, and still answers 200 (liveness holds)."""
    deadline = time.monotonic() + timeout
    while not all(s.health() == {"status": "degraded", "redis": "unavailable"} for s in servers):
        assert time.monotonic() < deadline, f"not degraded: {[s.health() for s in servers]}"
        time.sleep(0.1)
