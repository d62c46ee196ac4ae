"""How many CPUs this process may use: the server configs size their workers by it.

``os.cpu_count()`` and ``nproc`` count the host's cores, not a container's CPU limit:
``docker run --cpus 1`` on a 64-core host would start a worker per host core. This
reads the limit from the cgroup (v2 ``cpu.max``, v1 ``cpu.cfs_quota_us`` and
``cpu.cfs_period_us``), rounds it up to whole CPUs, and takes the smaller of that and
the cores the process may run on. ``python3 cpu_limit.py`` prints the number.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")


def _quota(cgroup: Path) -> float | None:
    """The CPU limit in CPUs, or None where there is none (or no cgroup to read)."""
    try:
        quota, period = (cgroup / "cpu.max").read_text().split()[:2]  # cgroup v2: "max 100000" when unlimited
    except (OSError, ValueError):
        try:
            v1 = cgroup / "cpu"
            quota = (v1 / "cpu.cfs_quota_us").read_text().strip()  # -1 when unlimited
            period = (v1 / "cpu.cfs_period_us").read_text().strip()
        except OSError:
            return None
    if quota in ("max", "-1") or int(period) <= 0:
        return None
    return int(quota) / int(period)


def cpus(cgroup: Path | None = None) -> int:
    """Whole CPUs this process may use: at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    quota = _quota(cgroup or CGROUP)
    return max(1, min(cores, math.ceil(quota)) if quota else cores)


if __name__ == "__main__":
    print(cpus())
