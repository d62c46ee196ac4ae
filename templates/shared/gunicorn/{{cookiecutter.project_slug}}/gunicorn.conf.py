{%- set asgi = cookiecutter.interface == "asgi" -%}
"""Gunicorn settings; gunicorn reads ./gunicorn.conf.py on start.

HOST, PORT and the other values a deployment tunes come from the environment so
that one image can run anywhere; see https://docs.gunicorn.org/en/stable/settings.html.
"""

import os

import cpu_limit

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
{%- if asgi %}
# Each worker runs the app on an event loop serving many connections at once
# ({{ cookiecutter._sgi.asgi_worker_note }}), so one per CPU of the container's limit
# (cpu_limit.py, not the host's cores) keeps every CPU busy.
workers = int(os.environ.get("WEB_CONCURRENCY", cpu_limit.cpus()))
worker_class = "{{ cookiecutter._sgi.asgi_worker }}"
{%- if cookiecutter._sgi.asgi_worker == "asgi" %}
# The largest WebSocket message taken; one byte more closes the connection with 1009.
websocket_max_message_size = int(os.environ.get("WEBSOCKET_MAX_SIZE", "{{ cookiecutter._sgi.websocket_max_size }}"))
{%- endif %}
{%- else %}
# Gunicorn's rule of thumb, (2 x CPUs) + 1 workers, each with a few threads, counting
# the CPUs of the container's limit (cpu_limit.py), not the host's cores. The threaded
# worker keeps client connections alive between requests, which the plain sync worker
# cannot (measured: about twice the requests per second). A worker serves as many
# connections as it has threads, slow clients included: keep it behind nginx or an Ingress.
workers = int(os.environ.get("WEB_CONCURRENCY", cpu_limit.cpus() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
{%- endif %}
# A worker silent this long (a request stuck in the app) is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Idle keep-alive connections stay open this long: above the 60 s idle timeout of
# common load balancers, as Gunicorn's docs advise behind one (its default is 2 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# X-Forwarded-Proto is believed only from these addresses or networks (the proxy's):
# by default loopback and the private networks compose and clusters use.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "{{ cookiecutter._sgi.forwarded_allow_ips }}")
# Gunicorn 25+ opens a control socket under $HOME, which the image's user has not.
control_socket_disable = True
{%- if cookiecutter.observability %}
# Errors to the container's stderr. No access log of Gunicorn's own: the app's middleware
# (the observability package) writes one JSON line per request, with its request ID and route.
accesslog = None
# The workers forked from this master process are one run of the server: they keep their
# metrics in one folder of their own, named after it (observability/metrics.py).
os.environ["SERVER_MASTER_PID"] = str(os.getpid())
{%- else %}
# Log requests and errors to the container's stdout/stderr.
accesslog = "-"
{%- endif %}
errorlog = "-"
# On SIGTERM, give in-flight requests this long to finish.
graceful_timeout = {{ cookiecutter._sgi.shutdown_seconds }}
{%- if cookiecutter.http2 %}
{%- set cert, key = cookiecutter._sgi.tls_env %}

# HTTP/2 (beta upstream since Gunicorn 25). Over cleartext it is served only to the peers
# forwarded_allow_ips trusts (the proxy in front), with prior knowledge or by upgrade;
# HTTP/1.1 is still served on the same port, health checks included.
http_protocols = "h2,h1"
http2_cleartext = "both"
# With a certificate and its key, the port speaks TLS only and clients agree on HTTP/2
# by ALPN, which is how browsers speak it; see the README.
if os.environ.get("{{ cert }}"):
    certfile = os.environ["{{ cert }}"]
    keyfile = os.environ["{{ key }}"]
{%- endif %}
