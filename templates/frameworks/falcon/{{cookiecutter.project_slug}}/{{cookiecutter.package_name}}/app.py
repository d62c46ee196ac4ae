{%- set asgi = cookiecutter.interface == "asgi" -%}
"""The Falcon application; servers load ``{{ cookiecutter.package_name }}.app:app``.

Falcon has an app class for each interface; this project speaks {{ cookiecutter.interface | upper }}
through ``{{ "falcon.asgi.App" if asgi else "falcon.App" }}``{{ ", so its responders are coroutines" if asgi }}.
Setting ``resp.media`` answers JSON.
"""

{% if cookiecutter.websocket -%}
from falcon import WebSocketDisconnected, WebSocketPayloadType
{% endif -%}
from falcon{{ ".asgi" if asgi }} import App, Request, Response{{ ", WebSocket" if cookiecutter.websocket }}


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


class Echo:
    async def on_websocket(self, req: Request, ws: WebSocket) -> None:
        """Send every text or binary message back until the client closes."""
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
app.add_route("/health", Health())
app.add_route("/hello/{name}", Hello())
{%- if cookiecutter.websocket %}
app.add_route("/ws", Echo())
app.ws_options.media_handlers[WebSocketPayloadType.TEXT] = AsIs()
app.ws_options.media_handlers[WebSocketPayloadType.BINARY] = AsIs()
{%- endif %}
