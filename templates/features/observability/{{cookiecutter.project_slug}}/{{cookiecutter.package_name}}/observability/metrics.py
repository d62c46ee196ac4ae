{%- set asgi = cookiecutter.interface == "asgi" -%}
{%- set hooks = cookiecutter._sgi.observe == "hooks" -%}
"""Metrics: one folder of prometheus_client's per-process files for each run of the server, the
metrics themselves, and ``record`` for each request answered."""

from __future__ import annotations

import atexit
import bisect
{% if cookiecutter._sgi.workers_from == "multiprocessing" -%}
import multiprocessing
{% endif -%}
import os
import shutil
import tempfile
import threading
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
_IN_FLIGHT = Gauge("http_requests_in_flight", "HTTP requests being answered", multiprocess_mode="livesum")
{%- if asgi %}
WEBSOCKETS = Gauge("websocket_connections", "Open WebSocket connections", multiprocess_mode="livesum")
{%- endif %}

#: How often a worker writes what it counted into its files, at most: what /metrics from another worker lags by.
FLUSH_SECONDS = 1.0
#: The histogram's bucket bounds (the last is +Inf), to find a duration's bucket as ``observe`` does.
_BOUNDS = list(LATENCY._upper_bounds)


class _Counts:
    """This process's requests since they were last written to its files, kept in memory.

    Each write into prometheus_client's multiprocess files (a counter, a histogram's sum and bucket,
    the in-flight gauge up and down: five per request) takes a lock, checks the process ID and packs
    a value into the mmap: measured, about 5 µs of the 16 µs the layer spent on a request, against
    0.4 µs to add to a dict here. So a request only adds to these numbers under one lock, and
    ``flush`` writes their sums: at most FLUSH_SECONDS later from a thread of this process,
    before this process answers /metrics (so its own requests are never missing from its answer), and
    when it exits (so a worker that stops, e.g. after Gunicorn's max_requests, loses no counted
    request: the run's other workers keep reporting its files). A worker killed outright (SIGKILL)
    loses its last FLUSH_SECONDS of counts; when the whole server stops, its run folder goes anyway.
    The in-flight gauge is this process's number at the last flush: livesum adds the live workers'.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: dict[tuple[str, str, int], list[Any]] = {}
        self.in_flight = 0
        self.written_in_flight = 0
        self.flusher: threading.Thread | None = None

    def inc(self) -> None:
        """A request begins (``IN_FLIGHT.inc()``)."""
        with self.lock:
            self.in_flight += 1
        if self.flusher is None:
            self._start()

    def dec(self) -> None:
        """A request is answered (``IN_FLIGHT.dec()``)."""
        with self.lock:
            self.in_flight -= 1

    def add(self, key: tuple[str, str, int], seconds: float) -> None:
        """One answered request of (method, route, status) that took ``seconds``."""
        with self.lock:
            counts = self.pending.get(key)
            if counts is None:
                counts = self.pending[key] = [0, 0.0, [0] * len(_BOUNDS)]
            counts[0] += 1
            counts[1] += seconds
            counts[2][bisect.bisect_left(_BOUNDS, seconds)] += 1
        if self.flusher is None:
            self._start()

    def flush(self) -> None:
        """Write what was counted since the last flush into this process's files."""
        with self.lock:
            pending, self.pending = self.pending, {}
            in_flight = self.in_flight
        for (method, route, status), (count, total, buckets) in pending.items():
            labels = {"method": method, "route": route, "status": str(status)}
            REQUESTS.labels(**labels).inc(count)
            # A histogram child keeps a value per bucket and one for the sum (what observe() adds to):
            # n observations of a bucket are one write of n.
            latency = LATENCY.labels(**labels)
            latency._sum.inc(total)
            for bucket, observed in enumerate(buckets):
                if observed:
                    latency._buckets[bucket].inc(observed)
        if in_flight != self.written_in_flight:
            _IN_FLIGHT.set(in_flight)
            self.written_in_flight = in_flight

    def _start(self) -> None:
        """The thread that flushes every FLUSH_SECONDS: started by this process's first request (a
        server that forks its workers after loading the app gets one in each worker, none in its master)."""
        with self.lock:
            if self.flusher is not None:
                return
            self.flusher = threading.Thread(target=self._flush_often, name="metrics-flush", daemon=True)
        self.flusher.start()

    def _flush_often(self) -> None:
        while True:
            time.sleep(FLUSH_SECONDS)
            try:
                self.flush()
            except Exception:  # a full disk must not end the flushing for good
                pass

    def forked(self) -> None:
        """In a new child process: the parent's thread is not there and its counts are the parent's to write."""
        self.lock = threading.Lock()
        self.pending, self.in_flight, self.written_in_flight, self.flusher = {}, 0, 0, None


_COUNTS = _Counts()
#: The middleware's in-flight count: ``inc()`` as a request begins, ``dec()`` once it is answered.
IN_FLIGHT = _COUNTS
#: Writes this process's counts to its files now: at exit (atexit), and where a server ends its workers
#: otherwise, as they stop (the ASGI lifespan's shutdown, Sanic's after_server_stop).
flush = _COUNTS.flush
atexit.register(flush)
os.register_at_fork(after_in_child=_COUNTS.forked)


def metrics() -> bytes:
    """Every worker's numbers, summed: prometheus_client's multiprocess collector, after this process
    has written its own."""
    _COUNTS.flush()
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry)


#: Each (method, route, status)'s labels for the access line, made once. As many as the metrics have series.
_LABELS: dict[tuple[str, str, int], dict[str, str]] = {}


def record(method: str, path: str, route: str, status: int, started: float, client: str | None) -> None:
    """One answered request: its metrics (by route, so that they stay few) and its access-log
    line (by path as well: the line says which URL was asked)."""
    seconds = time.perf_counter() - started
    key = (method, route, status)
    _COUNTS.add(key, seconds)
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {"method": method, "route": route, "status": str(status)}
    access(f"{method} {path} {status}", labels, path, seconds, client)
