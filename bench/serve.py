"""Benchmark the initializr: ``/starter.zip`` at 1 and 32 concurrent clients, against ``sgi-scaffold new``.

    python3 -m pip install --quiet uv && python3 -m uv run python -m bench.serve [--requests N]

Three rows per concurrency:

- ``starter.zip, same answers``: every request asks for the same project (the
  server's cache of rendered trees answers; only the zip is built per request);
- ``starter.zip, new name each``: every request names a new project, so every
  request renders the templates from scratch (the worst case);
- ``sgi-scaffold new``: the CLI writing the same project to disk, one process per run.

The client (httpx, asyncio) runs on the same machine and takes its share of
the CPU; latencies are per request as the client sees them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.initializr import initializr

ANSWERS = {"framework": "fastapi", "server": "hypercorn", "websocket": "true", "http2": "true", "name": "chat"}
CLI = [str(Path(sys.executable).parent / "sgi-scaffold"), "new", "--no-input", "--framework", "fastapi",
       "--server", "hypercorn", "--websocket", "--http2", "--name", "chat"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _row(what: str, clients: int, latencies: list[float], errors: int, elapsed: float) -> tuple:
    return (what, clients, len(latencies) + errors, errors, 1000 * statistics.median(latencies),
            1000 * _percentile(latencies, 0.99), (len(latencies) + errors) / elapsed)


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
    parser.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    args = parser.parse_args()
    rows = []
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; --workers {args.workers}")
    with tempfile.TemporaryDirectory() as tmp, initializr(Path(tmp) / "server.log", "--workers",
                                                          str(args.workers)) as base:
        asyncio.run(_load(base, 4, 40, distinct=False))  # warm up: imports, templates, the cache
        for clients in (1, 32):
            rows.append(_row("starter.zip, same answers", clients,
                             *asyncio.run(_load(base, clients, args.requests, distinct=False))))
            rows.append(_row("starter.zip, new name each", clients,
                             *asyncio.run(_load(base, clients, args.requests, distinct=True))))
            rows.append(_row("sgi-scaffold new (a process each)", clients, *_cli(clients, args.cli_runs)))
    print("| What | Clients | Requests | Errors | p50 ms | p99 ms | per second |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for what, clients, total, errors, p50, p99, rate in rows:
        print(f"| {what} | {clients} | {total} | {errors} | {p50:.1f} | {p99:.1f} | {rate:.1f} |")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
