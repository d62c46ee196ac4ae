"""The observability layer with real collectors: one WSGI and one ASGI project and a Sanic one on Sanic's
own server, several workers each.

Each project runs its Dockerfile's CMD with WEB_CONCURRENCY=3 and OTEL_EXPORTER_OTLP_ENDPOINT pointed at a
local OTLP/HTTP receiver (tests/otlp.py): a request's span arrives with its route and status. Debian's
Prometheus (``/usr/bin/prometheus``, installed by .ci/run) scrapes every project's /metrics and its query
API returns the requests made, summed over the workers. The per-pair check (request ID, access line,
/metrics count, the span) rides on tests/test_e2e.py's servers; this adds three servers, not one per pair.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest

from . import clients, otlp, projects

#: One worker builds the three served projects once for every test here (under --dist loadgroup).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("observability")]

#: One pair per interface, on servers with several worker processes, and Sanic's own server, which runs
#: no ASGI callable (the layer hooks into Sanic's middleware there).
PAIRS = {"wsgi": ["--framework", "flask", "--server", "gunicorn"],
         "asgi": ["--framework", "fastapi", "--server", "uvicorn"],
         "sanic": ["--framework", "sanic", "--server", "sanic"]}
#: The route template each puts on the span of GET /hello/traced (Flask gives none: the path).
TRACED_ROUTE = {"wsgi": "/hello/traced", "asgi": "/hello/{name}", "sanic": "/hello/<name:str>"}
REQUESTS = 9
WORKERS = "3"

@pytest.fixture(scope="module")
def receiver() -> Iterator[otlp.Receiver]:
    with otlp.receiving() as receiving:
        yield receiving


class Served(NamedTuple):
    """A project serving: where, its venv, its server's log, its folder, its server's PID (a process group's leader)."""

    address: str
    venv: Path
    log: Path
    project: Path
    pid: int


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, receiver: otlp.Receiver) -> Iterator[dict]:
    """Both projects generated, installed and serving, each with WORKERS workers and tracing on."""
    from contextlib import ExitStack

    running: dict[str, Served] = {}
    with ExitStack() as stack:
        for interface, flags in PAIRS.items():
            tmp = tmp_path_factory.mktemp(f"observed-{interface}")
            project = projects.generate(tmp, "observed", flags)
            projects.install(project, tmp / "venv")
            log = tmp / "server.log"
            proc, address = stack.enter_context(projects.server_process(
                projects.dockerfile_cmd(project), project, tmp / "venv", log, WEB_CONCURRENCY=WORKERS,
                OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint, **otlp.FLUSH_ENV))
            running[interface] = Served(address, tmp / "venv", log, project, proc.pid)
        yield running


@pytest.mark.parametrize("interface", list(PAIRS))
def test_span_arrives_with_route_and_status(served: dict, receiver: otlp.Receiver, interface: str) -> None:
    address, *_ = served[interface]
    sent = httpx.get(f"http://{address}/hello/traced", headers={"X-Request-ID": f"span-{interface}"}, timeout=5)
    assert sent.status_code == 200
    span = receiver.span(f"span-{interface}", timeout=15)
    print(f"{interface}: {span}")
    # The route template where the framework leaves it in the request (FastAPI and Sanic do, Flask does not).
    route = span["attributes"]["http.route"]
    assert route == TRACED_ROUTE[interface] and span["name"] == f"GET {route}"
    assert span["attributes"]["http.response.status_code"] == 200


def test_prometheus_scrapes_every_worker(served: dict, tmp_path: Path) -> None:
    prometheus = shutil.which("prometheus")
    if prometheus is None:
        pytest.skip("prometheus is not installed (.ci/run installs Debian's prometheus)")
    for address, *_ in served.values():
        for _ in range(REQUESTS):
            assert httpx.get(f"http://{address}/hello/scraped", timeout=5).status_code == 200
    config = tmp_path / "prometheus.yml"
    config.write_text(json.dumps({  # JSON is YAML
        "global": {"scrape_interval": "1s"},
        "scrape_configs": [{"job_name": interface, "static_configs": [{"targets": [address]}]}
                           for interface, (address, *_) in served.items()],
    }))
    port = projects.free_port()
    with (tmp_path / "prometheus.log").open("wb") as out:
        proc = subprocess.Popen([prometheus, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'data'}",
                                 f"--web.listen-address=127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        for interface, (address, *_) in served.items():
            # What the project says itself, whichever worker answers: the figure Prometheus must agree with.
            # A worker writes its counts to the shared files within a second (FLUSH_SECONDS of the layer's metrics.py).
            counted_by = time.monotonic() + 5
            while (own := _hello_count(address)) < REQUESTS and time.monotonic() < counted_by:
                time.sleep(0.1)
            assert own >= REQUESTS
            query = f'sum(http_requests_total{{job="{interface}",route=~"/hello/.*"}})'
            deadline = time.monotonic() + 30
            value = None
            while value != own:
                assert time.monotonic() < deadline, f"Prometheus reported {value}, the project {own}"
                time.sleep(0.5)
                # A worker's last counts can reach the files after the project was first asked (within a
                # flush): Prometheus is compared with what the project says now.
                own = _hello_count(address)
                try:
                    answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/query", params={"query": query}, timeout=5)
                except httpx.TransportError:
                    continue
                result = answer.json()["data"]["result"] if answer.status_code == 200 else []
                value = float(result[0]["value"][1]) if result else None
            print(f"{interface} with {WORKERS} workers: Prometheus's {query} = {value:g}")
    finally:
        projects.stop(proc)


def _hello_count(address: str) -> float:
    return clients.metric(httpx.get(f"http://{address}/metrics", timeout=5).text, "http_requests_total",
                          lambda labels: labels["route"].startswith("/hello/"))


@pytest.mark.parametrize("interface", ["wsgi", "asgi"])
def test_two_runs_in_one_process_group_count_their_own_requests(served: dict, interface: str, tmp_path: Path) -> None:
    """Two runs of the same project at once in one process group (as a test runner or a script starts
    them) keep their metrics apart: each counts only the requests it served, summed over its workers."""
    installed = served[interface]
    runs: list[tuple[subprocess.Popen, str]] = []
    try:
        for n in range(2):
            port = projects.free_port()
            with (tmp_path / f"run{n}.log").open("wb") as out:
                group = runs[0][0].pid if runs else 0  # the first leads a new group, the second joins it
                proc = subprocess.Popen(projects.dockerfile_cmd(installed.project), cwd=installed.project,
                                        stdout=out, stderr=subprocess.STDOUT, process_group=group,
                                        env=projects.venv_env(installed.venv, HOST="127.0.0.1", PORT=str(port),
                                                              WEB_CONCURRENCY="2"))
            runs.append((proc, f"127.0.0.1:{port}"))
            projects.wait_for_health(runs[-1][1], proc)
        assert os.getpgid(runs[0][0].pid) == os.getpgid(runs[1][0].pid)
        for (_, address), requests in zip(runs, (3, 5), strict=True):
            for _ in range(requests):
                assert httpx.get(f"http://{address}/hello/run", timeout=5).status_code == 200
        counted_by = time.monotonic() + 5  # each worker writes its counts to the run's files within a second
        while [_hello_count(address) for _, address in runs] != [3, 5] and time.monotonic() < counted_by:
            time.sleep(0.1)
        for _ in range(3):  # any worker of each may answer /metrics
            assert [_hello_count(address) for _, address in runs] == [3, 5]
    finally:
        for proc, _ in reversed(runs):
            projects.stop(proc)
