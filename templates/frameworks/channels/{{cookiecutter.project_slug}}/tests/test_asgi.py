{%- if cookiecutter.websocket -%}
import asyncio
{%- if cookiecutter.redis %}
from collections.abc import Awaitable, Callable
{%- endif %}

{% endif -%}
import pytest
from channels.layers import get_channel_layer
from channels.testing import {% if cookiecutter.websocket %}HttpCommunicator, WebsocketCommunicator{% else %}HttpCommunicator{% endif %}

from {{ cookiecutter.package_name }}.asgi import application

pytestmark = pytest.mark.anyio


async def test_http_through_the_protocol_router() -> None:
    communicator = HttpCommunicator(application, "GET", "/health", headers=[(b"host", b"localhost")])
    response = await communicator.get_response()
    assert response["status"] == 200
    assert response["body"] == b'{"status": "ok"}'


async def test_channel_layer_carries_messages() -> None:
    """The layer consumers reach each other through: in memory, or Redis when REDIS_URL is set."""
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "chat.message", "text": "hello"})
    assert (await layer.receive(channel)) == {"type": "chat.message", "text": "hello"}
{%- if cookiecutter.websocket %}


async def test_websocket_echoes_text_and_bytes() -> None:
    communicator = WebsocketCommunicator(application, "/ws")
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_to(text_data="hello")
    assert await communicator.receive_from() == "hello"
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert await communicator.receive_from() == b"\x00\x01"
    await communicator.disconnect()


async def test_websocket_refuses_pages_of_other_sites() -> None:
    foreign = WebsocketCommunicator(application, "/ws", headers=[(b"origin", b"https://evil.example")])
    connected, _ = await foreign.connect()
    assert not connected
    same_site = WebsocketCommunicator(application, "/ws", headers=[(b"origin", b"http://localhost:8000")])
    connected, _ = await same_site.connect()
    assert connected
    await same_site.disconnect()


async def test_a_published_event_reaches_every_connected_client() -> None:
    clients = [WebsocketCommunicator(application, "/events") for _ in range(2)]
    for client in clients:
        connected, _ = await client.connect()
        assert connected
    response = await HttpCommunicator(
        application, "POST", "/events", body=b'{"message": "to everyone"}',
        headers=[(b"host", b"localhost"), (b"content-type", b"application/json")],
    ).get_response()
    assert response["status"] == 202
    for client in clients:
        assert await client.receive_from() == "to everyone"
        await client.disconnect()


async def test_an_event_needs_a_text_message() -> None:
    response = await HttpCommunicator(
        application, "POST", "/events", body=b'{"text": "no message"}', headers=[(b"host", b"localhost")],
    ).get_response()
    assert response["status"] == 400


async def test_shutdown_flushes_the_channel_layer() -> None:
    """The lifespan's shutdown empties the layer (with Redis: cancels its receiving task, closes connections)."""
    layer = get_channel_layer()
    await layer.group_add("events", await layer.new_channel())
    queue: asyncio.Queue[dict] = asyncio.Queue()
    await queue.put({"type": "lifespan.startup"})
    await queue.put({"type": "lifespan.shutdown"})
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    await application({"type": "lifespan"}, queue.get, send)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert not getattr(layer, "groups", {})
{%- if cookiecutter.redis %}


async def test_a_client_joins_though_the_layer_fails_on_a_connection_redis_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The client's own channel and its join to the group each fail once, as on the connection of a
    process from before Redis restarted (uvloop's error on a closed transport): the handshake still
    succeeds, and the client receives what is published."""
    from {{ cookiecutter.package_name }} import consumers

    monkeypatch.setattr(consumers, "LAYER_PAUSE", 0)
    layer = get_channel_layer()
    for name in ("new_channel", "group_add"):
        monkeypatch.setattr(layer, name, _failing_once(getattr(layer, name)))
    client = WebsocketCommunicator(application, "/events")
    connected, _ = await client.connect()
    assert connected
    await layer.group_send("events", {"type": "event.message", "message": "after the restart"})
    assert await client.receive_from() == "after the restart"
    await client.disconnect()


def _failing_once(real: Callable[..., Awaitable[object]]) -> Callable[..., Awaitable[object]]:
    failed: list[str] = []

    async def once(*args: object, **kwargs: object) -> object:
        if not failed:
            failed.append("once")
            raise RuntimeError("unable to perform operation on <TCPTransport closed=True>; the handler is closed")
        return await real(*args, **kwargs)

    return once
{%- endif %}
{%- endif %}
