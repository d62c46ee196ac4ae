{%- if cookiecutter.websocket %}
import os
from urllib.parse import urlsplit

{% endif -%}
from quart import Blueprint{% if cookiecutter.websocket %}, abort, websocket{% endif %}

bp = Blueprint("routes", __name__)


@bp.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@bp.get("/hello/<name>")
async def hello(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
{%- if cookiecutter.websocket %}


#: Sites besides this one whose pages may open /ws, e.g. "https://app.example.com".
ALLOWED_ORIGINS = {o.strip() for o in os.environ.get("WEBSOCKET_ALLOWED_ORIGINS", "").split(",") if o.strip()}


@bp.websocket("/ws")
async def echo() -> None:
    """Send every text or binary message back, as it came, until the client closes.

    Browsers send cookies with WebSocket handshakes from any site, so a page elsewhere
    could talk to /ws as the user: handshakes whose Origin is another site are refused
    (403). Clients that are not browsers send no Origin and are let in.
    Quart accepts the connection on the first send or receive; when the client
    closes, the pending receive is cancelled and Quart ends the handler.
    """
    origin = websocket.headers.get("origin")
    if origin and origin not in ALLOWED_ORIGINS and urlsplit(origin).netloc != websocket.headers.get("host"):
        abort(403)
    while True:
        message = await websocket.receive()
        await websocket.send(message)
{%- endif %}
