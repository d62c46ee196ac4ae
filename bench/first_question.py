"""Time from Enter to the wizard's first question, as a newcomer runs it.

    python3 bootstrap.py run python -m bench.first_question [--runs N]

Spawns the README's generator command in a pseudo-terminal and stops the clock
when the first question is on screen. "cold" is a fresh clone (no .venv; uv's
download cache as it is, or empty with --empty-uv-cache), "warm" is the same clone again.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

REPO = Path(__file__).resolve().parent.parent
FIRST_QUESTION = "?"


def once(clone: Path, cwd: Path, python: str, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    child = pexpect.spawn(python, [str(clone / "bootstrap.py"), "run", "--no-dev", "sgi-scaffold"],
                          cwd=str(cwd), encoding="utf-8", timeout=300, dimensions=(40, 80), env=env)
    child.expect_exact(FIRST_QUESTION)
    elapsed = time.perf_counter() - start
    child.sendintr()
    child.expect(pexpect.EOF)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", default="/usr/bin/python3")
    parser.add_argument("--empty-uv-cache", action="store_true", help="cold also downloads every package")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "sgi-scaffold"
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
        env = {**os.environ, "UV_CACHE_DIR": f"{tmp}/uv-cache"} if args.empty_uv_cache else None
        cold = once(clone, Path(tmp), args.python, env)
        warm = [once(clone, Path(tmp), args.python) for _ in range(args.runs)]
    what = "empty uv cache" if args.empty_uv_cache else "uv's cache as it is"
    print(f"cold (fresh clone, no .venv, {what}): {cold:.2f} s")
    print(f"warm: median {statistics.median(warm):.2f} s, min {min(warm):.2f}, max {max(warm):.2f} ({args.runs} runs)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
