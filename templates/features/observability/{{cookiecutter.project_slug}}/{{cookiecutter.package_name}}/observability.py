{%- set asgi = cookiecutter.interface == "asgi" -%}
{%- set hooks = cookiecutter._sgi.observe == "hooks" -%}
{%- set module, attribute = cookiecutter._sgi.framework_app.split(":") -%}
"""Logs, metrics and traces for every request, whatever the framework.

{% if hooks -%}
Sanic's own server runs the Sanic app itself, not a WSGI or ASGI callable, so
``instrument(app)`` (called by main.py) hooks this module into Sanic's request and
response middleware; under an ASGI server the same Sanic app gets ``ASGIMiddleware``.
{%- else -%}
The server loads ``app`` below: the framework's app (``{{ cookiecutter._sgi.framework_app }}``)
inside one {{ "ASGI" if asgi else "WSGI" }} middleware, so no route of the app has to know about any of this.
{%- endif %}

- **Request ID**: taken from the ``X-Request-ID`` header when it looks like one, else
  made; sent back in the response's ``X-Request-ID`` and put in every log line written
  while the request runs (a context variable, so threads and tasks keep theirs apart).
- **Logs**: one JSON object per line on stdout, for the app's logs and the access log,
  which this module writes (the server's own access log is off, so no request is logged twice).
- **Metrics**: ``GET /metrics`` in Prometheus' text format: requests and their latency by
  route template (where the framework puts it in the request, else the path) and status,
  requests in flight{% if asgi %} and open WebSocket connections{% endif %}. Every worker process writes its
  numbers to files under PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess
  mode), so whichever worker answers ``/metrics`` reports the sum over all of them.
- **Traces**: OpenTelemetry, only when OTEL_EXPORTER_OTLP_ENDPOINT is set, configured by
  the standard OTEL_* variables alone (OTLP over HTTP/protobuf).

``/health`` is left out of the metrics and the access log: probes would drown both.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
{%- if not asgi %}
from collections.abc import Callable, Iterable, Iterator
{%- endif %}
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def _multiprocess_dir() -> str:
    """This server's own folder for prometheus_client's per-process files, emptied at start.

    Counts must survive a worker being replaced and be summed over workers, which is what
    the multiprocess mode does with files; the files of an earlier run must not be counted.
    Each run of the server is one process group (the server and its workers), so the folder
    is named after the group and its leader's start time, and folders of groups that are gone
    are removed as the next run starts. PROMETHEUS_MULTIPROC_DIR, when set, is where they go.
    """
    root = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or Path(tempfile.gettempdir()) / "prometheus")
    group = os.getpgid(0)
    try:
        started = Path(f"/proc/{group}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        started = "0"
    for folder in root.glob("run-*"):
        try:
            os.killpg(int(folder.name.split("-")[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (PermissionError, ValueError):
            pass
    own = root / f"run-{group}-{started}"
    own.mkdir(parents=True, exist_ok=True)
    return str(own)


# prometheus_client reads this when it is imported.
os.environ["PROMETHEUS_MULTIPROC_DIR"] = _multiprocess_dir()

from prometheus_client import (  # noqa: E402
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
{%- if not hooks %}

from {{ module }} import {{ attribute }} as application  # noqa: E402
{%- endif %}

#: The paths kept out of metrics and the access log.
QUIET = frozenset({"/health"})
METRICS_PATH = "/metrics"
#: A request ID from the client is taken when it is this (at most 128 safe characters).
_VALID_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
#: The ID of the request being served, in this thread or task.
REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

REQUESTS = Counter("http_requests", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram("http_request_duration_seconds", "Time to answer an HTTP request", ["method", "route", "status"])
IN_FLIGHT = Gauge("http_requests_in_flight", "HTTP requests being answered", multiprocess_mode="livesum")
{%- if asgi %}
WEBSOCKETS = Gauge("websocket_connections", "Open WebSocket connections", multiprocess_mode="livesum")
{%- endif %}

access_log = logging.getLogger("http.access")


def request_id(given: str | None) -> str:
    """The client's X-Request-ID if it is a sensible one, else a new one."""
    return given if given and _VALID_ID.fullmatch(given) else uuid.uuid4().hex


def metrics() -> bytes:
    """Every worker's numbers, summed: prometheus_client's multiprocess collector."""
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry)


