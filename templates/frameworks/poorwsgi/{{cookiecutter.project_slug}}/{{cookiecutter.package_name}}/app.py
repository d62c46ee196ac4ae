"""The PoorWSGI application; servers load ``{{ cookiecutter.package_name }}.app:app``."""

from poorwsgi import Application
from poorwsgi.request import Request
from poorwsgi.response import JSONResponse
{%- if cookiecutter._sgi.data %}

from . import items
{%- endif %}

app = Application(__name__)
{%- if cookiecutter._sgi.data %}
# POST and GET /items, on one engine (and connection pool) per process.
items.install(app)
{%- endif %}

#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@app.route("/")
def index(req: Request) -> JSONResponse:
    return JSONResponse(**ROUTES)


@app.route("/health")
def health(req: Request) -> JSONResponse:
    return JSONResponse(status="ok")


@app.route("/hello/<name>")
def hello(req: Request, name: str) -> JSONResponse:
    return JSONResponse(message=f"Hello, {name}!")
