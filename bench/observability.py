"""Requests per second and latency with the observability layer on and off, per pair.

    python3 -m uv run python -m bench.observability [--only PATTERN] [--seconds N] [--repeats N] [--write-docs]

Each pair is generated twice, with --observability and --no-observability, and both are served
at once by their Dockerfile's CMD with WEB_CONCURRENCY=2 on 127.0.0.1. wrk (one thread, 32
connections) loads GET /hello/World on one, then the other, in turns (on, off, on, off, ...),
so that the noise of a shared machine falls on both sides alike; the median run of each side
counts. Tracing is not configured (no OTEL_EXPORTER_OTLP_ENDPOINT): this is what the layer costs
a service whose spans go nowhere, the issue's "nothing beyond that when tracing is off".
Default pairs: one WSGI and one ASGI (flask+gunicorn, fastapi+uvicorn); --only takes a regular
expression on framework+server to choose others.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import re
import shutil
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from generator import matrix
from tests import projects

from .__main__ import CORES, Load, wrk

DOCS = projects.REPO / "docs" / "performance.md"
START, END = "<!-- observability:start -->", "<!-- observability:end -->"
DEFAULT = r"^(flask\+gunicorn|fastapi\+uvicorn)$"
PATH = "/hello/World"
WORKERS = "2"


def measure(combo: matrix.Combination, work: Path, seconds: int, repeats: int) -> dict[str, Load]:
    """The median wrk run of each side, the sides taking turns."""
    addresses = {}
    with ExitStack() as stack:
        for side in ("on", "off"):
            flag = "--observability" if side == "on" else "--no-observability"
            project = projects.generate(work, f"obs-{side}", [*combo.flags(), flag])
            venv = work / f"{side}-venv"
            projects.install(project, venv)
            addresses[side] = stack.enter_context(projects.serving(
                projects.dockerfile_cmd(project), project, venv, work / f"{side}.log", WEB_CONCURRENCY=WORKERS))
        for address in addresses.values():
            wrk(address, 1, 32, PATH)  # warm-up
        runs: dict[str, list[Load]] = {"on": [], "off": []}
        for _ in range(repeats):
            for side, address in addresses.items():
                runs[side].append(wrk(address, seconds, 32, PATH))
    return {side: sorted(loads, key=lambda load: load.rps)[len(loads) // 2] for side, loads in runs.items()}


def table(rows: list[tuple[str, dict[str, Load]]], seconds: int, repeats: int) -> str:
    measured = (f"Measured {datetime.date.today()} on {platform.platform()}, Python {platform.python_version()}, "
                f"{CORES} cores, with `--seconds {seconds} --repeats {repeats}` (WEB_CONCURRENCY={WORKERS}, "
                f"GET {PATH}, wrk -t1 -c32).")
    lines = [measured, "",
             "| Pair | req/s on | req/s off | on/off | p50 ms on | p50 ms off | p99 ms on | p99 ms off | errors |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for pair, load in rows:
        on, off = load["on"], load["off"]
        lines.append(f"| {pair} | {on.rps:.0f} | {off.rps:.0f} | {on.rps / off.rps:.2f} | {on.p50_ms:.2f} | "
                     f"{off.p50_ms:.2f} | {on.p99_ms:.2f} | {off.p99_ms:.2f} | {on.errors + off.errors} |")
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
            rows.append((combo.key, measure(combo, Path(work), args.seconds, args.repeats)))
        on, off = rows[-1][1]["on"], rows[-1][1]["off"]
        print(f"{combo.key}: {on.rps:.0f} req/s on, {off.rps:.0f} off", file=sys.stderr)
    text = table(rows, args.seconds, args.repeats)
    print(text)
    if args.write_docs:
        doc = DOCS.read_text()
        head, rest = doc.split(START, 1)
        DOCS.write_text(f"{head}{START}\n{text}\n{END}{rest.split(END, 1)[1]}")


if __name__ == "__main__":
    main()
