"""Measure sgi-scaffold and what it generates; print the tables of docs/performance.md.

    python3 bootstrap.py run python -m bench [--only PATTERN] [--write-docs]

Everything is reported as ratios of figures measured side by side in one run
(medians over repeated runs), since the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generator import context, matrix
from generator.answers import Answers, Defaults, settle
from tests import projects

CORES = os.cpu_count() or 1
DOCS = projects.REPO / "docs" / "performance.md"
BIN = Path(sys.executable).parent


def median_seconds(command: list[str], runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_generation(runs: int) -> list[tuple[str, float, float, float, str]]:
    """(what, ours s, reference s, ratio, target) rows."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        flags = ["--framework", "fastapi", "--server", "hypercorn", "--websocket", "--http2", "--name", "chat"]
        subprocess.run([BIN / "sgi-scaffold", "template", "--no-input", *flags, "-o", tmp / "tpl"], check=True,
                       stdout=subprocess.DEVNULL)
        out = tmp / "out"

        def clean() -> None:
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()

        ours = median_seconds([str(BIN / "sgi-scaffold"), "new", "--no-input", *flags, "-o", str(out)], runs, clean)
        theirs = median_seconds([str(BIN / "cookiecutter"), "--no-input", "-o", str(out), str(tmp / "tpl"),
                                 "project_name=chat"], runs, clean)
        bare = median_seconds([sys.executable, "-c", "pass"], runs)
        rows = [("new --no-input vs cookiecutter --no-input (same project)", ours, theirs, ours / theirs, "<= 0.5")]
        for args in (["--help"], ["list"], ["list", "--json"]):
            t = median_seconds([str(BIN / "sgi-scaffold"), *args], runs)
            rows.append((f"sgi-scaffold {' '.join(args)} vs python -c pass", t, bare, t / bare, "<= 10"))
        return rows


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(text: str) -> float:
    """wrk's latency ("812.00us", "1.20ms", "2.00s", "1.01m"); NaN where it printed none."""
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not found:
        return float("nan")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(address: str, seconds: int, connections: int, path: str = "/health") -> Load:
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", f"http://{address}{path}"],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    # Anchored to the line: the "+/- Stdev" column above can end in "50%" too (as in "68.50%").
    p50 = _ms(re.search(r"^\s*50%\s+(\S+)", out, re.MULTILINE).group(1))
    p99 = _ms(re.search(r"^\s*99%\s+(\S+)", out, re.MULTILINE).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Load(rps, p50, p99, errors + (int(non2xx.group(1)) if non2xx else 0))


async def _ws_clients(address: str, clients: int, messages: int) -> float:
    from websockets.asyncio.client import connect

    async def one() -> None:
        async with connect(f"ws://{address}/ws") as ws:
            for i in range(messages):
                await ws.send(f"message {i}")
                await ws.recv()

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(clients)))
    return clients * messages / (time.perf_counter() - start)


def shell(command: str) -> list[str]:
    return ["sh", "-c", f"exec {command}"]


