"""Benchmark the initializr: ``/starter.zip`` at 1 and 32 concurrent clients, against ``sgi-scaffold new``.

    python3 -m pip install --quiet uv && python3 -m uv run python -m bench.serve [--workers N] [--no-cli]

Three rows per concurrency:

- ``starter.zip, same answers``: every request asks for the same project (the
  server's cache of archives answers);
- ``starter.zip, new name each``: every request names a new project, so every
  request renders its files and builds its zip (the worst case; the templates
  stay compiled, as render.py keeps them per set of layers);
- ``sgi-scaffold new``: the CLI writing the same project to disk, one process per run.

The client is ``wrk`` where it is installed (Debian's wrk: a C client that
leaves the CPU to the server; a Lua script gives every request its own name),
else nghttp2's ``h2load`` speaking HTTP/1.1 for same answers and httpx on asyncio
for new names; it runs on the same machine. wrk rows run for a time, not a count.
Latencies are per request as the client sees them. "CPU ms each" is
the CPU time the server processes (or the CLI processes) spent per request:
unlike latency it hardly depends on how busy the shared machine is.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import httpx

from tests.initializr import initializr_process

ANSWERS = {"framework": "fastapi", "server": "hypercorn", "websocket": "true", "http2": "true", "name": "chat"}
CLI = [str(Path(sys.executable).parent / "sgi-scaffold"), "new", "--no-input", "--framework", "fastapi",
       "--server", "hypercorn", "--websocket", "--http2", "--name", "chat"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _row(what: str, clients: int, latencies: list[float], errors: int, elapsed: float, cpu: float) -> tuple:
    total = len(latencies) + errors
    return (what, clients, total, errors, 1000 * statistics.median(latencies), 1000 * _percentile(latencies, 0.99),
            total / elapsed, 1000 * cpu / total)


def _cpu_seconds(root: int) -> float:
    """User and system CPU time of ``root`` and its child processes (uvicorn's workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if root in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _measured(what: str, clients: int, run, pid: int | None) -> tuple:
    """Run one row; the CPU column is the server's (HTTP rows) or the CLI processes' (CLI rows)."""
    before = _cpu_seconds(pid) if pid else os.times()
    latencies, errors, elapsed = run()
    if pid:
        cpu = _cpu_seconds(pid) - before
    else:
        after = os.times()
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return _row(what, clients, latencies, errors, elapsed, cpu)


async def _load(base: str, clients: int, requests: int, distinct: bool) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        async def worker() -> None:
            nonlocal errors
            for index in counter:
                params = {**ANSWERS, "name": f"svc {index}"} if distinct else ANSWERS
                start = time.perf_counter()
                try:
                    response = await client.get("/starter.zip", params=params)
                    ok = response.status_code == 200 and response.content[:2] == b"PK"
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - start)
                else:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return latencies, errors, time.perf_counter() - began


def _h2load(base: str, clients: int, requests: int) -> tuple[list[float], int, float]:
    """The same-answers load from nghttp2's h2load (HTTP/1.1, keep-alive): a C client that leaves the CPU
    to the server. (Not for new names: every h2load client walks the same list of URLs from its start.)"""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "log"
        began = time.perf_counter()
        subprocess.run(["h2load", "--h1", "-n", str(requests), "-c", str(clients), "-m", "1",
                        "--log-file", str(log), f"{base}/starter.zip?{urlencode(ANSWERS)}"],
                       check=True, capture_output=True)
        elapsed = time.perf_counter() - began
        rows = [line.split("\t") for line in log.read_text().splitlines() if line]
    latencies = [int(row[2]) / 1e6 for row in rows if row[1] == "200"]
    return latencies, requests - len(latencies), elapsed


#: wrk's script: the answers' query from the command line, a new project name per request where asked,
#: and one line of results (latencies in microseconds) for this module to read.
_WRK_SCRIPT = """
local query, distinct, counter, threads = "", false, 0, 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) query, distinct = args[1], args[2] == "1" end
function request()
  counter = counter + 1
  local path = "/starter.zip?" .. query
  if distinct then path = path .. "&name=svc-" .. tid .. "-" .. counter end
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.status + e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, errors, summary.duration,
                         latency:percentile(50), latency:percentile(99)))
end
"""


