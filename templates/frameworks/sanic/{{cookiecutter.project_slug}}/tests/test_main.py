{% if cookiecutter.websocket -%}
import asyncio
from typing import Any

import httpx
{% endif -%}
import pytest
{%- if cookiecutter.websocket %}
from websockets.asyncio.client import connect
{%- endif %}

{% if cookiecutter._sgi.own_server -%}
from {{ cookiecutter.package_name }} import forwarded
{% endif -%}
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
        if key not in ("hello", "websocket", "events"):
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


{%- if cookiecutter._sgi.own_server %}


def test_startup_starts_and_shutdown_cancels_the_background_task() -> None:
    """The test client runs Sanic's server as `sanic` does, with its listeners: before_server_start
    has started the broadcast before any request needs it (/ws does not), and after_server_stop cancels it."""
    running: list[bool] = []

    async def conversation(ws: Any) -> None:
        running.append(broadcast.running)

    app.test_client.websocket("/ws", mimic=conversation)
    assert running == [True]
    assert not broadcast.running
{%- else %}


def test_the_asgi_lifespan_starts_and_stops_the_background_task() -> None:
    """{{ cookiecutter._sgi.server_label }} runs the app's before_server_start and after_server_stop listeners
    through the ASGI lifespan: its startup starts the broadcast, its shutdown cancels it."""

    async def lifespan() -> list[bool]:
        received: asyncio.Queue[dict] = asyncio.Queue()
        sent: asyncio.Queue[dict] = asyncio.Queue()
        running = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}}, received.get, sent.put))
        await received.put({"type": "lifespan.startup"})
        assert (await sent.get())["type"] == "lifespan.startup.complete"
        seen = [broadcast.running]
        await received.put({"type": "lifespan.shutdown"})
        assert (await sent.get())["type"] == "lifespan.shutdown.complete"
        await running
        return [*seen, broadcast.running]

    assert asyncio.run(asyncio.wait_for(lifespan(), 10)) == [True, False]
{%- endif %}
{%- endif %}
{%- if cookiecutter._sgi.own_server %}


def test_proxy_headers_are_believed_only_from_forwarded_allow_ips(monkeypatch: pytest.MonkeyPatch) -> None:
    """X-Forwarded-For/-Proto give the client's address and scheme when the request comes from a proxy
    in FORWARDED_ALLOW_IPS, and nothing from anyone else (the test client connects from 127.0.0.1)."""
    headers = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7", "X-Forwarded-Proto": "https"}
    monkeypatch.setattr(forwarded, "TRUSTED", forwarded.parse("127.0.0.1"))
    request, _ = app.test_client.get("/health", headers=headers)
    assert (request.client_ip, request.scheme) == ("203.0.113.7", "https")  # the last hop, as the proxy saw it
    monkeypatch.setattr(forwarded, "TRUSTED", forwarded.parse("192.0.2.10"))
    request, _ = app.test_client.get("/health", headers=headers)
    assert (request.client_ip, request.scheme) == ("127.0.0.1", "http")
{%- endif %}
