"""Each combination's image: size, build time and time from ``run`` to healthy, as the container tests measure them.

    python3 bootstrap.py run python -m bench.images [--only PATTERN | --recorded] [--write-docs]

Runs tests/test_containers.py (rootful podman with the stand-in base images of
tests/containers/setup.sh): every image built by its own Dockerfile and run as its Kubernetes
Deployment says, each test recording one row. The targets are the container issue's: healthy
within 2 s of ``run``, and plain WSGI images under 200 MB. Sizes here sit on the local stand-in
for python:X-slim, which is far larger than the official image, so the size that speaks for the
Dockerfile is what it adds to its base (in brackets).
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from tests import projects
from tests.containers import table
from tests.containers.engine import ROWS

DOCS = projects.REPO / "docs" / "performance.md"
START, END = "<!-- images:start -->", "<!-- images:end -->"
HEALTHY_WITHIN = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.images", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", metavar="PATTERN", help="pytest -k expression on framework-server ids")
    parser.add_argument("--recorded", action="store_true",
                        help="report what the last run of the container tests recorded, without building again")
    parser.add_argument("--write-docs", action="store_true", help="put the table into docs/performance.md")
    args = parser.parse_args()
    returncode = 0
    if not args.recorded:
        ROWS.unlink(missing_ok=True)
        pytest = [sys.executable, "-m", "pytest", "tests/test_containers.py", "-q", "-p", "no:cacheprovider",
                  *(("-k", args.only) if args.only else ())]
        returncode = subprocess.run(pytest, cwd=projects.REPO, check=False).returncode
    recorded = table.rows()
    if not recorded:
        sys.exit("error: no image was built (is podman set up? see tests/containers/setup.sh)")
    slow = [row["combination"] for row in recorded if row.get("healthy_s", float("inf")) >= HEALTHY_WITHIN]
    text = (f"{table.markdown(recorded)}\n\n{len(recorded)} images; healthy within {HEALTHY_WITHIN:g} s of `run`: "
            f"{len(recorded) - len(slow)}" + (f" (not: {', '.join(slow)})" if slow else "") + ".")
    print(text)
    if args.write_docs:
        doc = DOCS.read_text()
        if START not in doc:
            doc += f"\n## Images: size and time to healthy\n\n`python -m bench.images`.\n\n{START}\n{END}\n"
        head, rest = doc.split(START, 1)
        DOCS.write_text(f"{head}{START}\n{text}\n{END}{rest.split(END, 1)[1]}")
    sys.exit(returncode)


if __name__ == "__main__":
    main()
