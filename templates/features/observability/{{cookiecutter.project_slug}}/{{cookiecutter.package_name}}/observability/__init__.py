{%- set asgi = cookiecutter.interface == "asgi" -%}
{%- set hooks = cookiecutter._sgi.observe == "hooks" -%}
{%- set module, attribute = cookiecutter._sgi.framework_app.split(":") -%}
"""Logs, metrics and traces for every request, whatever the framework.

{% if hooks -%}
Sanic's own server runs the Sanic app itself, not a WSGI or ASGI callable, so
``instrument(app)`` (called by main.py) hooks this package into Sanic's request and
response middleware; under an ASGI server the same Sanic app gets ``ASGIMiddleware``.
{%- else -%}
The server loads ``app`` below: the framework's app (``{{ cookiecutter._sgi.framework_app }}``)
inside one {{ "ASGI" if asgi else "WSGI" }} middleware, so no route of the app has to know about any of this.
{%- endif %}

- **Request ID**: taken from the ``X-Request-ID`` header when it looks like one, else
  made; sent back in the response's ``X-Request-ID`` and put in every log line written
  while the request runs (a context variable, so threads and tasks keep theirs apart).
- **Logs**: one JSON object per line on stdout, for the app's logs and the access log,
  which this package writes (the server's own access log is off, so no request is logged twice).
- **Metrics**: ``GET /metrics`` in Prometheus' text format: requests and their latency by
  route template (where the framework puts it in the request, else the path) and status,
  requests in flight{% if asgi %} and open WebSocket connections{% endif %}. Every worker process writes its
  numbers to files under PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess
  mode), so whichever worker answers ``/metrics`` reports the sum over all of them.
- **Traces**: OpenTelemetry, only when OTEL_EXPORTER_OTLP_ENDPOINT is set, configured by
  the standard OTEL_* variables alone (OTLP over HTTP/protobuf).

``/health`` is left out of the metrics and the access log: probes would drown both.

One module per concern: ``logs`` (JSON lines, request IDs), ``metrics`` (the multiprocess
folder, the metrics, ``record``), ``tracing`` (OpenTelemetry) and ``middleware`` (the
{{ "hooks into Sanic's server" if hooks else ("ASGI" if asgi else "WSGI") + " middleware" }}). Importing the package sets up the logging and
points prometheus_client at this run's metrics folder (before anything imports prometheus_client).
"""

{% if hooks -%}
from .logs import HANDLER, REQUEST_ID, request_id
from .middleware import instrument

__all__ = ["HANDLER", "REQUEST_ID", "instrument", "request_id"]
{%- else -%}
from {{ module }} import {{ attribute }} as application

from .logs import HANDLER, REQUEST_ID, request_id
from .middleware import wrap

__all__ = ["HANDLER", "REQUEST_ID", "app", "request_id", "wrap"]

#: What the server loads.
app = wrap(application)
{%- endif %}
