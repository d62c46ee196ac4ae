{%- set asgi = cookiecutter.interface == "asgi" -%}
"""The Falcon application; servers load ``{{ cookiecutter.package_name }}.app:app``.

Falcon has an app class for each interface; this project speaks {{ cookiecutter.interface | upper }}
through ``{{ "falcon.asgi.App" if asgi else "falcon.App" }}``{{ ", so its responders are coroutines" if asgi }}.
Setting ``resp.media`` answers JSON.
"""

{% if cookiecutter.websocket -%}
import os
from urllib.parse import urlsplit

from falcon import HTTPForbidden, WebSocketDisconnected, WebSocketPayloadType
{% endif -%}
from falcon{{ ".asgi" if asgi }} import App, Request, Response{{ ", WebSocket" if cookiecutter.websocket }}

ROUTES = {% include "partials/routes.index" %}


class Index:
    {{ "async " if asgi }}def on_get(self, req: Request, resp: Response) -> None:
        """What this service answers, to start from."""
        resp.media = ROUTES


class Health:
    {{ "async " if asgi }}def on_get(self, req: Request, resp: Response) -> None:
        resp.media = {"status": "ok"}


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


#: Sites besides this one whose pages may open /ws, e.g. "https://app.example.com".
ALLOWED_ORIGINS = {o.strip() for o in os.environ.get("WEBSOCKET_ALLOWED_ORIGINS", "").split(",") if o.strip()}


class Echo:
    async def on_websocket(self, req: Request, ws: WebSocket) -> None:
        """Send every text or binary message back until the client closes.

        Browsers send cookies with WebSocket handshakes from any site, so a page elsewhere
        could talk to /ws as the user: handshakes whose Origin is another site are refused
        (403). Clients that are not browsers send no Origin and are let in.
        """
        origin = req.get_header("Origin")
        if origin and origin not in ALLOWED_ORIGINS and urlsplit(origin).netloc != req.get_header("Host"):
            raise HTTPForbidden()  # before accept(): the handshake is answered with 403
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
{%- endif %}


app = App()
app.add_route("/", Index())
app.add_route("/health", Health())
app.add_route("/hello/{name}", Hello())
{%- if cookiecutter.websocket %}
app.add_route("/ws", Echo())
app.ws_options.media_handlers[WebSocketPayloadType.TEXT] = AsIs()
app.ws_options.media_handlers[WebSocketPayloadType.BINARY] = AsIs()
{%- endif %}
