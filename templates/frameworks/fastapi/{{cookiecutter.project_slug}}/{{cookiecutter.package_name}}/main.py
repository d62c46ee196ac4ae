from fastapi import FastAPI{% if cookiecutter.websocket %}, WebSocket{% endif %}

app = FastAPI(title={{ cookiecutter.project_name | python }})

#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@app.get("/")
async def index() -> dict[str, str]:
    return ROUTES


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/hello/{name}")
async def hello(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
{%- if cookiecutter.websocket %}


@app.websocket("/ws")
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
