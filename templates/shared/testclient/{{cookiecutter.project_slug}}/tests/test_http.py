"""The routes every generated service has, driven in-process through {{ cookiecutter._sgi.framework_label }}'s TestClient.

``client`` (a ``TestClient`` around the ASGI application) is in conftest.py.
"""

{% set imports = ["from " ~ cookiecutter._sgi.testclient ~ " import TestClient"] -%}
{% if cookiecutter.websocket -%}
{% set imports = imports + ["from " ~ cookiecutter._sgi.testclient_disconnect ~ " import WebSocketDisconnect"] -%}
import pytest
{% endif -%}
{{ imports | sort | join("\n") }}


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


def test_index_lists_the_routes(client: TestClient) -> None:
    """GET / lists the routes, and each HTTP one without a parameter answers."""
    routes = client.get("/").json()
    assert routes["health"] == "/health"{% if cookiecutter._sgi.api_docs %} and routes["docs"] == "{{ cookiecutter._sgi.api_docs }}"{% endif %}
    for key, path in routes.items():
        if key not in {% include "partials/routes.untested" %}:
            assert client.get(path).status_code == 200, path
{%- if cookiecutter.websocket %}


def test_websocket_echoes_text_and_bytes(client: TestClient) -> None:
    with client.websocket_connect("/ws") as websocket:
        websocket.send_text("hello")
        assert websocket.receive_text() == "hello"
        websocket.send_bytes(b"\x00\x01")
        assert websocket.receive_bytes() == b"\x00\x01"


def test_websocket_refuses_pages_of_other_sites(client: TestClient) -> None:
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/ws", headers={"origin": "https://evil.example"}):
        pass
    same_site = str(client.base_url).rstrip("/")  # the test client's own host, as a page of this site has it
    with client.websocket_connect("/ws", headers={"origin": same_site}) as websocket:
        websocket.send_text("same site")
        assert websocket.receive_text() == "same site"
{%- endif %}
