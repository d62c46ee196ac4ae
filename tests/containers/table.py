"""The container tests' results as a markdown table: ``python -m tests.containers.table``.

tests/test_containers.py appends one row per combination to engine.ROWS while it runs; this
reads the newest row of each combination. The test session prints it at its end, and
``python -m bench.images`` writes it into docs/performance.md.
"""

from __future__ import annotations

import json

from .engine import ROWS

HEAD = ("combination", "build s", "image MB (added to the base)", "healthy after s", "read-only run clean (log lines)",
        "WebSocket/HTTP/2", "stop exit code (s)")


def rows() -> list[dict]:
    """The newest row of each combination, in the order they were first recorded."""
    newest: dict[str, dict] = {}
    if ROWS.exists():
        for line in ROWS.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            newest[row["combination"]] = row
    return list(newest.values())


def markdown(recorded: list[dict]) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + " --- |" * len(HEAD)]
    for row in recorded:
        clean = "yes" if row.get("clean") else "NO: " + "; ".join(row.get("complaints", []))[:80]
        size = f"{row['image_mb']} ({row.get('app_mb', '-')})"
        lines.append(f"| {row['combination']} | {row['build_s']} | {size} | {row.get('healthy_s', 'never')} | "
                     f"{clean} ({row.get('log_lines', '-')}) | {row.get('claims', '-')} | "
                     f"{row.get('exit', '-')} ({row.get('stop_s', '-')}) |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(rows()))
