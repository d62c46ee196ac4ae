{%- if cookiecutter.websocket -%}
from channels.generic.websocket import AsyncWebsocketConsumer


class EchoConsumer(AsyncWebsocketConsumer):
    """Accepts every connection and sends each text or binary message back as it came."""

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is not None:
            await self.send(text_data=text_data)
        else:
            await self.send(bytes_data=bytes_data)
{%- else -%}
"""WebSocket consumers go here; route them under "websocket" in asgi.py.

See https://channels.readthedocs.io/en/latest/topics/consumers.html.
"""
{%- endif %}
