{%- set sanic_name = cookiecutter.project_slug.replace("-", "_") -%}
{%- if not sanic_name[:1].isalpha() %}{% set sanic_name = "app_" ~ sanic_name %}{% endif -%}
from sanic import Request, Sanic{% if cookiecutter.websocket %}, Websocket{% endif %}
from sanic.response import HTTPResponse, json

# Settings come from SANIC_* environment variables, e.g. SANIC_REQUEST_TIMEOUT=30.
app = Sanic({{ sanic_name | python }})

#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@app.get("/")
async def index(request: Request) -> HTTPResponse:
    return json(ROUTES)


@app.get("/health")
async def health(request: Request) -> HTTPResponse:
    return json({"status": "ok"})


@app.get("/hello/<name:str>")
async def hello(request: Request, name: str) -> HTTPResponse:
    return json({"message": f"Hello, {name}!"})
{%- if cookiecutter.websocket %}


@app.websocket("/ws")
async def echo(request: Request, ws: Websocket) -> None:
    """Send every text or binary message back, as it came, until the client closes.

    Under Sanic's own server recv() raises ConnectionClosed when the client
    leaves (Sanic ends the handler); under an ASGI server it returns None.
    """
    while (message := await ws.recv()) is not None:
        await ws.send(message)
{%- endif %}
