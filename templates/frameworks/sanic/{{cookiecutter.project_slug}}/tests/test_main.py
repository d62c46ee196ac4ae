{% if cookiecutter.websocket -%}
from typing import Any

{% endif -%}
import pytest

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
        if key not in ("hello", "websocket"):
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
{%- endif %}
