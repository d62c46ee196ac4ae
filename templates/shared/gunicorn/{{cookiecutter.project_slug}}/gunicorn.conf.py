"""Gunicorn settings; gunicorn reads ./gunicorn.conf.py on start.

HOST, PORT and WEB_CONCURRENCY come from the environment so that one image can
run anywhere; see https://docs.gunicorn.org/en/stable/settings.html.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
{%- if cookiecutter.interface == "asgi" %}
# Gunicorn manages the processes; each worker is a Uvicorn event loop (uvicorn-worker)
# serving many connections at once, so one per CPU core keeps every core busy.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "uvicorn_worker.UvicornWorker"
{%- else %}
# Gunicorn's rule of thumb, (2 x CPU cores) + 1 workers, each with a few threads:
# the threaded worker keeps client connections alive between requests, which the
# plain sync worker cannot (measured: about twice the requests per second).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
{%- endif %}
# Log requests and errors to the container's stdout/stderr.
accesslog = "-"
errorlog = "-"
# On SIGTERM, give in-flight requests this long to finish.
graceful_timeout = {{ cookiecutter._sgi.shutdown_seconds }}
