from quart import Blueprint{% if cookiecutter.websocket %}, websocket{% endif %}

bp = Blueprint("routes", __name__)

#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@bp.get("/")
async def index() -> dict[str, str]:
    return ROUTES


@bp.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@bp.get("/hello/<name>")
async def hello(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
{%- if cookiecutter.websocket %}


@bp.websocket("/ws")
async def echo() -> None:
    """Send every text or binary message back, as it came, until the client closes.

    Quart accepts the connection on the first send or receive; when the client
    closes, the pending receive is cancelled and Quart ends the handler.
    """
    while True:
        message = await websocket.receive()
        await websocket.send(message)
{%- endif %}
