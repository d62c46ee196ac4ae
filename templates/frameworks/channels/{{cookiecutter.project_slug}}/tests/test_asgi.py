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
{%- endif %}
