"""Clients the end-to-end tests drive a served project with, beyond httpx and websockets:
nghttp2's nghttp, a SIGTERM with requests in flight, raw sockets for what a polite
client never sends, and the test-only probe routes (tests/probe/sitecustomize.py).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from websockets.asyncio.client import connect as connect_async
from websockets.exceptions import ConnectionClosed

PROBE = Path(__file__).resolve().parent / "probe"
#: How long the slow probe route takes; SIGTERM comes while it runs.
SLOW_SECONDS = 4.0
#: When, after SIGTERM, a new connection tries its luck: well inside the drain (the slow requests end
#: about 3 s after SIGTERM), and late enough that every worker has had the signal. Half a second was
#: not, under CI's load: a Gunicorn worker logged "shutting down" a second after its master's SIGTERM
#: and answered the new connection meanwhile.
NEW_CONNECTION_AFTER = 1.5


def probe_env(app: str, interface: str) -> dict[str, str]:
    """The environment that wraps ``app`` with the probe routes in every server process."""
    path = os.pathsep.join(filter(None, [str(PROBE), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, "E2E_PROBE_APP": app, "E2E_PROBE_INTERFACE": interface}


def metric(text: str, name: str, where: Callable[[dict[str, str]], bool] = lambda labels: True) -> float:
    """The sum of the samples of ``name`` in Prometheus' text format whose labels ``where`` accepts."""
    total = 0.0
    for line in text.splitlines():
        if match := re.fullmatch(r"(\w+)(?:\{(.*)\})? (\S+)(?: \d+)?", line.strip()):
            labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match[2] or ""))
            if match[1] == name and where(labels):
                total += float(match[3])
    return total


def nghttp(url: str, *flags: str) -> subprocess.CompletedProcess[str]:
    """nghttp2's client (HTTP/2 only: prior knowledge over http://, ALPN over https://, ``-u`` to upgrade)."""
    tool = shutil.which("nghttp")
    assert tool, "nghttp is needed (Debian's nghttp2-client)"
    return subprocess.run([tool, "--timeout=10", *flags, url], check=False, capture_output=True, text=True,
                          timeout=30)


