{%- set sanic_name = cookiecutter.project_slug.replace("-", "_") -%}
{%- if not sanic_name[:1].isalpha() %}{% set sanic_name = "app_" ~ sanic_name %}{% endif -%}
{%- set own = cookiecutter._sgi.own_server -%}
{%- if cookiecutter.websocket %}
import os
from urllib.parse import urlsplit

{% endif -%}
from sanic import Request, Sanic{% if cookiecutter.websocket %}, Websocket{% endif %}
{%- if own %}
from sanic.headers import Options
{%- endif %}
from sanic.response import HTTPResponse, json{% if cookiecutter.websocket %}, text{% endif %}
{%- if cookiecutter.websocket or own or cookiecutter._sgi.observe == "hooks" or cookiecutter._sgi.data %}
{# a blank line after the sanic imports #}
{%- endif %}
{%- if cookiecutter._sgi.data %}
from . import items
{%- endif %}
{%- if cookiecutter.websocket %}
from .broadcast import {% if cookiecutter.redis %}Unavailable, {% endif %}broadcast
{%- endif %}
{%- if own %}
from .forwarded import trusted
{%- endif %}
{%- if cookiecutter._sgi.observe == "hooks" %}
from .observability import instrument
{%- endif %}
{%- if own %}


class ProxiedRequest(Request):
    """Sanic's request, with X-Forwarded-For/-Proto believed only from the proxies in FORWARDED_ALLOW_IPS.

    Sanic reads them (PROXIES_COUNT below) from whoever sends them: it has no setting for the
    proxy's address (its maintainers declined one, sanic-org/sanic#2902). A request from any other
    address gets no forwarded information, so its client_ip is its peer's and its scheme the connection's.
    """

    @property
    def forwarded(self) -> Options:
        if self.parsed_forwarded is None and not trusted(self.ip):
            self.parsed_forwarded = {}
        return super().forwarded
{% endif %}

# Settings come from SANIC_* environment variables, e.g. SANIC_REQUEST_TIMEOUT=30.
app = Sanic({{ sanic_name | python }}{% if own %}, request_class=ProxiedRequest{% endif %})
{%- if own %}
# The client's address is X-Forwarded-For's last, as the one proxy in front (nginx, the Ingress) saw it;
# SANIC_PROXIES_COUNT=2 where another stands before it (a CDN, a cloud load balancer).
app.config.PROXIES_COUNT = app.config.PROXIES_COUNT or 1
{%- endif %}
{%- if cookiecutter._sgi.observe == "hooks" %}
# Request IDs, JSON access lines and /metrics (the observability package).
instrument(app)
{%- endif %}
{%- if cookiecutter._sgi.data %}
# POST and GET /items, and the connection pool each worker process opens.
app.blueprint(items.bp)
{%- endif %}
{%- if cookiecutter.websocket %}
# The largest WebSocket message Sanic's own server takes; a bigger one closes with 1009.
app.config.WEBSOCKET_MAX_SIZE = int(os.environ.get("WEBSOCKET_MAX_SIZE", "{{ cookiecutter._sgi.websocket_max_size }}"))
#: Sites besides this one whose pages may open /ws and /events, e.g. "https://app.example.com".
ALLOWED_ORIGINS = {o.strip() for o in os.environ.get("WEBSOCKET_ALLOWED_ORIGINS", "").split(",") if o.strip()}


@app.before_server_start
async def start_broadcast(app: Sanic) -> None:
    """Each worker process starts the /events broadcast's background task..."""
    await broadcast.start()


@app.after_server_stop
async def stop_broadcast(app: Sanic) -> None:
    """...and stops it when the server stops (under an ASGI server: the lifespan's shutdown)."""
    await broadcast.stop()
{%- endif %}

#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@app.get("/")
async def index(request: Request) -> HTTPResponse:
    return json(ROUTES)


@app.get("/health")
async def health(request: Request) -> HTTPResponse:
    return json({% if cookiecutter.websocket %}await broadcast.health(){% else %}{"status": "ok"}{% endif %})


@app.get("/hello/<name:str>")
async def hello(request: Request, name: str) -> HTTPResponse:
    return json({"message": f"Hello, {name}!"})
{%- if cookiecutter.websocket %}


@app.on_request
async def refuse_other_sites(request: Request) -> HTTPResponse | None:
    """Browsers send cookies with WebSocket handshakes from any site, so a page elsewhere
    could talk to a WebSocket as the user: handshakes whose Origin is another site are refused
    (403) before Sanic accepts them. Clients that are not browsers send no Origin.
    """
    origin = request.headers.get("origin")
    foreign = origin and origin not in ALLOWED_ORIGINS and urlsplit(origin).netloc != request.host
    if request.path in ("/ws", "/events") and foreign:
        if app.asgi and request.transport.scope["type"] == "websocket":
            return RefusedHandshake(status=403)
        return text("WebSocket from another site refused", status=403)
    return None


class RefusedHandshake(HTTPResponse):
    """A WebSocket handshake refused under an ASGI server: ASGI has no HTTP answer to a WebSocket
    scope (Uvicorn turns Sanic's into 500), so this sends what ASGI refuses a handshake with,
    websocket.close before accepting, which every ASGI server answers with 403.
    """

    async def send(self, data: str | bytes | None = None, end_stream: bool | None = None) -> None:
        await self.stream.transport.send({"type": "websocket.close", "code": 1008})


@app.websocket("/ws")
async def echo(request: Request, ws: Websocket) -> None:
    """Send every text or binary message back, as it came, until the client closes.

    Under Sanic's own server recv() raises ConnectionClosed when the client
    leaves (Sanic ends the handler); under an ASGI server it returns None.
    """
    while (message := await ws.recv()) is not None:
        await ws.send(message)


@app.post("/events")
async def publish(request: Request) -> HTTPResponse:
    """Send the message to every client connected to /events{% if cookiecutter.redis %}, on every process{% endif %}."""
    event = request.json if request.headers.get("content-type", "").startswith("application/json") else None
    if not isinstance(event, dict) or not isinstance(event.get("message"), str):
        return json({"error": 'expected JSON {"message": "..."}'}, status=400)
{%- if cookiecutter.redis %}
    try:
        await broadcast.publish(event["message"])
    except Unavailable as err:
        return json({"error": str(err)}, status=503)
{%- else %}
    await broadcast.publish(event["message"])
{%- endif %}
    return json({"status": "published"}, status=202)


@app.websocket("/events")
async def events(request: Request, ws: Websocket) -> None:
    """Receive every message POST /events publishes; what the client sends is ignored."""

    async def closed() -> None:
        # recv() returns None (ASGI servers) or raises ConnectionClosed (Sanic's) once the client leaves.
        while await ws.recv() is not None:
            pass

    async def close(code: int) -> None:
        # Under an ASGI server Sanic's ws.close() does nothing: send ASGI's websocket.close itself.
        if app.asgi:
            await request.transport.send({"type": "websocket.close", "code": code})
        else:
            await ws.close(code)

    await broadcast.serve(ws.send, closed, close)
{%- endif %}