def record(method: str, path: str, route: str, status: int, started: float, client: str | None) -> None:
    """One answered request: its metrics (by route, so that they stay few) and its access-log
    line (by path as well: the line says which URL was asked)."""
    seconds = time.perf_counter() - started
    labels = {"method": method, "route": route, "status": str(status)}
    REQUESTS.labels(**labels).inc()
    LATENCY.labels(**labels).observe(seconds)
    access_log.info("%s %s %s", method, path, status, extra={
        "http": {**labels, "path": path, "duration_ms": round(seconds * 1000, 3), "client": client}})


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request ID, and any ``extra``."""

    _PLAIN = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request := getattr(record, "request_id", None):
            line["request_id"] = request
        line.update({key: value for key, value in record.__dict__.items() if key not in self._PLAIN})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class RequestIdFilter(logging.Filter):
    """Puts the current request's ID on every record the handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


def _handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    return handler


#: The root logger's one handler: JSON on stdout (the framework's own logging set up before is replaced).
HANDLER = _handler()
logging.root.handlers = [HANDLER]
logging.root.setLevel(os.environ.get("LOG_LEVEL", "INFO").upper())


def _tracing() -> bool:
    """OpenTelemetry's SDK, set up from OTEL_* alone (service name, resource, sampler, batching),
    when there is somewhere to send spans: OTEL_EXPORTER_OTLP_ENDPOINT."""
    if not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get("OTEL_SDK_DISABLED") == "true":
        return False
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    os.environ.setdefault("OTEL_SERVICE_NAME", {{ cookiecutter.project_slug | python }})
    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    return True


TRACING = _tracing()


def _name_span(method: str, route: str, status: int, request: str) -> None:
    """The OpenTelemetry middleware's span gets the route template and the request ID."""
    if TRACING:
        from opentelemetry import trace

        span = trace.get_current_span()
        span.update_name(f"{method} {route}")
        span.set_attributes({"http.route": route, "http.response.status_code": status, "request.id": request})
{%- if not asgi %}


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def route_of(environ: dict[str, Any], path: str, status: int) -> str:
    """The route template, where the framework leaves it in the environ (Bottle's route, Pyramid's matched
    route), else the path; one label for every path nothing matched."""
    route = getattr(environ.get("bottle.route"), "rule", None) or getattr(environ.get("bfg.routes.route"), "pattern",
                                                                           None)
    if route:
        return str(route)
    return path if status != 404 else "(unmatched)"


