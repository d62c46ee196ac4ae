"""Requests per second and latency with the observability layer on and off, per pair.

    python3 -m uv run python -m bench.observability [--only PATTERN] [--seconds N] [--repeats N] [--write-docs]

Each pair is generated twice, with --observability and --no-observability, and both are served
at once by their Dockerfile's CMD with WEB_CONCURRENCY=2 on 127.0.0.1. wrk (one thread, 32
connections) loads GET /hello/World on one, then the other, in turns (on, off, on, off, ...),
so that the noise of a shared machine falls on both sides alike; the median run of each side
counts, and so does the median CPU time (user + system) the servers' processes spent per request
in a run, read from /proc: a figure other jobs on a shared machine disturb far less than
throughput. Tracing is not configured (no OTEL_EXPORTER_OTLP_ENDPOINT): this is what the layer costs
a service whose spans go nowhere, the issue's "nothing beyond that when tracing is off".
Default pairs: one per server, with the framework its end-to-end tests serve most (Flask on the WSGI
servers, FastAPI on the ASGI ones, Sanic on its own); --only takes a regular expression on
framework+server to choose others.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import NamedTuple

from generator import matrix
from tests import projects

from .__main__ import CORES, Load, wrk

DOCS = projects.REPO / "docs" / "performance.md"
START, END = "<!-- observability:start -->", "<!-- observability:end -->"
#: One pair per server.
PER_SERVER = ("flask+gunicorn", "flask+waitress", "flask+uwsgi", "fastapi+uvicorn", "fastapi+gunicorn-uvicorn",
              "fastapi+hypercorn", "fastapi+granian", "fastapi+daphne", "sanic+sanic")
DEFAULT = "^(" + "|".join(re.escape(pair) for pair in PER_SERVER) + ")$"
PATH = "/hello/World"
WORKERS = "2"


def cpu_seconds(group: int) -> float:
    """The CPU time (user + system) the processes of a process group have used so far."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def measure(combo: matrix.Combination, work: Path, seconds: int, repeats: int) -> dict[str, Result]:
    """Each side's median wrk run, and its servers' median CPU time per request; the sides take turns."""
    servers = {}
    with ExitStack() as stack:
        for side in ("on", "off"):
            flag = "--observability" if side == "on" else "--no-observability"
            project = projects.generate(work, f"obs-{side}", [*combo.flags(), flag])
            venv = work / f"{side}-venv"
            projects.install(project, venv)
            servers[side] = stack.enter_context(projects.server_process(
                projects.dockerfile_cmd(project), project, venv, work / f"{side}.log", WEB_CONCURRENCY=WORKERS))
        for _, address in servers.values():
            wrk(address, 1, 32, PATH)  # warm-up
        runs: dict[str, list[Load]] = {"on": [], "off": []}
        cpu: dict[str, list[float]] = {"on": [], "off": []}
        for _ in range(repeats):
            for side, (proc, address) in servers.items():
                before = cpu_seconds(proc.pid)
                runs[side].append(wrk(address, seconds, 32, PATH))
                cpu[side].append((cpu_seconds(proc.pid) - before) / (runs[side][-1].rps * seconds) * 1e6)
    return {side: Result(sorted(loads, key=lambda load: load.rps)[len(loads) // 2], statistics.median(cpu[side]))
            for side, loads in runs.items()}


class Result(NamedTuple):
    load: Load
    #: The servers' CPU time per request, in microseconds: what the layer costs, whatever else the machine runs.
    cpu_us: float


def table(rows: list[tuple[matrix.Combination, dict[str, Result]]], seconds: int, repeats: int) -> str:
    """One row per server (and the framework served on it): not the pair's key, which docs/performance.md's
    main table is read by."""
    measured = (f"Measured {datetime.date.today()} on {platform.platform()}, Python {platform.python_version()}, "
                f"{CORES} cores, with `--seconds {seconds} --repeats {repeats}` (WEB_CONCURRENCY={WORKERS}, "
                f"GET {PATH}, wrk -t1 -c32).")
    lines = [measured, "",
             ("| Server | Framework | req/s on | req/s off | on/off | p50 ms on | p50 ms off | p99 ms on | p99 ms off "
              "| CPU µs/req on | CPU µs/req off | CPU on/off | errors |"),
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for combo, result in rows:
        (on, on_cpu), (off, off_cpu) = result["on"], result["off"]
        lines.append(f"| {combo.server.label} | {combo.framework.label} | {on.rps:.0f} | {off.rps:.0f} | "
                     f"{on.rps / off.rps:.2f} | {on.p50_ms:.2f} | "
                     f"{off.p50_ms:.2f} | {on.p99_ms:.2f} | {off.p99_ms:.2f} | {on_cpu:.0f} | {off_cpu:.0f} | "
                     f"{on_cpu / off_cpu:.2f} | {on.errors + off.errors} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.observability", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", metavar="PATTERN", default=DEFAULT, help="pairs whose framework+server matches")
    parser.add_argument("--seconds", type=int, default=5, help="seconds of load per run")
    parser.add_argument("--repeats", type=int, default=5, help="runs per side (the median counts)")
    parser.add_argument("--write-docs", action="store_true", help="put the table into docs/performance.md")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("error: wrk is not installed (apt-get install wrk)")
    rows = []
    for combo in matrix.combinations():
        if not re.search(args.only, combo.key):
            continue
        with tempfile.TemporaryDirectory(prefix=f"bench-obs-{combo.key.replace('+', '-')}-") as work:
            rows.append((combo, measure(combo, Path(work), args.seconds, args.repeats)))
        on, off = rows[-1][1]["on"], rows[-1][1]["off"]
        print(f"{combo.key}: {on.load.rps:.0f} req/s on, {off.load.rps:.0f} off; CPU µs/request {on.cpu_us:.0f} on,"
              f" {off.cpu_us:.0f} off", file=sys.stderr)
    text = table(rows, args.seconds, args.repeats)
    print(text)
    if args.write_docs:
        doc = DOCS.read_text()
        head, rest = doc.split(START, 1)
        DOCS.write_text(f"{head}{START}\n{text}\n{END}{rest.split(END, 1)[1]}")


if __name__ == "__main__":
    main()
