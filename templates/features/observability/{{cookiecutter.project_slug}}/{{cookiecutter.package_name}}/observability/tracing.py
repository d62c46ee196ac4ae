"""Traces: OpenTelemetry, on only when OTEL_EXPORTER_OTLP_ENDPOINT says where spans go."""

from __future__ import annotations

import os


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
    # Where the server forks its workers after loading the app (uWSGI's master, Gunicorn with --preload),
    # this runs before the fork: the BatchSpanProcessor sees its process ID change at a worker's first
    # span and starts its export thread again there, so every worker exports its own spans.
    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    return True


TRACING = _tracing()


def name_span(method: str, route: str, status: int, request: str) -> None:
    """The OpenTelemetry middleware's span gets the route template and the request ID."""
    if TRACING:
        from opentelemetry import trace

        span = trace.get_current_span()
        span.update_name(f"{method} {route}")
        span.set_attributes({"http.route": route, "http.response.status_code": status, "request.id": request})
