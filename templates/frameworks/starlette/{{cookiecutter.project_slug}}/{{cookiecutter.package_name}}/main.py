{% if cookiecutter.websocket -%}
import os
from urllib.parse import urlsplit

{% endif -%}
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route{% if cookiecutter.websocket %}, WebSocketRoute
from starlette.websockets import WebSocket{% endif %}

ROUTES = {% include "partials/routes.index" %}


async def index(request: Request) -> JSONResponse:
    """What this service answers, to start from."""
    return JSONResponse(ROUTES)


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def hello(request: Request) -> JSONResponse:
    return JSONResponse({"message": f"Hello, {request.path_params['name']}!"})
{%- if cookiecutter.websocket %}


{% include "partials/websocket_echo.py" %}
{%- endif %}


routes = [
    Route("/", index),
    Route("/health", health),
    Route("/hello/{name}", hello),
{%- if cookiecutter.websocket %}
    WebSocketRoute("/ws", echo),
{%- endif %}
]
app = Starlette(routes=routes)
