{% if cookiecutter.websocket -%}
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

{% endif -%}
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route{% if cookiecutter.websocket %}, WebSocketRoute
from starlette.websockets import WebSocket

from .broadcast import {% if cookiecutter.redis %}Unavailable, {% endif %}broadcast{% endif %}

ROUTES = {% include "partials/routes.index" %}


async def index(request: Request) -> JSONResponse:
    """What this service answers, to start from."""
    return JSONResponse(ROUTES)


async def health(request: Request) -> JSONResponse:
    return JSONResponse({% if cookiecutter.websocket %}await broadcast.health(){% else %}{"status": "ok"}{% endif %})


async def hello(request: Request) -> JSONResponse:
    return JSONResponse({"message": f"Hello, {request.path_params['name']}!"})
{%- if cookiecutter.websocket %}


{% include "partials/websocket_echo.py" %}

{% include "partials/websocket_events.py" %}


async def publish(request: Request) -> JSONResponse:
    """Send ``{"message": "..."}`` to every client connected to /events{% if cookiecutter.redis %}, on every process{% endif %}."""
    try:
        event = await request.json()
    except ValueError:
        event = None
    if not isinstance(event, dict) or not isinstance(event.get("message"), str):
        return JSONResponse({"error": 'expected JSON {"message": "..."}'}, 400)
{%- if cookiecutter.redis %}
    try:
        await broadcast.publish(event["message"])
    except Unavailable as err:
        return JSONResponse({"error": str(err)}, 503)
{%- else %}
    await broadcast.publish(event["message"])
{%- endif %}
    return JSONResponse({"status": "published"}, 202)


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    """Each worker process starts the /events broadcast's background task, and stops it on shutdown."""
    await broadcast.start()
    try:
        yield
    finally:
        await broadcast.stop()
{%- endif %}


routes = [
    Route("/", index),
    Route("/health", health),
    Route("/hello/{name}", hello),
{%- if cookiecutter.websocket %}
    WebSocketRoute("/ws", echo),
    Route("/events", publish, methods=["POST"]),
    WebSocketRoute("/events", events),
{%- endif %}
]
app = Starlette(routes=routes{{ ", lifespan=lifespan" if cookiecutter.websocket }})
