"""What the generated start commands are measured against.

QUICKSTART is each framework's own "run it" from its quick-start docs (a dev
server, or its server's defaults). TUNED lists, per server, configurations
tried by hand with the same features as the generated one (access log on
stdout, listening on HOST:PORT); the best measured one is the "hand-tuned" figure.
web2py has none: its own server comes with the full web2py download, not with
web2py-gluon. Commands are shell strings: {app} is the import target ({module}
and {attr} its halves), {package} the package,
{interface} wsgi or asgi, {cores} the CPU count.
"""

QUICKSTART: dict[str, str] = {
    "flask": "flask --app {app} run --host $HOST --port $PORT",
    "bottle": ("python -c 'import bottle, os; from {module} import {attr};"
               " bottle.run({attr}, host=os.environ[\"HOST\"], port=int(os.environ[\"PORT\"]), quiet=True)'"),
    "django": "python manage.py runserver $HOST:$PORT --noreload",
    "poorwsgi": ("python -c 'import os; from wsgiref.simple_server import make_server; from {module} import {attr};"
                 " make_server(os.environ[\"HOST\"], int(os.environ[\"PORT\"]), {attr}).serve_forever()'"),
    "pyramid": ("python -c 'import os; from waitress import serve; from {module} import {attr};"
                " serve({attr}, host=os.environ[\"HOST\"], port=int(os.environ[\"PORT\"]))'"),
    "webpy": "python -c 'from {module} import app; app.run()' $HOST:$PORT",
    "fastapi": "uvicorn {app} --host $HOST --port $PORT",
    "quart": "quart --app {app} run --host $HOST --port $PORT",
    "sanic": "sanic {app} --host $HOST --port $PORT --single-process",
    "channels": "daphne --bind $HOST --port $PORT {app}",
}

#: What a quick start needs that the project may not install (FastAPI's own `fastapi run`
#: is uvicorn underneath, from the fastapi[standard] extra).
QUICKSTART_NEEDS: dict[str, tuple[str, ...]] = {
    "fastapi": ("uvicorn",),
    "pyramid": ("waitress",),
}

TUNED: dict[str, list[str]] = {
    "gunicorn": [
        "gunicorn --bind $HOST:$PORT --workers {cores} --access-logfile - {app}",
        "gunicorn --bind $HOST:$PORT --workers $(({cores} * 2 + 1)) --access-logfile - {app}",
        "gunicorn --bind $HOST:$PORT --workers {cores} --worker-class gthread --threads 4 --access-logfile - {app}",
        ("gunicorn --bind $HOST:$PORT --workers $(({cores} * 2 + 1)) --worker-class gthread --threads 4"
         " --access-logfile - {app}"),
        ("gunicorn --bind $HOST:$PORT --workers $(({cores} * 2 + 1)) --worker-class gthread --threads 8"
         " --access-logfile - {app}"),
    ],
    # Waitress logs no requests itself: the generated waitress_app.py adds the access log,
    # so hand-tuned runs go through it too and differ only in threads and connection limit.
    "waitress": [
        "waitress-serve --listen $HOST:$PORT --threads 4 --call waitress_app:create_app",
        "waitress-serve --listen $HOST:$PORT --threads {cores} --call waitress_app:create_app",
        "waitress-serve --listen $HOST:$PORT --threads 16 --connection-limit 1000 --call waitress_app:create_app",
    ],
    # The generated uwsgi.ini puts request lines on stdout with req-logger = stdio, which routes
    # them through the master process; the same here (without it they go straight to stderr,
    # about 20% faster on /health).
    "uwsgi": [
        ("uwsgi --http-socket $HOST:$PORT --master --processes {cores} --add-header 'Connection: close'"
         " --req-logger stdio --module {app}"),
        ("uwsgi --http-socket $HOST:$PORT --master --processes $(({cores} * 2 + 1)) --add-header 'Connection: close'"
         " --req-logger stdio --module {app}"),
        ("uwsgi --http-socket $HOST:$PORT --master --processes {cores} --threads 2 --add-header 'Connection: close'"
         " --req-logger stdio --module {app}"),
    ],
    "uvicorn": [
        "uvicorn {app} --host $HOST --port $PORT --workers {cores}",
        "uvicorn {app} --host $HOST --port $PORT --workers {cores} --loop uvloop --http httptools",
    ],
    "hypercorn": [
        "hypercorn --bind $HOST:$PORT --workers {cores} --access-logfile - {app}",
        "hypercorn --bind $HOST:$PORT --workers {cores} --worker-class uvloop --access-logfile - {app}",
    ],
    "granian": [
        "granian --interface {interface} --host $HOST --port $PORT --workers {cores} --access-log {app}",
        "granian --interface {interface} --host $HOST --port $PORT --workers {cores} --loop uvloop --access-log {app}",
    ],
    "daphne": [
        "daphne --bind $HOST --port $PORT --access-log - {app}",
    ],
    "sanic": [
        "sanic {app} --host $HOST --port $PORT --workers {cores} --access-logs",
        "sanic {app} --host $HOST --port $PORT --fast --access-logs",
    ],
}
