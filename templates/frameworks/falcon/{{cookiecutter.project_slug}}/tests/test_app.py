{% if cookiecutter.websocket -%}
import asyncio

{% endif -%}
from falcon import testing
{%- if cookiecutter.websocket %}

from {{ cookiecutter.package_name }}.app import app
{%- endif %}


def test_health(client: testing.TestClient) -> None:
    result = client.simulate_get("/health")
    assert result.status_code == 200
    assert result.headers["content-type"].startswith("application/json")
    assert result.json == {"status": "ok"}


def test_hello(client: testing.TestClient) -> None:
    result = client.simulate_get("/hello/World")
    assert result.status_code == 200
    assert result.json == {"message": "Hello, World!"}


def test_index_lists_the_routes(client: testing.TestClient) -> None:
    """GET / lists the routes, and each HTTP one without a parameter answers."""
    routes = client.simulate_get("/").json
    assert routes["health"] == "/health" and routes["hello"] == "/hello/{name}"
    for key, path in routes.items():
        if key not in ("hello", "websocket", "events"):
            assert client.simulate_get(path).status_code == 200, path


def test_unknown_route_is_404(client: testing.TestClient) -> None:
    assert client.simulate_get("/nowhere").status_code == 404
{%- if cookiecutter.websocket %}


def test_websocket_echoes_text_and_bytes() -> None:
    async def conversation() -> list[str | bytes]:
        # Falcon's ASGIConductor drives WebSocket sessions in-process.
        async with testing.ASGIConductor(app) as conductor, conductor.simulate_ws("/ws") as ws:
            await ws.send_text("hello")
            text = await ws.receive_text()
            await ws.send_data(b"\x00\x01")
            return [text, await ws.receive_data()]

    assert asyncio.run(conversation()) == ["hello", b"\x00\x01"]
{%- endif %}
