{%- set asgi = cookiecutter.interface == "asgi" -%}
{%- set hooks = cookiecutter._sgi.observe == "hooks" -%}
"""Metrics: one folder of prometheus_client's per-process files for each run of the server, the
metrics themselves, and ``record`` for each request answered."""

from __future__ import annotations

{% if cookiecutter._sgi.workers_from == "multiprocessing" -%}
import multiprocessing
{% endif -%}
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from .logs import access


def _server_run() -> int:
    """The PID of the process that started this run of the server, which all its workers share
    and another run (beside it, or a test process) does not."""
{%- if cookiecutter._sgi.workers_from == "config" %}
    # {{ cookiecutter._sgi.server_label }}'s master sets SERVER_MASTER_PID in its config ({{ cookiecutter._sgi.server_config }}) and
    # forks the workers after; where it is not set (tests, a shell), this process is the run.
    return int(os.environ.get("SERVER_MASTER_PID") or os.getpid())
{%- elif cookiecutter._sgi.workers_from == "multiprocessing" %}
    # {{ cookiecutter._sgi.server_label }} starts its workers with Python's multiprocessing: theirs is the
    # process that started them. Where there is none (one process serving, tests), this process.
    parent = multiprocessing.parent_process()
    return parent.pid if parent and parent.pid else os.getpid()
{%- elif cookiecutter._sgi.workers_from == "master" %}
    # {{ cookiecutter._sgi.server_label }} loads the app in its master process, which then forks the workers.
    return os.getpid()
{%- else %}
    # {{ cookiecutter._sgi.server_label }} serves from one process.
    return os.getpid()
{%- endif %}


def _alive(pid: int, started: str) -> bool:
    """Whether the process that started a run is still there (the same one: PIDs are used again)."""
    now = _started(pid)
    if now is not None:
        return now == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _started(pid: int) -> str | None:
    """When the process started (clock ticks since boot, from /proc where there is one)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _multiprocess_dir() -> str:
    """This server run's own folder for prometheus_client's per-process files.

    Counts must survive a worker being replaced and be summed over workers, which is what
    the multiprocess mode does with files; they must not be summed with another run's (an
    earlier one, or one running beside it). So the folder is named after the process that
    started the run and its start time, and the folders of runs whose process is gone are
    removed as a run starts. PROMETHEUS_MULTIPROC_DIR, when set, is where they go.
    """
    root = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or Path(tempfile.gettempdir()) / "prometheus")
    run = _server_run()
    name = f"server-{run}-{_started(run) or 0}"
    if root.name == name:  # set already by the process that started this run, which imported this module too
        return str(root)
    # Projects made by an earlier sgi-scaffold name theirs "run-<process group>-..." and take a folder whose
    # process leads no group for gone: "server-" keeps this run's out of their reach (theirs are cleaned here).
    for folder in [*root.glob("server-*-*"), *root.glob("run-*-*")]:
        _, pid, started = folder.name.split("-", 2)
        if pid.isdigit() and not _alive(int(pid), started):
            shutil.rmtree(folder, ignore_errors=True)
    (root / name).mkdir(parents=True, exist_ok=True)
    return str(root / name)


# prometheus_client reads this when it is imported.
os.environ["PROMETHEUS_MULTIPROC_DIR"] = _multiprocess_dir()

from prometheus_client import (  # noqa: E402  (after the folder is set)
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

#: The Content-Type of what metrics() answers: Prometheus' text format.
CONTENT_TYPE = CONTENT_TYPE_LATEST
#: The paths kept out of metrics and the access log.
QUIET = frozenset({"/health"})
METRICS_PATH = "/metrics"

REQUESTS = Counter("http_requests", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram("http_request_duration_seconds", "Time to answer an HTTP request", ["method", "route", "status"])
IN_FLIGHT = Gauge("http_requests_in_flight", "HTTP requests being answered", multiprocess_mode="livesum")
{%- if asgi %}
WEBSOCKETS = Gauge("websocket_connections", "Open WebSocket connections", multiprocess_mode="livesum")
{%- endif %}


def metrics() -> bytes:
    """Every worker's numbers, summed: prometheus_client's multiprocess collector."""
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry)


#: Each (method, route, status)'s counter and histogram children and labels, looked up once: ``labels()``
#: checks and sorts its arguments every time. As many as the metrics have series.
_SERIES: dict[tuple[str, str, int], tuple[Any, Any, dict[str, str]]] = {}


def record(method: str, path: str, route: str, status: int, started: float, client: str | None) -> None:
    """One answered request: its metrics (by route, so that they stay few) and its access-log
    line (by path as well: the line says which URL was asked)."""
    seconds = time.perf_counter() - started
    series = _SERIES.get((method, route, status))
    if series is None:
        labels = {"method": method, "route": route, "status": str(status)}
        series = _SERIES[method, route, status] = REQUESTS.labels(**labels), LATENCY.labels(**labels), labels
    requests, latency, labels = series
    requests.inc()
    latency.observe(seconds)
    access(f"{method} {path} {status}",
           {**labels, "path": path, "duration_ms": round(seconds * 1000, 3), "client": client})
