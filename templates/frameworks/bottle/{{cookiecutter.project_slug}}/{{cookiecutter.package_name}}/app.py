"""The Bottle application; servers load ``{{ cookiecutter.package_name }}.app:app``.

A route that returns a dict answers JSON (Bottle's JSON plugin, on by default).
"""

from bottle import Bottle
{%- if cookiecutter._sgi.data %}

from . import items
{%- endif %}

app = Bottle()
{%- if cookiecutter._sgi.data %}
# POST and GET /items, on one engine (and connection pool) per process.
items.install(app)
{%- endif %}

#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@app.get("/")
def index() -> dict[str, str]:
    return ROUTES


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/hello/<name>")
def hello(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
