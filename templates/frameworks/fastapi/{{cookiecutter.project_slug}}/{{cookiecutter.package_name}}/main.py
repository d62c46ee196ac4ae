{%- if cookiecutter.websocket %}
import os
from urllib.parse import urlsplit

{% endif -%}
from fastapi import FastAPI{% if cookiecutter.websocket %}, WebSocket{% endif %}

app = FastAPI(title={{ cookiecutter.project_name | python }})


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/hello/{name}")
async def hello(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
{%- if cookiecutter.websocket %}


#: Sites besides this one whose pages may open /ws, e.g. "https://app.example.com".
ALLOWED_ORIGINS = {o.strip() for o in os.environ.get("WEBSOCKET_ALLOWED_ORIGINS", "").split(",") if o.strip()}


@app.websocket("/ws")
async def echo(websocket: WebSocket) -> None:
    """Send every text or binary message back until the client closes.

    Browsers send cookies with WebSocket handshakes from any site, so a page elsewhere
    could talk to /ws as the user: handshakes whose Origin is another site are refused
    (403). Clients that are not browsers send no Origin and are let in.
    """
    origin = websocket.headers.get("origin")
    if origin and origin not in ALLOWED_ORIGINS and urlsplit(origin).netloc != websocket.headers.get("host"):
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
{%- endif %}
