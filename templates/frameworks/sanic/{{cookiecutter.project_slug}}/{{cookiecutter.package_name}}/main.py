{%- set sanic_name = cookiecutter.project_slug.replace("-", "_") -%}
{%- if not sanic_name[:1].isalpha() %}{% set sanic_name = "app_" ~ sanic_name %}{% endif -%}
{%- if cookiecutter.websocket %}
import os
from urllib.parse import urlsplit

{% endif -%}
from sanic import Request, Sanic{% if cookiecutter.websocket %}, Websocket{% endif %}
from sanic.response import HTTPResponse, json{% if cookiecutter.websocket %}, text{% endif %}

# Settings come from SANIC_* environment variables, e.g. SANIC_REQUEST_TIMEOUT=30.
app = Sanic({{ sanic_name | python }})
{%- if cookiecutter.websocket %}
# The largest WebSocket message Sanic's own server takes; a bigger one closes with 1009.
app.config.WEBSOCKET_MAX_SIZE = int(os.environ.get("WEBSOCKET_MAX_SIZE", "{{ cookiecutter._sgi.websocket_max_size }}"))
#: Sites besides this one whose pages may open /ws, e.g. "https://app.example.com".
ALLOWED_ORIGINS = {o.strip() for o in os.environ.get("WEBSOCKET_ALLOWED_ORIGINS", "").split(",") if o.strip()}
{%- endif %}


@app.get("/health")
async def health(request: Request) -> HTTPResponse:
    return json({"status": "ok"})


@app.get("/hello/<name:str>")
async def hello(request: Request, name: str) -> HTTPResponse:
    return json({"message": f"Hello, {name}!"})
{%- if cookiecutter.websocket %}


@app.on_request
async def refuse_other_sites(request: Request) -> HTTPResponse | None:
    """Browsers send cookies with WebSocket handshakes from any site, so a page elsewhere
    could talk to /ws as the user: handshakes whose Origin is another site are refused
    (403) before Sanic accepts them. Clients that are not browsers send no Origin.
    """
    origin = request.headers.get("origin")
    if request.path == "/ws" and origin and origin not in ALLOWED_ORIGINS and urlsplit(origin).netloc != request.host:
        return text("WebSocket from another site refused", status=403)
    return None


@app.websocket("/ws")
async def echo(request: Request, ws: Websocket) -> None:
    """Send every text or binary message back, as it came, until the client closes.

    Under Sanic's own server recv() raises ConnectionClosed when the client
    leaves (Sanic ends the handler); under an ASGI server it returns None.
    """
    while (message := await ws.recv()) is not None:
        await ws.send(message)
{%- endif %}
