{%- if cookiecutter.websocket -%}
import asyncio

{% endif -%}
import pytest
{%- if cookiecutter.websocket %}
from quart import Quart
from quart.testing import WebsocketResponseError
{%- endif %}
from quart.typing import TestClientProtocol
{%- if cookiecutter.websocket %}

from {{ cookiecutter.package_name }}.broadcast import broadcast
{%- endif %}

pytestmark = pytest.mark.anyio


async def test_health(client: TestClientProtocol) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert await response.get_json() == {"status": "ok"}


async def test_hello(client: TestClientProtocol) -> None:
    response = await client.get("/hello/World")
    assert response.status_code == 200
    assert await response.get_json() == {"message": "Hello, World!"}


async def test_unknown_route_is_404(client: TestClientProtocol) -> None:
    response = await client.get("/nowhere")
    assert response.status_code == 404


async def test_index_lists_the_routes(client: TestClientProtocol) -> None:
    """GET / lists the routes, and each HTTP one without a parameter answers."""
    routes = await (await client.get("/")).get_json()
    assert routes["health"] == "/health" and routes["hello"] == "/hello/{name}"
    for key, path in routes.items():
        if key not in ("hello", "websocket", "events"):
            assert (await client.get(path)).status_code == 200, path
{%- if cookiecutter.websocket %}


async def test_websocket_echoes_text_and_bytes(client: TestClientProtocol) -> None:
    async with client.websocket("/ws") as ws:
        await ws.send("hello")
        assert await ws.receive() == "hello"
        await ws.send(b"\x00\x01")
        assert await ws.receive() == b"\x00\x01"


async def test_websocket_refuses_pages_of_other_sites(client: TestClientProtocol) -> None:
    with pytest.raises(WebsocketResponseError) as refused:
        async with client.websocket("/ws", headers={"Origin": "https://evil.example"}) as ws:
            await ws.send("hello")
    assert refused.value.response.status_code == 403


async def test_a_published_event_reaches_every_connected_client(client: TestClientProtocol) -> None:
    async with client.websocket("/events") as first, client.websocket("/events") as second:
        for _ in range(500):
            if broadcast.clients == 2:
                break
            await asyncio.sleep(0.01)
        response = await client.post("/events", json={"message": "to everyone"})
        assert response.status_code == 202
        assert await first.receive() == "to everyone"
        assert await second.receive() == "to everyone"


async def test_an_event_needs_a_text_message(client: TestClientProtocol) -> None:
    response = await client.post("/events", json={"text": "no message"})
    assert response.status_code == 400


async def test_the_lifespan_starts_and_stops_the_background_task(app: Quart) -> None:
    """test_app() runs the app's startup and shutdown as the server's ASGI lifespan does: while_serving
    starts the broadcast before any request needs it, and cancels it at shutdown."""
    async with app.test_app():
        assert broadcast.running
    assert not broadcast.running
{%- endif %}
