{%- set data = cookiecutter._sgi.data -%}
{% if cookiecutter.websocket -%}
import os
{% endif -%}
{% if cookiecutter.websocket or data -%}
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
{% endif -%}
{% if cookiecutter.websocket -%}
from urllib.parse import urlsplit
{% endif -%}
{% if cookiecutter.websocket or data %}
{% endif -%}
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route{% if cookiecutter.websocket %}, WebSocketRoute
from starlette.websockets import WebSocket{% endif %}
{% if cookiecutter.websocket or data %}
{% endif -%}
{% if data -%}
from . import db, items
{% endif -%}
{% if cookiecutter.websocket -%}
from .broadcast import {% if cookiecutter.redis %}Unavailable, {% endif %}broadcast
{% endif %}
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
{%- endif %}
{%- if cookiecutter.websocket or data %}


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
{%- if cookiecutter.websocket and data %}
    """Each worker process opens one engine (and connection pool) on DATABASE_URL and starts the
    /events broadcast's background task; it stops both on shutdown."""
{%- elif data %}
    """One engine (and connection pool) per process, on DATABASE_URL, closed at shutdown."""
{%- else %}
    """Each worker process starts the /events broadcast's background task, and stops it on shutdown."""
{%- endif %}
{%- if data %}
    engine = db.make_engine()
    app.state.sessions = db.sessions(engine)
{%- endif %}
{%- if cookiecutter.websocket %}
    await broadcast.start()
{%- endif %}
    try:
        yield
    finally:
{%- if cookiecutter.websocket %}
        await broadcast.stop()
{%- endif %}
{%- if data %}
        await engine.dispose()
{%- endif %}
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
{%- if data %}
    *items.routes,
{%- endif %}
]
app = Starlette(routes=routes{{ ", lifespan=lifespan" if cookiecutter.websocket or data }})
