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


@app.get("/hello/{name}")
async def hello(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
{%- if cookiecutter.websocket %}


#: Sites besides this one whose pages may open /ws and /events, e.g. "https://app.example.com".
ALLOWED_ORIGINS = {o.strip() for o in os.environ.get("WEBSOCKET_ALLOWED_ORIGINS", "").split(",") if o.strip()}


def same_site(websocket: WebSocket) -> bool:
    """Browsers send cookies with WebSocket handshakes from any site, so a page elsewhere could
    talk to a WebSocket as the user: a handshake whose Origin is another site is refused.
    Clients that are not browsers send no Origin and are let in."""
    origin = websocket.headers.get("origin")
    return not origin or origin in ALLOWED_ORIGINS or urlsplit(origin).netloc == websocket.headers.get("host")


@app.websocket("/ws")
async def echo(websocket: WebSocket) -> None:
    """Send every text or binary message back until the client closes."""
    if not same_site(websocket):
        await websocket.close()  # before accept(): the server answers the handshake with 403
        return
    await websocket.accept()
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            break
        if message.get("text") is not None:
            await websocket.send_text(message["text"])
        else:
            await websocket.send_bytes(message["bytes"])


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
