{%- if cookiecutter.websocket -%}
"""The /events broadcast: what POST /events publishes reaches every connected client.

``client`` (a ``TestClient`` that runs the application's lifespan) is in conftest.py.
"""

import time

from {{ cookiecutter._sgi.testclient }} import TestClient

from {{ cookiecutter.package_name }}.broadcast import broadcast
from {{ cookiecutter.package_name }}.main import app


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
    {#- FastAPI answers a body that fails validation with 422, Starlette and Litestar with 400. #}
    assert client.post("/events", json={"text": "no message"}).status_code == {{ 422 if cookiecutter.framework == "fastapi" else 400 }}


def test_the_lifespan_starts_and_stops_the_background_task() -> None:
    """Entering the client sends the ASGI lifespan's startup, as {% if cookiecutter._sgi.lifespan %}{{ cookiecutter._sgi.server_label }} does{% else %}servers other than
    {{ cookiecutter._sgi.server_label }} do ({{ cookiecutter._sgi.server_label }} sends none: there the first use starts it){% endif %}:
    the broadcast runs before any request needs it; leaving it sends the shutdown, which cancels it."""
    with TestClient(app):
        assert broadcast.running
    assert not broadcast.running
{%- else -%}
"""No /events here: the broadcast comes with the WebSocket (sgi-scaffold update --websocket)."""
{%- endif %}
