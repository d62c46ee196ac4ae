"""The routes every generated service has, driven in-process through {{ cookiecutter._sgi.framework_label }}'s TestClient.

``client`` (a ``TestClient`` around the ASGI application) is in conftest.py.
"""

from {{ cookiecutter._sgi.testclient }} import TestClient


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
{%- endif %}
