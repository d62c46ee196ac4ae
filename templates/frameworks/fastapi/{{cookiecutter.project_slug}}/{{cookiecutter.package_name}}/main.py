{%- if cookiecutter.websocket or cookiecutter._sgi.data -%}
{% if cookiecutter.websocket %}import os
{% endif %}from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
{%- if cookiecutter.websocket %}
from urllib.parse import urlsplit
{%- endif %}

from fastapi import FastAPI{% if cookiecutter.websocket %}, {% if cookiecutter.redis %}HTTPException, {% endif %}WebSocket{% endif %}
{%- if cookiecutter.websocket %}
from pydantic import BaseModel
{%- endif %}

{% if cookiecutter._sgi.data %}from . import db, items
{% endif %}{% if cookiecutter.websocket %}from .broadcast import {% if cookiecutter.redis %}Unavailable, {% endif %}broadcast
{% endif %}

@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
{%- if cookiecutter.websocket and cookiecutter._sgi.data %}
    """Each worker process opens one engine (and connection pool) on DATABASE_URL and starts the
    /events broadcast's background task; it stops both on shutdown."""
    engine = db.make_engine()
    app.state.sessions = db.sessions(engine)
    await broadcast.start()
    try:
        yield
    finally:
        await broadcast.stop()
        await engine.dispose()
{%- elif cookiecutter.websocket %}
    """Each worker process starts the /events broadcast's background task, and stops it on shutdown."""
    await broadcast.start()
    try:
        yield
    finally:
        await broadcast.stop()
{%- else %}
    """One engine (and connection pool) per process, on DATABASE_URL, closed at shutdown."""
    engine = db.make_engine()
    app.state.sessions = db.sessions(engine)
    yield
    await engine.dispose()
{%- endif %}


{% if cookiecutter.observability -%}
# FastAPI's own tracing is off: the observability layer's OpenTelemetry middleware makes each request's
# span (named by its route), and FastAPI's would be a second one, in a trace of its own.
{% endif -%}
app = FastAPI(title={{ cookiecutter.project_name | python }}, lifespan=lifespan{% if cookiecutter.observability %}, telemetry={"tracing": False}{% endif %})
{%- if cookiecutter._sgi.data %}
app.include_router(items.router)
{%- endif %}
{%- if cookiecutter.websocket %}


@app.get("/health")
async def health() -> dict[str, str]:
    return await broadcast.health()
{%- endif %}
{%- else -%}
from fastapi import FastAPI

{% if cookiecutter.observability -%}
# FastAPI's own tracing is off: the observability layer's OpenTelemetry middleware makes each request's
# span (named by its route), and FastAPI's would be a second one, in a trace of its own.
{% endif -%}
app = FastAPI(title={{ cookiecutter.project_name | python }}{% if cookiecutter.observability %}, telemetry={"tracing": False}{% endif %})
{%- endif %}
{%- if not cookiecutter.websocket %}


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
{%- endif %}


ROUTES = {% include "partials/routes.index" %}


@app.get("/")
async def index() -> dict[str, str]:
    """What this service answers, to start from; the API docs are at /docs."""
    return ROUTES


@app.get("/hello/{name}")
async def hello(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
{%- if cookiecutter.websocket %}


{% include "partials/websocket_echo.py" %}

{% include "partials/websocket_events.py" %}


app.add_api_websocket_route("/ws", echo)
app.add_api_websocket_route("/events", events)


class Event(BaseModel):
    message: str


@app.post("/events", status_code=202)
async def publish(event: Event) -> dict[str, str]:
    """Send the message to every client connected to /events{% if cookiecutter.redis %}, on every process{% endif %}."""
{%- if cookiecutter.redis %}
    try:
        await broadcast.publish(event.message)
    except Unavailable as err:
        raise HTTPException(503, str(err)) from None
{%- else %}
    await broadcast.publish(event.message)
{%- endif %}
    return {"status": "published"}
{%- endif %}
