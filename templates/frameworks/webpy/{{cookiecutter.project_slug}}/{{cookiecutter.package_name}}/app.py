"""The web.py application; servers load ``{{ cookiecutter.package_name }}.app:application``.

web.py maps URL patterns to classes with one method per HTTP verb.
"""

import json
import os

import web
{%- if cookiecutter._sgi.data %}

# POST and GET /items, on one engine (and connection pool) per process; web.py finds the class
# named in urls among this module's globals.
from .items import Items  # noqa: F401
{%- endif %}

# web.py turns debug mode (tracebacks in error pages, code reloading) on unless
# told otherwise, even under a production server: off here unless WEBPY_DEBUG=1.
web.config.debug = os.environ.get("WEBPY_DEBUG", "").lower() in {"1", "true", "yes", "on"}

urls = (
    "/", "Index",
    "/health", "Health",
    "/hello/([^/]+)", "Hello",
{%- if cookiecutter._sgi.data %}
    "/items", "Items",
{%- endif %}
)


#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


def _json(data: dict[str, str]) -> str:
    body = json.dumps(data)
    web.header("Content-Type", "application/json")
    # web.py sends no length of its own: without one, a server that closes after each
    # response (uWSGI here) ends the body only by closing, which load testers count as errors.
    web.header("Content-Length", str(len(body.encode())))
    return body


class Index:
    def GET(self) -> str:
        return _json(ROUTES)


class Health:
    def GET(self) -> str:
        return _json({"status": "ok"})


class Hello:
    def GET(self, name: str) -> str:
        return _json({"message": f"Hello, {name}!"})


app = web.application(urls, globals())
# The plain WSGI callable that servers call.
application = app.wsgifunc()
