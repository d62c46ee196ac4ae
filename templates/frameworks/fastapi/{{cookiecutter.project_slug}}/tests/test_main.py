{%- if cookiecutter.websocket -%}
import time
from collections.abc import Iterator

{% endif -%}
import pytest
from fastapi.testclient import TestClient

{% if cookiecutter.websocket -%}
from {{ cookiecutter.package_name }}.broadcast import broadcast
{% endif -%}
from {{ cookiecutter.package_name }}.main import app


@pytest.fixture()
{%- if cookiecutter.websocket %}
def client() -> Iterator[TestClient]:
    # As a context manager the client runs the lifespan, which starts and stops the broadcast.
    with TestClient(app) as client:
        yield client
{%- else %}
def client() -> TestClient:
    return TestClient(app)
{%- endif %}


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_hello(client: TestClient) -> None:
    response = client.get("/hello/World")
    assert response.status_code == 200
    assert response.json() == {"message": "Hello, World!"}


def test_unknown_route_is_404(client: TestClient) -> None:
    assert client.get("/nowhere").status_code == 404
{%- if cookiecutter.websocket %}


def test_websocket_echoes_text_and_bytes(client: TestClient) -> None:
    with client.websocket_connect("/ws") as websocket:
        websocket.send_text("hello")
        assert websocket.receive_text() == "hello"
        websocket.send_bytes(b"\x00\x01")
        assert websocket.receive_bytes() == b"\x00\x01"


def test_a_published_event_reaches_every_connected_client(client: TestClient) -> None:
    with client.websocket_connect("/events") as first, client.websocket_connect("/events") as second:
        deadline = time.monotonic() + 5
        while broadcast.clients < 2:
            assert time.monotonic() < deadline, "the clients did not subscribe"
            time.sleep(0.01)
        response = client.post("/events", json={"message": "to everyone"})
        assert response.status_code == 202
        assert first.receive_text() == "to everyone"
        assert second.receive_text() == "to everyone"


def test_an_event_needs_a_text_message(client: TestClient) -> None:
    assert client.post("/events", json={"text": "no message"}).status_code == 422


def test_shutdown_cancels_the_background_task() -> None:
    with TestClient(app):
        assert broadcast.running
    assert not broadcast.running
{%- endif %}
