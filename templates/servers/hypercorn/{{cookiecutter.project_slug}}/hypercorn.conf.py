"""Hypercorn settings, loaded with ``hypercorn --config file:hypercorn.conf.py``.

A Python file rather than TOML so that HOST, PORT and the other values a deployment
tunes come from the environment; see
https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html.
Hypercorn serves HTTP/1.1, HTTP/2 over cleartext (prior knowledge or upgrade)
and WebSocket on the same port.
"""

import os

bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
# One worker unless WEB_CONCURRENCY says otherwise: with more, Hypercorn 0.18 ends every
# worker once the first has stopped on SIGTERM, cutting requests still running in the
# others. Run more replicas (compose --scale, Kubernetes replicas) to use more CPUs.
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
# One worker is served in this process (Hypercorn's workers = 0): a manager process would keep
# the port open through the drain, so that new connections were queued and left unanswered
# until the end; without one, SIGTERM closes the port and they are refused at once.
workers = 0 if workers == 1 else workers
worker_class = "uvloop"
{%- if cookiecutter.observability %}
# Errors to the container's stderr. No access log of Hypercorn's own: the app's middleware
# (the observability package) writes one JSON line per request, with its request ID and route.
accesslog = None
{%- else %}
# Log requests and errors to the container's stdout/stderr.
accesslog = "-"
{%- endif %}
errorlog = "-"
# On SIGTERM, give open requests and connections this long to finish.
graceful_timeout = {{ cookiecutter._sgi.shutdown_seconds }}
# A connection that sends nothing for this long is closed (Hypercorn's default is never,
# so a client announcing a frame it never sends would hold its connection forever).
read_timeout = int(os.environ.get("HYPERCORN_READ_TIMEOUT", "30"))
# Ping idle WebSocket clients, whose answers keep their connections within read_timeout.
websocket_ping_interval = read_timeout / 3
# The largest WebSocket message taken: a bigger one closes the connection with code 1009.
websocket_max_message_size = int(os.environ.get("WEBSOCKET_MAX_SIZE", "{{ cookiecutter._sgi.websocket_max_size }}"))
{%- if cookiecutter._sgi.tls_env %}
{%- set cert, key = cookiecutter._sgi.tls_env %}

# With a certificate and its key, the port speaks TLS only and clients agree on HTTP/2
# by ALPN, which is how browsers speak it; see the README.
if os.environ.get("{{ cert }}"):
    certfile = os.environ["{{ cert }}"]
    keyfile = os.environ["{{ key }}"]
{%- endif %}
