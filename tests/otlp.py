"""A local OTLP/HTTP receiver for the tests: served projects send it their spans (OTEL_EXPORTER_OTLP_ENDPOINT).

It decodes each export as it arrives with OpenTelemetry's own protobuf classes (opentelemetry-proto, a
dev dependency), in the test process: no project's venv is needed to read them, and waiting for a span
costs milliseconds.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue

#: What the receiver tells exporters to batch within: spans reach it this fast (the SDK's default is 5 s).
FLUSH_ENV = {"OTEL_BSP_SCHEDULE_DELAY": "100"}


def decode(export: bytes) -> list[dict[str, Any]]:
    """The spans of an ExportTraceServiceRequest, each as ``{"name": ..., "attributes": {...}}``."""
    request = ExportTraceServiceRequest.FromString(export)
    return [{"name": span.name, "attributes": {a.key: _value(a.value) for a in span.attributes}}
            for resource in request.resource_spans for scope in resource.scope_spans for span in scope.spans]


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    return getattr(value, kind) if kind else None


class Receiver:
    """Where spans go: ``endpoint`` for OTEL_EXPORTER_OTLP_ENDPOINT, ``spans`` as they arrived."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.spans: list[dict[str, Any]] = []

    def span(self, request_id: str, timeout: float = 10) -> dict[str, Any]:
        """The span whose ``request.id`` attribute is ``request_id``, once it has arrived."""
        deadline = time.monotonic() + timeout
        while True:
            found = [s for s in list(self.spans) if s["attributes"].get("request.id") == request_id]
            if found:
                return found[0]
            assert time.monotonic() < deadline, f"no span for request {request_id} reached the receiver in {timeout}s"
            time.sleep(0.05)


@contextmanager
def receiving() -> Iterator[Receiver]:
    """An OTLP/HTTP receiver (POST /v1/traces, protobuf) on 127.0.0.1 and a free port, while the block runs."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.headers.get("Content-Encoding") == "gzip":  # OTEL_EXPORTER_OTLP_COMPRESSION=gzip
                body = gzip.decompress(body)
            if self.path == "/v1/traces":
                received.extend(decode(body))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver = Receiver(f"http://127.0.0.1:{server.server_address[1]}")
    receiver.spans = received
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