class WSGIMiddleware:
    """Request ID, access log and metrics around a WSGI app, and ``/metrics``."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = request_id(environ.get("HTTP_X_REQUEST_ID"))
        REQUEST_ID.set(request)
        path = environ.get("PATH_INFO") or "/"
        if path == METRICS_PATH:
            body = metrics()
            start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body))),
                                      ("X-Request-ID", request)])
            return [body]
        status = [500]

        def respond(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status[0] = int(line.split(" ", 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"] + [("X-Request-ID", request)]
            return start_response(line, headers, exc_info)

        if path in QUIET:
            return self.app(environ, respond)
        started = time.perf_counter()
        IN_FLIGHT.inc()
        try:
            body = self.app(environ, respond)
        except BaseException:
            self._done(environ, path, status[0], started, request)
            raise
        return self._send(body, environ, path, status, started, request)

    def _send(self, body: Iterable[bytes], environ: dict[str, Any], path: str, status: list[int], started: float,
              request: str) -> Iterator[bytes]:
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
            self._done(environ, path, status[0], started, request)

    @staticmethod
    def _done(environ: dict[str, Any], path: str, status: int, started: float, request: str) -> None:
        IN_FLIGHT.dec()
        route = route_of(environ, path, status)
        method = environ.get("REQUEST_METHOD", "GET")
        _name_span(method, route, status, request)
        record(method, path, route, status, started, environ.get("REMOTE_ADDR"))


def wrap(app: WSGIApp) -> WSGIApp:
    """The app in this module's middleware, inside OpenTelemetry's when tracing is on."""
    wrapped: WSGIApp = WSGIMiddleware(app)
    if TRACING:
        from opentelemetry.instrumentation.wsgi import OpenTelemetryMiddleware

        wrapped = OpenTelemetryMiddleware(wrapped)
    return wrapped
{%- else %}


def route_of(scope: dict[str, Any], status: int) -> str:
    """The route template the framework put in the scope (Starlette and FastAPI: ``route``, Litestar:
    ``path_template``), else the path; one label for every path nothing matched."""
    route = getattr(scope.get("route"), "path", None) or scope.get("path_template")
    if route:
        return str(route)
    return scope.get("path", "/") if status != 404 else "(unmatched)"


class ASGIMiddleware:
    """Request ID, access log and metrics around an ASGI app, ``/metrics``, and open WebSockets counted."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        given = dict(scope.get("headers") or ()).get(b"x-request-id", b"").decode("latin-1")
        request = request_id(given)
        token = REQUEST_ID.set(request)
        try:
            if scope["type"] == "websocket":
                await self._websocket(scope, receive, send)
            else:
                await self._http(scope, receive, send, request)
        finally:
            REQUEST_ID.reset(token)

    async def _http(self, scope: dict[str, Any], receive: Any, send: Any, request: str) -> None:
        path = scope.get("path", "/")
        header = (b"x-request-id", request.encode())
        if path == METRICS_PATH:
            body = metrics()
            await send({"type": "http.response.start", "status": 200, "headers": [
                (b"content-type", CONTENT_TYPE_LATEST.encode()), (b"content-length", str(len(body)).encode()), header]})
            await send({"type": "http.response.body", "body": body})
            return
        status = [500]

        async def respond(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                # Before the response goes: OpenTelemetry's middleware ends its span with the last body.
                _name_span(scope.get("method", "GET"), route_of(scope, status[0]), status[0], request)
                headers = [(k, v) for k, v in message.get("headers") or () if k.lower() != b"x-request-id"]
                message = {**message, "headers": [*headers, header]}
            await send(message)

        if path in QUIET:
            return await self.app(scope, receive, respond)
        started = time.perf_counter()
        IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, respond)
        finally:
            IN_FLIGHT.dec()
            method = scope.get("method", "GET")
            record(method, scope["path"], route_of(scope, status[0]), status[0], started,
                   (scope.get("client") or (None,))[0])

    async def _websocket(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        accepted = False
        started = time.perf_counter()

        async def counting(message: dict[str, Any]) -> None:
            nonlocal accepted
            await send(message)
            if message["type"] == "websocket.accept" and not accepted:
                accepted = True
                WEBSOCKETS.inc()

        try:
            await self.app(scope, receive, counting)
        finally:
            if accepted:
                WEBSOCKETS.dec()
            # The connection's one access line when it ends: 101 if it was taken, else 403 (refused).
            record("WEBSOCKET", scope["path"], route_of(scope, 101), 101 if accepted else 403, started,
                   (scope.get("client") or (None,))[0])


def wrap(app: Any) -> Any:
    """The app in this module's middleware, inside OpenTelemetry's when tracing is on."""
    wrapped = ASGIMiddleware(app)
    if TRACING:
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

        return OpenTelemetryMiddleware(wrapped)
    return wrapped
{%- endif %}
{%- if hooks %}


def instrument(app: Any) -> None:
    """Sanic's own server: the same request ID, access log, metrics and span through Sanic's middleware,
    and ``/metrics`` as a route."""
    from sanic.response import HTTPResponse, raw

    @app.on_request(priority=1000)
    async def begin(request: Any) -> HTTPResponse | None:
        request.ctx.request_id = request_id(request.headers.get("x-request-id"))
        REQUEST_ID.set(request.ctx.request_id)
        request.ctx.started = time.perf_counter()
        request.ctx.counted = request.path not in QUIET and request.path != METRICS_PATH
        if request.ctx.counted:
            IN_FLIGHT.inc()
        if TRACING:
            from opentelemetry import context, propagate, trace

            span = trace.get_tracer(__name__).start_span(
                request.method, context=propagate.extract(dict(request.headers)), kind=trace.SpanKind.SERVER,
                attributes={"http.request.method": request.method, "url.path": request.path})
            request.ctx.span = span, context.attach(trace.set_span_in_context(span))
        return None

    @app.on_response(priority=1000)
    async def end(request: Any, response: HTTPResponse) -> None:
        response.headers["X-Request-ID"] = request.ctx.request_id
        if not getattr(request.ctx, "counted", False):
            return
        IN_FLIGHT.dec()
        route = request.route.path if request.route else ("(unmatched)" if response.status == 404 else request.path)
        route = "/" + route.lstrip("/")
        if span := getattr(request.ctx, "span", None):
            from opentelemetry import context

            _name_span(request.method, route, response.status, request.ctx.request_id)
            span[0].end()
            context.detach(span[1])
        record(request.method, request.path, route, response.status, request.ctx.started, request.client_ip)

    @app.get(METRICS_PATH, name="metrics")
    async def serve_metrics(request: Any) -> HTTPResponse:
        return raw(metrics(), content_type=CONTENT_TYPE_LATEST)
{%- else %}


#: What the server loads.
app = wrap(application)
{%- endif %}
