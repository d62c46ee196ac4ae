{% if cookiecutter.websocket -%}
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

{% endif -%}
from litestar import Litestar, {% if cookiecutter.websocket %}WebSocket, {% endif %}get{{ ", post, websocket" if cookiecutter.websocket }}
{%- if cookiecutter.redis %}
from litestar.exceptions import HTTPException
{%- endif %}
from litestar.params import FromPath{{ ', JSONBody' if cookiecutter.websocket }}
{%- if cookiecutter.websocket or cookiecutter._sgi.data %}
{# one blank line between the third-party imports and the project's #}
{%- endif %}
{%- if cookiecutter._sgi.data %}
from . import items
{%- endif %}
{%- if cookiecutter.websocket %}
from .broadcast import {% if cookiecutter.redis %}Unavailable, {% endif %}broadcast
{%- endif %}

ROUTES = {% include "partials/routes.index" %}


@get("/")
async def index() -> dict[str, str]:
    """What this service answers, to start from."""
    return ROUTES


@get("/health")
async def health() -> dict[str, str]:
    return {% if cookiecutter.websocket %}await broadcast.health(){% else %}{"status": "ok"}{% endif %}


@get("/hello/{name:str}")
async def hello(name: FromPath[str]) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
{%- if cookiecutter.websocket %}


{% include "partials/websocket_echo.py" %}

{% include "partials/websocket_events.py" %}


@dataclass
class Event:
    message: str


@post("/events", status_code=202)
async def publish(data: JSONBody[Event]) -> dict[str, str]:
    """Send the message to every client connected to /events{% if cookiecutter.redis %}, on every process{% endif %}."""
{%- if cookiecutter.redis %}
    try:
        await broadcast.publish(data.message)
    except Unavailable as err:
        raise HTTPException(str(err), status_code=503) from None
{%- else %}
    await broadcast.publish(data.message)
{%- endif %}
    return {"status": "published"}
{%- endif %}


app = Litestar(
    route_handlers=[index, health, hello{{ ', websocket("/ws")(echo), publish, websocket("/events")(events)' if cookiecutter.websocket }}{% if cookiecutter._sgi.data %},
                    *items.route_handlers{% endif %}],
{%- if cookiecutter.websocket and cookiecutter._sgi.data %}
    # Each worker process opens one connection pool and starts the /events broadcast's background
    # task, and stops both on shutdown.
    on_startup=[items.open_pool, broadcast.start],
    on_shutdown=[broadcast.stop, items.close_pool],
{%- elif cookiecutter._sgi.data %}
    # Each worker process opens one connection pool, and closes it on shutdown.
    on_startup=[items.open_pool],
    on_shutdown=[items.close_pool],
{%- elif cookiecutter.websocket %}
    # Each worker process starts the /events broadcast's background task, and stops it on shutdown.
    on_startup=[broadcast.start],
    on_shutdown=[broadcast.stop],
{%- endif %}
)
