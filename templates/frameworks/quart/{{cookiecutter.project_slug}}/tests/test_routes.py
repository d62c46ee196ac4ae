import pytest
from quart.typing import TestClientProtocol

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
        if key not in ("hello", "websocket"):
            assert (await client.get(path)).status_code == 200, path
{%- if cookiecutter.websocket %}


async def test_websocket_echoes_text_and_bytes(client: TestClientProtocol) -> None:
    async with client.websocket("/ws") as ws:
        await ws.send("hello")
        assert await ws.receive() == "hello"
        await ws.send(b"\x00\x01")
        assert await ws.receive() == b"\x00\x01"
{%- endif %}