def echo(address: str, source: str, **headers: str) -> dict:
    """The probe's view of a request sent from the local address ``source``: its scheme and client."""
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(transport=transport, timeout=10) as client:
        response = client.get(f"http://{address}/__probe/echo", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


@dataclass
class Stop:
    """What a SIGTERM did to a server with requests (and a WebSocket) open."""

    cut: int
    finished: int
    seconds: float
    exit_code: int | None
    #: The close code the WebSocket client saw within a few seconds; None if it stayed open.
    websocket_close: int | None = None
    #: What a new connection got NEW_CONNECTION_AFTER seconds into the drain (see ``_new_connection``), and when.
    new_connection: str = ""
    new_connection_seconds: float = 0.0


#: How long a new connection made during the drain waits for its answer.
NEW_CONNECTION_WAIT = 3.0


def _new_connection(address: str) -> tuple[str, float]:
    """What GET /health on a new connection gets, and after how long: "refused" (nothing listens),
    "answered" (a status line) or "unanswered" (accepted, then closed without an answer or left
    without one for NEW_CONNECTION_WAIT)."""
    host, port = address.rsplit(":", 1)
    started = time.monotonic()
    try:
        with socket.create_connection((host, int(port)), timeout=NEW_CONNECTION_WAIT) as sock:
            sock.sendall(f"GET /health HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n".encode())
            got = "answered" if sock.recv(64).startswith(b"HTTP/1.1 ") else "unanswered"
    except ConnectionRefusedError:
        got = "refused"
    except OSError:  # TimeoutError, ConnectionResetError
        got = "unanswered"
    return got, time.monotonic() - started


async def _sigterm_in_flight(proc: subprocess.Popen, address: str, requests: int, websocket: bool,
                             wait: float) -> Stop:
    ws = await connect_async(f"ws://{address}/ws", open_timeout=10) if websocket else None
    async with httpx.AsyncClient(timeout=wait + 10) as client:
        async def slow() -> bool:
            try:
                response = await client.get(f"http://{address}/__probe/slow?{SLOW_SECONDS}")
                return response.status_code == 200 and response.text == "slow done"
            except httpx.TransportError:
                return False

        tasks = [asyncio.create_task(slow()) for _ in range(requests)]
        await asyncio.sleep(0.8)  # every request is in the app now
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        await asyncio.sleep(NEW_CONNECTION_AFTER)
        new = asyncio.create_task(asyncio.to_thread(_new_connection, address))
        close_code = None
        if ws is not None:
            try:
                await asyncio.wait_for(ws.recv(), SLOW_SECONDS + 2)
            except ConnectionClosed:
                close_code = ws.close_code if ws.close_code is not None else 1006
            except TimeoutError:
                await ws.close()  # still open: the client leaves, as it would
        done = await asyncio.gather(*tasks)
        new_connection, new_seconds = await new
    while proc.poll() is None and time.monotonic() - started < wait:
        await asyncio.sleep(0.05)
    return Stop(cut=done.count(False), finished=done.count(True), seconds=time.monotonic() - started,
                exit_code=proc.poll(), websocket_close=close_code, new_connection=new_connection,
                new_connection_seconds=new_seconds)


def sigterm_in_flight(proc: subprocess.Popen, address: str, requests: int, websocket: bool, wait: float) -> Stop:
    """Start ``requests`` slow requests (and open a WebSocket), SIGTERM the server, and see what happens."""
    return asyncio.run(_sigterm_in_flight(proc, address, requests, websocket, wait))


def stalled_http2_frame(address: str, limit: float) -> float:
    """Seconds until the server closes a connection that announces a 16 KiB frame and never sends it."""
    host, port = address.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=limit) as sock:
        settings = b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"  # an empty SETTINGS frame
        headers = b"\x00\x40\x00\x01\x04\x00\x00\x00\x01"  # HEADERS of 16 KiB on stream 1, which never come
        sock.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + settings + headers)
        started = time.monotonic()
        try:
            while sock.recv(65536):
                pass
        except TimeoutError:
            return float("inf")
        except ConnectionResetError:
            pass
        return time.monotonic() - started


def big_header_status(address: str, size: int) -> str:
    """The status line (or "closed") a request head of ``size`` bytes, padded by one X-Big header, gets
    over HTTP/1.1."""
    host, port = address.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        head = f"GET /health HTTP/1.1\r\nHost: {address}\r\nX-Big: \r\n\r\n"
        request = head.replace("X-Big: ", "X-Big: " + "a" * (size - len(head))).encode()
        try:
            sock.sendall(request)
            answer = sock.recv(4096)
        except (ConnectionResetError, BrokenPipeError):
            return "closed"
    return answer.split(b"\r\n", 1)[0].decode() if answer else "closed"


def _sent_header_list(verbose: str) -> int:
    """The size of the header list nghttp -v says it sent, as HTTP/2 counts it: name, value and 32 bytes a field."""
    lines = verbose.split("send HEADERS frame", 1)[1].splitlines()[1:]
    fields = [line.strip() for line in lines[:next(i for i, line in enumerate(lines) if line.startswith("["))]]
    return sum(len(field) - 2 + 32 for field in fields if field[:1] not in (";", "("))  # "name: value"


def http2_header_list_status(address: str, size: int) -> str:
    """The :status (or nghttp's error) GET /health gets over HTTP/2 with a header list of exactly ``size``
    bytes, padded by one x-big field: nghttp's own fields are measured first, from what it says it sent."""
    url = f"http://{address}/health"
    padding = size - _sent_header_list(nghttp(url, "-v", "-H", "x-big: a").stdout) + 1
    sent = nghttp(url, "-v", "-H", f"x-big: {'a' * padding}")
    assert _sent_header_list(sent.stdout) == size, "nghttp sent other fields than it did a moment ago"
    status = re.search(r"recv \(stream_id=\d+\) :status: (\d+)", sent.stdout)
    return status[1] if status else (sent.stderr.strip() or "no answer")
