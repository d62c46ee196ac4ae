"""Print the container tests' results as a markdown table: ``python -m tests.containers.table``.

tests/test_containers.py appends one row per combination to engine.ROWS while it runs; this
reads the newest row of each combination.
"""

from __future__ import annotations

import json

from .engine import ROWS

HEAD = ("combination", "build s", "image MB (added to the base)", "healthy after s", "read-only run clean (log lines)",
        "WebSocket/HTTP/2", "stop exit code (s)")


def main() -> None:
    rows = {}
    for line in ROWS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rows[row["combination"]] = row
    print("| " + " | ".join(HEAD) + " |")
    print("|" + " --- |" * len(HEAD))
    for row in rows.values():
        clean = "yes" if row.get("clean") else "NO: " + "; ".join(row.get("complaints", []))[:80]
        print(f"| {row['combination']} | {row['build_s']} | {row['image_mb']} ({row.get('app_mb', '-')}) | {row.get('healthy_s', 'never')} | "
              f"{clean} ({row.get('log_lines', '-')}) | {row.get('claims', '-')} | "
              f"{row.get('exit', '-')} ({row.get('stop_s', '-')}) |")


if __name__ == "__main__":
    main()
