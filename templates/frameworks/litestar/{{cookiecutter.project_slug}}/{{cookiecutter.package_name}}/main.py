from litestar import Litestar, {% if cookiecutter.websocket %}WebSocket, {% endif %}get{{ ", websocket" if cookiecutter.websocket }}
from litestar.params import FromPath


@get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/hello/{name:str}")
async def hello(name: FromPath[str]) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
{%- if cookiecutter.websocket %}


@websocket("/ws")
async def echo(socket: WebSocket) -> None:
    """Send every text or binary message back until the client closes."""
    await socket.accept()
    while True:
        message = await socket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await socket.send_text(message["text"])
        else:
            await socket.send_bytes(message["bytes"])
{%- endif %}


app = Litestar(route_handlers=[health, hello{{ ", echo" if cookiecutter.websocket }}])
