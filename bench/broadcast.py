"""Messages per second through the /events broadcast on Redis, for every ASGI pair.

    python3 -m uv run python -m bench.broadcast [--only PATTERN] [--runs N] [--write-docs]

Each pair is generated with --websocket --redis and served as for its end-to-end broadcast check
(tests/broadcast.py), but both processes started here: two processes of the Dockerfile's CMD, one worker each, on
a local redis-server. 100 WebSocket clients spread over both receive 50 messages POSTed
one after another to the first; the clock runs from the first POST to the last client's
last message. Reported: broadcasts/s (messages POSTed and received by all 100) and
deliveries/s (messages received, summed over clients), medians of the runs. --write-docs
replaces the rows of the pairs measured and keeps the others.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from tests import broadcast, projects

CLIENTS, BROADCASTS = 100, 50
DOCS = projects.REPO / "docs" / "performance.md"
START, END = "<!-- broadcast:start -->", "<!-- broadcast:end -->"


async def _rounds(servers: list[broadcast.Server], runs: int) -> list[float]:
    seconds = []
    async with broadcast.open_clients(servers, CLIENTS) as clients:
        for run in range(runs):
            messages = [f"run {run} message {n}" for n in range(BROADCASTS)]
            took, _ = await broadcast.broadcast_round(servers, clients, messages, timeout=120)
            seconds.append(took)
    return seconds


def measure(combo: dict, work: Path, runs: int) -> float:
    """The median seconds for 50 broadcasts to reach 100 clients."""
    project = projects.generate(work, "bench-app", broadcast.flags(combo))
    venv = work / "venv"
    projects.install(project, venv)
    redis = broadcast.Redis(work)
    redis.start()
    try:
        with broadcast.servers(project, venv, redis.url) as servers:
            broadcast.wait_until_subscribed(redis, servers, 0)
            return statistics.median(asyncio.run(_rounds(servers, runs)))
    finally:
        redis.stop()


def table(rows: dict[str, str], runs: int) -> str:
    """The docs' table: one row per pair, in `list --json` order, each saying when and under what load."""
    order = {f"{c['framework']}-{c['server']}": n for n, c in enumerate(broadcast.pairs())}
    lines = [(f"Measured on {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores, "
              f"with `--runs {runs}`; each row says when, and the 1-minute load average when its pair started."), "",
             "| Pair | Broadcasts/s | Deliveries/s | Measured |", "| --- | ---: | ---: | --- |"]
    lines += [rows[pair] for pair in sorted(rows, key=lambda pair: order.get(pair, len(order)))]
    return "\n".join(lines)


def row(pair: str, seconds: float, load: float) -> str:
    return (f"| {pair} | {BROADCASTS / seconds:.0f} | {CLIENTS * BROADCASTS / seconds:.0f} "
            f"| {datetime.date.today()}, load {load:.1f} |")


def documented() -> dict[str, str]:
    """The rows already in docs/performance.md, by pair: a run of some pairs keeps the others' figures."""
    block = DOCS.read_text().split(START, 1)[1].split(END, 1)[0]
    return {line.split("|")[1].strip(): line for line in block.splitlines()
            if line.startswith("| ") and not line.startswith(("| Pair", "| ---"))}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.broadcast", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", metavar="PATTERN", help="pairs whose framework-server name matches")
    parser.add_argument("--runs", type=int, default=3, help="rounds of 50 broadcasts per pair (median)")
    parser.add_argument("--write-docs", action="store_true", help="put the table into docs/performance.md")
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("error: redis-server is not installed")
    rows: dict[str, str] = {}
    for combo in broadcast.pairs():
        pair = f"{combo['framework']}-{combo['server']}"
        if args.only and not re.search(args.only, pair):
            continue
        load = os.getloadavg()[0]
        with tempfile.TemporaryDirectory(prefix=f"bench-{pair}-") as work:
            seconds = measure(combo, Path(work), args.runs)
        rows[pair] = row(pair, seconds, load)
        print(f"{pair}: {BROADCASTS / seconds:.0f} broadcasts/s (load average {load:.1f})", file=sys.stderr)
    print(table(rows, args.runs))
    if args.write_docs:
        measured = table(documented() | rows, args.runs)
        text = DOCS.read_text()
        head, rest = text.split(START, 1)
        DOCS.write_text(f"{head}{START}\n{measured}\n{END}{rest.split(END, 1)[1]}")


if __name__ == "__main__":
    main()
