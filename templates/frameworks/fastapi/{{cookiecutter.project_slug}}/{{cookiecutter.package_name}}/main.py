{%- if cookiecutter.websocket -%}
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from fastapi import FastAPI, {% if cookiecutter.redis %}HTTPException, {% endif %}WebSocket
from pydantic import BaseModel

from .broadcast import {% if cookiecutter.redis %}Unavailable, {% endif %}broadcast


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Each worker process starts the /events broadcast's background task, and stops it on shutdown."""
    await broadcast.start()
    try:
        yield
    finally:
        await broadcast.stop()


app = FastAPI(title={{ cookiecutter.project_name | python }}, lifespan=lifespan)


@app.get("/health")
async def health() -> dict[str, str]:
    return await broadcast.health()
{%- else -%}
from fastapi import FastAPI

app = FastAPI(title={{ cookiecutter.project_name | python }})

#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@app.get("/")
async def index() -> dict[str, str]:
    return ROUTES


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


app.add_api_websocket_route("/ws", echo)


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


@app.websocket("/events")
async def events(websocket: WebSocket) -> None:
    """Receive every message POST /events publishes; what the client sends is ignored."""
    if not same_site(websocket):
        await websocket.close()
        return
    await websocket.accept()

    async def closed() -> None:
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass

    code = await broadcast.serve(websocket.send_text, closed)
    if code is not None:
        await websocket.close(code)
{%- endif %}
