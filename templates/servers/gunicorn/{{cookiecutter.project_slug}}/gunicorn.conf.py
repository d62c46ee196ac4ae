{%- set asgi = cookiecutter.interface == "asgi" -%}
"""Gunicorn settings; gunicorn reads ./gunicorn.conf.py on start.

HOST, PORT and WEB_CONCURRENCY come from the environment so that one image can
run anywhere; see https://docs.gunicorn.org/en/stable/settings.html.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
{%- if asgi %}
# Gunicorn's rule of thumb, (2 x CPU cores) + 1 workers. Gunicorn's own ASGI worker runs the
# app on an event loop in each (beta upstream since Gunicorn 24).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "asgi"
{%- else %}
# Gunicorn's rule of thumb, (2 x CPU cores) + 1 workers, each with a few threads:
# the threaded worker keeps client connections alive between requests, which the
# plain sync worker cannot (measured: about twice the requests per second).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
{%- endif %}
# No control socket: Gunicorn 25.1+ would otherwise make one in ~/.gunicorn/ (or
# $XDG_RUNTIME_DIR) for its gunicornc tool, on every run, even on a laptop.
control_socket_disable = True
# Log requests and errors to the container's stdout/stderr.
accesslog = "-"
errorlog = "-"
# On SIGTERM, give in-flight requests this long to finish.
graceful_timeout = {{ cookiecutter._sgi.shutdown_seconds }}
{%- if cookiecutter.http2 %}
{%- set cert, key = cookiecutter._sgi.tls_env %}

# HTTP/2 (beta upstream since Gunicorn 25). Over cleartext it is served only to the peers
# forwarded_allow_ips trusts (the proxy in front; default 127.0.0.1), with prior knowledge
# or by upgrade; HTTP/1.1 is still served on the same port, health checks included.
http_protocols = "h2,h1"
http2_cleartext = "both"
# With a certificate and its key, the port speaks TLS only and clients agree on HTTP/2
# by ALPN, which is how browsers speak it; see the README.
if os.environ.get("{{ cert }}"):
    certfile = os.environ["{{ cert }}"]
    keyfile = os.environ["{{ key }}"]
{%- endif %}
