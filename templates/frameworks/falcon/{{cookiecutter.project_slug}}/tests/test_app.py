{% if cookiecutter.websocket -%}
import asyncio

{% endif -%}
from falcon import testing
{%- if cookiecutter.websocket %}

from {{ cookiecutter.package_name }}.app import app
from {{ cookiecutter.package_name }}.broadcast import broadcast
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


def test_a_published_event_reaches_every_connected_client() -> None:
    async def two_clients() -> list[str]:
        # Entering the conductor runs the lifespan, which starts (and at the end stops) the broadcast.
        async with testing.ASGIConductor(app) as conductor:
            async with conductor.simulate_ws("/events") as first, conductor.simulate_ws("/events") as second:
                while broadcast.clients < 2:
                    await asyncio.sleep(0.01)
                response = await conductor.simulate_post("/events", json={"message": "to everyone"})
                assert response.status_code == 202
                received = [await first.receive_text(), await second.receive_text()]
            assert broadcast.running
        assert not broadcast.running  # the lifespan's shutdown cancelled the task and waited for it
        return received

    assert asyncio.run(asyncio.wait_for(two_clients(), 10)) == ["to everyone", "to everyone"]


def test_an_event_needs_a_text_message(client: testing.TestClient) -> None:
    assert client.simulate_post("/events", json={"text": "no message"}).status_code == 400


def test_the_lifespan_starts_and_stops_the_background_task() -> None:
    """Entering the conductor sends the ASGI lifespan's startup, as {% if cookiecutter._sgi.lifespan %}{{ cookiecutter._sgi.server_label }} does{% else %}servers other than
    {{ cookiecutter._sgi.server_label }} do ({{ cookiecutter._sgi.server_label }} sends none: there the first use starts it){% endif %}:
    BroadcastLifespan starts the broadcast before any request needs it; leaving it sends the shutdown,
    which cancels it."""

    async def lifespan() -> list[bool]:
        async with testing.ASGIConductor(app):
            seen = [broadcast.running]
        return [*seen, broadcast.running]

    assert asyncio.run(lifespan()) == [True, False]
{%- endif %}
