{%- set asgi = cookiecutter.interface == "asgi" -%}
{%- set hooks = cookiecutter._sgi.observe == "hooks" -%}
"""{{ "Sanic's own server: the request ID, access log, metrics and span through Sanic's middleware." if hooks else ("An ASGI" if asgi else "A WSGI") + " middleware: the request ID, access log, metrics and span around the app, and /metrics." }}"""

from __future__ import annotations

{% if hooks -%}
import asyncio
{% endif -%}
import time
{%- if not asgi %}
from collections.abc import Callable, Iterable, Iterator
{%- elif not hooks %}
from collections.abc import Awaitable
{%- endif %}
from typing import Any

from .logs import REQUEST_ID, request_id
from .metrics import {{ "CONTENT_TYPE, IN_FLIGHT, METRICS_PATH, QUIET, WEBSOCKETS, flush, metrics, record" if asgi else "CONTENT_TYPE, IN_FLIGHT, METRICS_PATH, QUIET, metrics, record" }}
from .tracing import TRACING, name_span


{% include "partials/observability/" ~ ("sanic" if hooks else cookiecutter.interface) ~ ".py" %}