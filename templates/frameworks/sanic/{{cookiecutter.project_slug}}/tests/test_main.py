{% if cookiecutter.websocket -%}
import asyncio
from typing import Any

import httpx
{% endif -%}
import pytest
{%- if cookiecutter.websocket %}
from websockets.asyncio.client import connect
{%- endif %}

{% if cookiecutter.websocket -%}
from {{ cookiecutter.package_name }}.broadcast import broadcast
{% endif -%}
from {{ cookiecutter.package_name }}.main import app

# sanic-testing's own deprecation warnings (it runs on websockets.legacy and an old
# listener signature), not this project's.
pytestmark = [
    pytest.mark.filterwarnings("ignore:websockets.legacy is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:.*Passing the loop argument to listeners:DeprecationWarning"),
]


def test_health() -> None:
    _, response = app.test_client.get("/health")
    assert response.status == 200
    assert response.json == {"status": "ok"}


def test_hello() -> None:
    _, response = app.test_client.get("/hello/World")
    assert response.status == 200
    assert response.json == {"message": "Hello, World!"}


def test_unknown_route_is_404() -> None:
    _, response = app.test_client.get("/nowhere")
    assert response.status == 404


def test_index_lists_the_routes() -> None:
    """GET / lists the routes, and each HTTP one without a parameter answers."""
    _, response = app.test_client.get("/")
    routes = response.json
    assert routes["health"] == "/health" and routes["hello"] == "/hello/{name}"
    for key, path in routes.items():
        if key not in {% include "partials/routes.untested" %}:
            assert app.test_client.get(path)[1].status == 200, path
{%- if cookiecutter.websocket %}


def test_websocket_echoes_text_and_bytes() -> None:
    received: list[Any] = []

    async def conversation(ws: Any) -> None:
        await ws.send("hello")
        received.append(await ws.recv())
        await ws.send(b"\x00\x01")
        received.append(await ws.recv())

    app.test_client.websocket("/ws", mimic=conversation)
    assert received == ["hello", b"\x00\x01"]


def test_a_published_event_reaches_every_connected_client() -> None:
    received: list[str] = []
    address = f"{app.test_client.host}:{app.test_client.port}"

    async def conversation(first: Any) -> None:
        async with connect(f"ws://{address}/events") as second, httpx.AsyncClient() as http:
            for _ in range(500):
                if broadcast.clients == 2:
                    break
                await asyncio.sleep(0.01)
            response = await http.post(f"http://{address}/events", json={"message": "to everyone"})
            assert response.status_code == 202
            received.extend([await first.recv(), await second.recv()])

    app.test_client.websocket("/events", mimic=conversation)
    assert received == ["to everyone", "to everyone"]


def test_an_event_needs_a_text_message() -> None:
    _, response = app.test_client.post("/events", json={"text": "no message"})
    assert response.status == 400


def test_shutdown_cancels_the_background_task() -> None:
    _, response = app.test_client.get("/health")
    assert response.status == 200
    # The test client started the server (and the broadcast) for that request, then stopped it.
    assert not broadcast.running
{%- endif %}
