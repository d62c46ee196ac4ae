from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route{% if cookiecutter.websocket %}, WebSocketRoute
from starlette.websockets import WebSocket{% endif %}


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def hello(request: Request) -> JSONResponse:
    return JSONResponse({"message": f"Hello, {request.path_params['name']}!"})
{%- if cookiecutter.websocket %}


async def echo(websocket: WebSocket) -> None:
    """Send every text or binary message back until the client closes."""
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


routes = [
    Route("/health", health),
    Route("/hello/{name}", hello),
{%- if cookiecutter.websocket %}
    WebSocketRoute("/ws", echo),
{%- endif %}
]
app = Starlette(routes=routes)
