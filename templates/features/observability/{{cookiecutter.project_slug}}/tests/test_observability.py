{%- set asgi = cookiecutter.interface == "asgi" -%}
{%- set hooks = cookiecutter._sgi.observe == "hooks" -%}
"""Request IDs, /metrics and JSON logs, through the app {{ "Sanic's own server runs" if hooks else "the server loads" }}."""

{% if asgi and not hooks -%}
import asyncio
{% endif -%}
import atexit
import io
import json
import os
import time
import warnings
from collections.abc import Callable
{%- if not asgi %}
from wsgiref.util import setup_testing_defaults
{%- endif %}
{%- if hooks %}

import pytest
{%- endif %}

# First: it points prometheus_client at its multiprocess folder before anything imports that.
from {{ cookiecutter.package_name }} import observability
{%- if hooks %}
from {{ cookiecutter.package_name }}.main import app
{%- endif %}
from {{ cookiecutter.package_name }}.observability import metrics
{%- if hooks %}

# sanic-testing's own deprecation warnings, not this project's.
pytestmark = [
    pytest.mark.filterwarnings("ignore:websockets.legacy is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:.*Passing the loop argument to listeners:DeprecationWarning"),
]


def get(path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One GET through Sanic's test client: status, headers (lower-case names), body."""
    _, response = app.test_client.get(path, headers=headers)
    return response.status, {k.lower(): v for k, v in response.headers.items()}, response.body
{%- elif asgi %}


async def _get(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """One GET through the ASGI app the server loads, started and stopped by its lifespan as a server would."""
    lifespan_in: asyncio.Queue = asyncio.Queue()
    lifespan_out: asyncio.Queue = asyncio.Queue()
    state: dict = {}
    lifespan = asyncio.create_task(observability.app(
        {"type": "lifespan", "asgi": {"version": "3.0"}, "state": state}, lifespan_in.get, lifespan_out.put))
    await lifespan_in.put({"type": "lifespan.startup"})
    started = asyncio.create_task(lifespan_out.get())
    await asyncio.wait({started, lifespan}, return_when=asyncio.FIRST_COMPLETED)  # a framework without lifespan ends
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "state": dict(state),
        "headers": [(b"host", b"localhost"), *((k.lower().encode(), v.encode()) for k, v in headers.items())],
        "client": ("127.0.0.1", 50000), "server": ("localhost", 80),
    }
    sent: list[dict] = []
    requests = [{"type": "http.request", "body": b"", "more_body": False}]
    answered = asyncio.Event()

    async def receive() -> dict:
        if requests:
            return requests.pop()
        await answered.wait()  # the client goes once it has the whole response
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            answered.set()

    await asyncio.wait_for(observability.app(scope, receive, send), 30)
    if not lifespan.done():
        await lifespan_in.put({"type": "lifespan.shutdown"})
        await asyncio.wait_for(lifespan, 10)
    else:
        started.cancel()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, body


def get(path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One GET: status, headers (lower-case names), body."""
    return asyncio.run(_get(path, headers))
{%- else %}


def get(path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One GET through the WSGI app the server loads: status, headers (lower-case names), body."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "localhost", "SERVER_NAME": "localhost",
               **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}}
    setup_testing_defaults(environ)
    answer: dict = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: object = None) -> None:
        answer["status"] = int(status.split()[0])
        answer["headers"] = {k.lower(): v for k, v in response_headers}

    chunks = observability.app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return answer["status"], answer["headers"], body
{%- endif %}


def test_request_id_round_trip() -> None:
    status, headers, _ = get("/health", **{"X-Request-ID": "abc-123"})
    assert status == 200 and headers["x-request-id"] == "abc-123"
    status, headers, _ = get("/health")
    assert status == 200 and len(headers["x-request-id"]) == 32  # made when the client sent none


def test_index_lists_metrics() -> None:
    status, _, body = get("/")
    assert status == 200 and json.loads(body)["metrics"] == "/metrics"
    assert get("/metrics")[0] == 200


def _count(route: str) -> float:
    from prometheus_client.parser import text_string_to_metric_families

    _, headers, body = get("/metrics")
    assert headers["content-type"].startswith("text/plain")
    return sum(sample.value for family in text_string_to_metric_families(body.decode())
               for sample in family.samples
               if sample.name == "http_requests_total" and sample.labels["route"] == route
               and sample.labels["status"] == "200")


def test_metrics_count_requests() -> None:
    # The route template where the framework gives one, else the path.
    routes = ("/hello/{name}", "/hello/<name>", "/hello/<name:str>", "/hello/World")
    before = sum(_count(route) for route in routes)
    for _ in range(3):
        assert get("/hello/World")[0] == 200
    assert sum(_count(route) for route in routes) - before == 3


def test_access_log_is_json_with_the_request_id() -> None:
    buffer = io.StringIO()
    stream = observability.HANDLER.setStream(buffer)
    try:
        assert get("/hello/World", **{"X-Request-ID": "log-me"})[0] == 200
    finally:
        observability.HANDLER.setStream(stream)
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "http.access"]
    assert access and access[-1]["request_id"] == "log-me"
    assert access[-1]["http"]["status"] == "200" and access[-1]["http"]["method"] == "GET"
    assert access[-1]["http"]["path"] == "/hello/World"


def _worker_answers_three(route: str, ends: Callable[[], None]) -> None:
    """A worker forked from this process, as a server forks them, counts three requests to ``route``
    and then ``ends``; its process is gone before this returns."""
    with warnings.catch_warnings():
        # Python warns about forking a process with threads (this test run may have some); servers fork first.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        try:
            for _ in range(3):
                metrics.record("GET", route, route, 200, time.perf_counter(), "127.0.0.1")
            ends()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def test_counts_survive_a_worker_that_exits() -> None:
    # A worker keeps its counts in memory a moment: the ones it has when it exits are written as it goes.
    _worker_answers_three("/exited", atexit._run_exitfuncs)
    assert _count("/exited") == 3


def test_counts_of_a_killed_worker_are_written_within_a_flush() -> None:
    # Killed outright (no exit functions run), a worker has written what it counted up to FLUSH_SECONDS before.
    _worker_answers_three("/killed", lambda: time.sleep(metrics.FLUSH_SECONDS * 2))
    assert _count("/killed") == 3
