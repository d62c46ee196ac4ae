"""Hypercorn settings, loaded with ``hypercorn --config file:hypercorn.conf.py``.

A Python file rather than TOML so that HOST, PORT and WEB_CONCURRENCY come from
the environment; see https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html.
Hypercorn serves HTTP/1.1, HTTP/2 over cleartext (prior knowledge or upgrade)
and WebSocket on the same port.
"""

import os

bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 1))
worker_class = "uvloop"
# Log requests and errors to the container's stdout/stderr.
accesslog = "-"
errorlog = "-"
# On SIGTERM, give open requests and connections this long to finish.
graceful_timeout = {{ cookiecutter._sgi.shutdown_seconds }}
{%- if cookiecutter._sgi.tls_env %}
{%- set cert, key = cookiecutter._sgi.tls_env %}

# With a certificate and its key, the port speaks TLS only and clients agree on HTTP/2
# by ALPN, which is how browsers speak it; see the README.
if os.environ.get("{{ cert }}"):
    certfile = os.environ["{{ cert }}"]
    keyfile = os.environ["{{ key }}"]
{%- endif %}
