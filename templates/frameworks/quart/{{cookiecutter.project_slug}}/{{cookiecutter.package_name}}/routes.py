{%- if cookiecutter.websocket -%}
import os
from urllib.parse import urlsplit

from quart import Blueprint, abort, request, websocket

from .broadcast import {% if cookiecutter.redis %}Unavailable, {% endif %}broadcast

bp = Blueprint("routes", __name__)


@bp.get("/health")
async def health() -> dict[str, str]:
    return await broadcast.health()
{%- else -%}
from quart import Blueprint

bp = Blueprint("routes", __name__)


@bp.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
{%- endif %}


#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@bp.get("/")
async def index() -> dict[str, str]:
    return ROUTES


@bp.get("/hello/<name>")
async def hello(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
{%- if cookiecutter.websocket %}


#: Sites besides this one whose pages may open /ws and /events, e.g. "https://app.example.com".
ALLOWED_ORIGINS = {o.strip() for o in os.environ.get("WEBSOCKET_ALLOWED_ORIGINS", "").split(",") if o.strip()}


def refuse_other_sites() -> None:
    """Browsers send cookies with WebSocket handshakes from any site, so a page elsewhere could
    talk to a WebSocket as the user: a handshake whose Origin is another site is refused (403).
    Clients that are not browsers send no Origin and are let in."""
    origin = websocket.headers.get("origin")
    if origin and origin not in ALLOWED_ORIGINS and urlsplit(origin).netloc != websocket.headers.get("host"):
        abort(403)


@bp.websocket("/ws")
async def echo() -> None:
    """Send every text or binary message back, as it came, until the client closes.

    Quart accepts the connection on the first send or receive; when the client
    closes, the pending receive is cancelled and Quart ends the handler.
    """
    refuse_other_sites()
    while True:
        message = await websocket.receive()
        await websocket.send(message)


@bp.post("/events")
async def publish() -> tuple[dict[str, str], int]:
    """Send the message to every client connected to /events{% if cookiecutter.redis %}, on every process{% endif %}."""
    event = await request.get_json(silent=True)
    if not isinstance(event, dict) or not isinstance(event.get("message"), str):
        return {"error": 'expected JSON {"message": "..."}'}, 400
{%- if cookiecutter.redis %}
    try:
        await broadcast.publish(event["message"])
    except Unavailable as err:
        return {"error": str(err)}, 503
{%- else %}
    await broadcast.publish(event["message"])
{%- endif %}
    return {"status": "published"}, 202


@bp.websocket("/events")
async def events() -> None:
    """Receive every message POST /events publishes; what the client sends is ignored.

    When the client leaves, Quart cancels this handler, and the broadcast forgets the client.
    """
    refuse_other_sites()
    await websocket.accept()

    async def closed() -> None:
        while True:
            await websocket.receive()

    await broadcast.serve(websocket.send, closed, websocket.close)
{%- endif %}
