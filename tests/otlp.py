"""A local OTLP/HTTP receiver for the tests: served projects send it their spans (OTEL_EXPORTER_OTLP_ENDPOINT).

It decodes each export as it arrives with a few lines of protobuf wire format (the fields of
ExportTraceServiceRequest a test reads: span names and string or integer attributes), so that a test needs
neither opentelemetry-proto nor a project's venv to read them, and waiting for a span costs milliseconds.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: What the receiver tells exporters to batch within: spans reach it this fast (the SDK's default is 5 s).
FLUSH_ENV = {"OTEL_BSP_SCHEDULE_DELAY": "100"}


def _fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """A protobuf message's (field number, value): varints as int, length-delimited fields as bytes."""
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(data, i)
            yield number, value
        elif wire == 2:
            size, i = _varint(data, i)
            yield number, data[i:i + size]
            i += size
        elif wire in (1, 5):  # fixed 64 and 32 bits: times and flags, not read here
            i += 8 if wire == 1 else 4
        else:
            raise ValueError(f"protobuf wire type {wire} is not expected in OTLP traces")


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _message(data: int | bytes) -> bytes:
    assert isinstance(data, bytes), "a message field was not length-delimited"
    return data


def _attribute(data: bytes) -> tuple[str, Any]:
    """KeyValue: key (1) and AnyValue (2), of which string_value (1), bool_value (2) and int_value (3)."""
    key, value = "", None
    for number, field in _fields(data):
        if number == 1:
            key = _message(field).decode()
        elif number == 2:
            for kind, inner in _fields(_message(field)):
                value = inner.decode() if kind == 1 and isinstance(inner, bytes) else inner
    return key, value


def decode(export: bytes) -> list[dict[str, Any]]:
    """The spans of an ExportTraceServiceRequest (resource_spans 1 > scope_spans 2 > spans 2), each as
    ``{"name": ..., "attributes": {...}}`` (Span: name 5, attributes 9)."""
    spans = []
    for number, resource in _fields(export):
        for scope_number, scope in _fields(_message(resource)) if number == 1 else ():
            for span_number, span in _fields(_message(scope)) if scope_number == 2 else ():
                if span_number != 2:
                    continue
                name, attributes = "", {}
                for field_number, field in _fields(_message(span)):
                    if field_number == 5:
                        name = _message(field).decode()
                    elif field_number == 9:
                        key, value = _attribute(_message(field))
                        attributes[key] = value
                spans.append({"name": name, "attributes": attributes})
    return spans


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