def _wrk(base: str, clients: int, seconds: int, distinct: bool) -> tuple[float, float, int, int, float]:
    """(p50 s, p99 s, requests, errors, elapsed s) from wrk, HTTP/1.1 keep-alive, one connection per client."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bench.lua"
        script.write_text(_WRK_SCRIPT)
        threads = min(clients, 2)
        query = {key: value for key, value in ANSWERS.items() if not (distinct and key == "name")}
        done = subprocess.run(["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "60s",
                               "-s", str(script), base, "--", urlencode(query), "1" if distinct else "0"],
                              check=True, capture_output=True, text=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    requests, errors, duration, p50, p99 = (int(field) for field in line.split()[1:])
    return p50 / 1e6, p99 / 1e6, requests, errors, duration / 1e6


def _wrk_row(what: str, clients: int, base: str, seconds: int, distinct: bool, pid: int) -> tuple:
    before = _cpu_seconds(pid)
    p50, p99, requests, errors, elapsed = _wrk(base, clients, seconds, distinct)
    cpu = _cpu_seconds(pid) - before
    return (what, clients, requests, errors, 1000 * p50, 1000 * p99, requests / elapsed, 1000 * cpu / max(requests, 1))


def _cli(clients: int, runs: int) -> tuple[list[float], int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        def one(index: int) -> float | None:
            start = time.perf_counter()
            done = subprocess.run([*CLI, "-o", f"{tmp}/{index}"], check=False, capture_output=True)
            return time.perf_counter() - start if done.returncode == 0 else None

        began = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(one, range(runs)))
        elapsed = time.perf_counter() - began
    latencies = [r for r in results if r is not None]
    return latencies, len(results) - len(latencies), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per HTTP row (default 400)")
    parser.add_argument("--cli-runs", type=int, default=64, help="CLI runs per row (default 64)")
    parser.add_argument("--seconds", type=int, default=15, help="seconds per HTTP row with wrk (default 15)")
    parser.add_argument("--httpx", action="store_true", help="load from httpx even where wrk or h2load is installed")
    parser.add_argument("--no-cli", action="store_true", help="leave out the sgi-scaffold new rows")
    parser.add_argument("--workers", type=int, default=1, help="sgi-scaffold serve --workers (default 1)")
    args = parser.parse_args()
    rows = []
    wrk = shutil.which("wrk") and not args.httpx
    h2load = shutil.which("h2load") and not args.httpx and not wrk
    client = ("wrk" if wrk else "h2load (nghttp2-client) for same answers, httpx for new names" if h2load
              else "httpx")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; client: {client};"
          f" {args.workers} server process(es)")
    log = Path(tempfile.mkdtemp()) / "server.log"
    with initializr_process(log, "--workers", str(args.workers)) as (base, server):
        asyncio.run(_load(base, 4, 40, distinct=False))  # warm up: imports, templates, the cache
        for clients in (1, 32):
            for what, distinct in (("starter.zip, same answers", False), ("starter.zip, new name each", True)):
                if wrk:
                    rows.append(_wrk_row(what, clients, base, args.seconds, distinct, server.pid))
                    continue
                if h2load and not distinct:
                    run = partial(_h2load, base, clients, args.requests)
                else:
                    run = partial(asyncio.run, _load(base, clients, args.requests, distinct=distinct))
                rows.append(_measured(what, clients, run, server.pid))
            if args.no_cli:
                continue
            rows.append(_measured("sgi-scaffold new (a process each)", clients,
                                  lambda c=clients: _cli(c, args.cli_runs), None))
    print("| What | Clients | Requests | Errors | p50 ms | p99 ms | per second | CPU ms each |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for what, clients, total, errors, p50, p99, rate, cpu in rows:
        print(f"| {what} | {clients} | {total} | {errors} | {p50:.1f} | {p99:.1f} | {rate:.1f} | {cpu:.1f} |")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