def bench_combination(combo: matrix.Combination, work: Path, seconds: int, connections: int, repeats: int) -> dict:
    flags = combo.flags()
    ws = combo.can(matrix.Capability.WEBSOCKET)
    name = "b-" + combo.key.replace("+", "-")
    t0 = time.perf_counter()
    project = projects.generate(work, name, flags)
    venv = work / f"{name}-venv"
    python = projects.install(project, venv)
    tests = projects.run_own_tests(project, python)
    green = time.perf_counter() - t0
    selection = settle(Answers(framework=combo.framework.key, server=combo.server.key,
                               interface=combo.interface, name=name), Defaults())
    module, attr = context.app_target(selection).split(":")
    fill = {"app": context.app_target(selection), "module": module, "attr": attr, "package": selection.names.package,
            "interface": combo.interface.value, "cores": CORES}
    row = {"pair": combo.key, "green_s": green, "tests_ok": tests.returncode == 0}

    def measure(command: list[str]) -> Load | None:
        try:
            with projects.serving(command, project, venv, work / f"{name}.log") as address:
                wrk(address, 1, connections)  # warm-up
                # The median run: every configuration gets the same number of runs, and a best-of
                # would favour whichever side has more samples (the hand-tuned side has several
                # configurations). The errors of every run count.
                loads = sorted((wrk(address, seconds, connections) for _ in range(repeats)), key=lambda load: load.rps)
                median = loads[len(loads) // 2]
                return Load(median.rps, median.p50_ms, median.p99_ms, sum(load.errors for load in loads))
        except (AssertionError, subprocess.CalledProcessError, AttributeError) as err:
            print(f"  {row['pair']}: {' '.join(command)[:80]}: failed: {err}", file=sys.stderr)
            return None

    row["generated"] = measure(projects.dockerfile_cmd(project))
    quick = combo.framework.quickstart
    if quick and (needs := combo.framework.quickstart_needs):
        projects.uv("pip", "install", "--quiet", "--python", python, *needs)
    row["quickstart"] = measure(shell(quick.format(**fill))) if quick else None
    tuned = [load for cmd in combo.server.tuned if (load := measure(shell(cmd.format(**fill))))]
    row["tuned"] = max(tuned, key=lambda load: load.rps, default=None)
    if ws:
        with projects.serving(projects.dockerfile_cmd(project), project, venv, work / f"{name}-ws.log") as address:
            row["ws_msgs"] = asyncio.run(_ws_clients(address, 100, 50))
    return row


def _fmt(load: Load | None) -> str:
    if load is None:
        return "-"
    return f"{load.rps:,.0f} rps, p50 {load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f} ms, {load.errors} err"


def _ratio(a: Load | None, b: Load | None) -> str:
    return "-" if a is None or b is None or not b.rps else f"{a.rps / b.rps:.2f}"


def tables(generation: list, rows: list[dict]) -> str:
    lines = ["| Measurement | sgi-scaffold (s) | reference (s) | ratio | target |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {w} | {a:.3f} | {b:.3f} | {r:.2f} | {t} |" for w, a, b, r, t in generation]
    header = "| Pair | time to green (s) | own tests | generated | vs hand-tuned | vs quick-start | WebSocket msgs/s |"
    lines += ["", header, "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        ws = f"{r['ws_msgs']:,.0f}" if "ws_msgs" in r else "-"
        lines.append(
            f"| {r['pair']} | {r['green_s']:.1f} | {'pass' if r['tests_ok'] else 'FAIL'} | {_fmt(r['generated'])} "
            f"| {_ratio(r['generated'], r['tuned'])} | {_ratio(r['generated'], r['quickstart'])} | {ws} |"
        )
    return "\n".join(lines)


def machine() -> str:
    return f"{platform.platform()}, Python {platform.python_version()}, {CORES} cores"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="regular expression on framework+server, e.g. 'flask|fastapi'")
    parser.add_argument("--runs", type=int, default=11, help="runs per timing (median)")
    parser.add_argument("--seconds", type=int, default=5, help="seconds of load per measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3, help="load runs per configuration (the median counts)")
    parser.add_argument("--skip-serve", action="store_true", help="generation timings only")
    parser.add_argument("--write-docs", action="store_true", help="put the tables into docs/performance.md")
    args = parser.parse_args()
    if not args.skip_serve and not shutil.which("wrk"):
        if os.geteuid() == 0 and shutil.which("apt-get"):
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
        else:
            parser.error("wrk is needed: apt-get install wrk (or --skip-serve)")
    generation = bench_generation(args.runs)
    rows = []
    if not args.skip_serve:
        with tempfile.TemporaryDirectory() as work:
            # One install per project warms the uv cache; time to green is measured on a second project.
            for combo in matrix.combinations():
                pair = combo.key
                if args.only and not re.search(args.only, pair):
                    continue
                projects.install(projects.generate(Path(work), "warm-" + pair.replace("+", "-"), combo.flags()),
                                 Path(work) / f"warm-{pair}-venv")
                rows.append(bench_combination(combo, Path(work), args.seconds, args.connections, args.repeats))
                print(f"  measured {pair}", file=sys.stderr)
    text = tables(generation, rows)
    print(f"Machine: {machine()}\n\n{text}")
    if args.write_docs:
        doc = DOCS.read_text()
        start, end = "<!-- bench:start -->\n", "<!-- bench:end -->"
        head, rest = doc.split(start, 1)
        used = f"--runs {args.runs} --seconds {args.seconds} --repeats {args.repeats} --connections {args.connections}"
        measured = f"Measured {time.strftime('%Y-%m-%d')} on {machine()}, with `{used}`.\n\n{text}\n"
        DOCS.write_text(f"{head}{start}{measured}{end}{rest.split(end, 1)[1]}")
    print(json.dumps({"generation_ratio": generation[0][3]}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
