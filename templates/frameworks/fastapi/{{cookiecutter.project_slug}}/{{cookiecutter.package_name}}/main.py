{%- if cookiecutter._sgi.data -%}
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

{% endif -%}
from fastapi import FastAPI{% if cookiecutter.websocket %}, WebSocket{% endif %}
{%- if cookiecutter._sgi.data %}

from . import db, items


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """One engine (and connection pool) per process, on DATABASE_URL, closed at shutdown."""
    engine = db.make_engine()
    app.state.sessions = db.sessions(engine)
    yield
    await engine.dispose()


app = FastAPI(title={{ cookiecutter.project_name | python }}, lifespan=lifespan)
app.include_router(items.router)
{%- else %}

app = FastAPI(title={{ cookiecutter.project_name | python }})
{%- endif %}


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
