{%- set asgi = cookiecutter.interface == "asgi" -%}
"""The Falcon application; servers load ``{{ cookiecutter.package_name }}.app:app``.

Falcon has an app class for each interface; this project speaks {{ cookiecutter.interface | upper }}
through ``{{ "falcon.asgi.App" if asgi else "falcon.App" }}``{{ ", so its responders are coroutines" if asgi }}.
Setting ``resp.media`` answers JSON.
"""

{% if cookiecutter.websocket -%}
import os
from urllib.parse import urlsplit

from falcon import (
    HTTP_202,
    HTTPBadRequest,
    HTTPForbidden,
{%- if cookiecutter.redis %}
    HTTPServiceUnavailable,
{%- endif %}
    WebSocketDisconnected,
    WebSocketPayloadType,
)
{% endif -%}
from falcon{{ ".asgi" if asgi }} import App, Request, Response{{ ", WebSocket" if cookiecutter.websocket }}
{%- if cookiecutter._sgi.data %}

from . import db
{%- endif %}
{%- if cookiecutter.websocket %}
{%- if not cookiecutter._sgi.data %}
{# a blank line after the falcon imports #}
{%- endif %}
from .broadcast import {% if cookiecutter.redis %}Unavailable, {% endif %}broadcast
{%- endif %}
{%- if cookiecutter._sgi.data %}
from .items import Items
{%- endif %}

ROUTES = {% include "partials/routes.index" %}


class Index:
    {{ "async " if asgi }}def on_get(self, req: Request, resp: Response) -> None:
        """What this service answers, to start from."""
        resp.media = ROUTES


class Health:
    {{ "async " if asgi }}def on_get(self, req: Request, resp: Response) -> None:
        resp.media = {{ "await broadcast.health()" if cookiecutter.websocket else '{"status": "ok"}' }}


class Hello:
    {{ "async " if asgi }}def on_get(self, req: Request, resp: Response, name: str) -> None:
        resp.media = {"message": f"Hello, {name}!"}
{%- if cookiecutter.websocket %}


class AsIs:
    """WebSocket messages as they came: text as str, binary as bytes (Falcon's defaults decode JSON and MessagePack)."""

    def serialize(self, media: str | bytes) -> str | bytes:
        return media

    def deserialize(self, payload: str | bytes) -> str | bytes:
        return payload


#: Sites besides this one whose pages may open /ws and /events, e.g. "https://app.example.com".
ALLOWED_ORIGINS = {o.strip() for o in os.environ.get("WEBSOCKET_ALLOWED_ORIGINS", "").split(",") if o.strip()}


def refuse_other_sites(req: Request) -> None:
    """Browsers send cookies with WebSocket handshakes from any site, so a page elsewhere
    could talk to a WebSocket as the user: handshakes whose Origin is another site are refused
    (403, raised before accept()). Clients that are not browsers send no Origin and are let in.
    """
    origin = req.get_header("Origin")
    if origin and origin not in ALLOWED_ORIGINS and urlsplit(origin).netloc != req.get_header("Host"):
        raise HTTPForbidden()


class Echo:
    async def on_websocket(self, req: Request, ws: WebSocket) -> None:
        """Send every text or binary message back until the client closes."""
        refuse_other_sites(req)
        await ws.accept()
        while True:
            try:
                message = await ws.receive_media()
            except WebSocketDisconnected:
                return
            if isinstance(message, str):
                await ws.send_text(message)
            else:
                await ws.send_data(message)


class Events:
    async def on_post(self, req: Request, resp: Response) -> None:
        """Send ``{"message": "..."}`` to every client connected to /events{% if cookiecutter.redis %}, on every process{% endif %}."""
        event = await req.get_media(default_when_empty=None)
        if not isinstance(event, dict) or not isinstance(event.get("message"), str):
            raise HTTPBadRequest(description='expected JSON {"message": "..."}')
{%- if cookiecutter.redis %}
        try:
            await broadcast.publish(event["message"])
        except Unavailable as err:
            raise HTTPServiceUnavailable(description=str(err)) from None
{%- else %}
        await broadcast.publish(event["message"])
{%- endif %}
        resp.status = HTTP_202
        resp.media = {"status": "published"}

    async def on_websocket(self, req: Request, ws: WebSocket) -> None:
        """Receive every message POST /events publishes; what the client sends is ignored."""
        refuse_other_sites(req)
        await ws.accept()

        async def closed() -> None:
            while True:
                await ws.receive_media()  # raises WebSocketDisconnected once the client has gone

        await broadcast.serve(ws.send_text, closed, ws.close)


class BroadcastLifespan:
    """Each worker process starts the /events broadcast's background task, and stops it on shutdown
    (Falcon calls these middleware methods on the ASGI lifespan's startup and shutdown)."""

    async def process_startup(self, scope: dict, event: dict) -> None:
        await broadcast.start()

    async def process_shutdown(self, scope: dict, event: dict) -> None:
        await broadcast.stop()
{%- endif %}


{%- if cookiecutter._sgi.data %}

#: POST and GET /items, on one engine (and connection pool) per process, on DATABASE_URL.
items = Items(db.sessions(db.make_engine()))
{%- endif %}
{%- set middleware = (["BroadcastLifespan()"] if cookiecutter.websocket else []) + (["items"] if cookiecutter._sgi.data and asgi else []) %}


app = App({{ "middleware=[" ~ middleware | join(", ") ~ "]" if middleware }})
app.add_route("/", Index())
app.add_route("/health", Health())
app.add_route("/hello/{name}", Hello())
{%- if cookiecutter._sgi.data %}
app.add_route("/items", items)
{%- endif %}
{%- if cookiecutter.websocket %}
app.add_route("/ws", Echo())
app.add_route("/events", Events())
app.ws_options.media_handlers[WebSocketPayloadType.TEXT] = AsIs()
app.ws_options.media_handlers[WebSocketPayloadType.BINARY] = AsIs()
{%- endif %}
