{%- if cookiecutter.websocket -%}
"""WebSocket consumers: the /ws echo and the /events broadcast.

/events clients join the "events" group of the channel layer; POST /events sends to
that group ({{ cookiecutter.package_name }}.api.views.publish). With REDIS_URL set the layer is Redis pub/sub, so
the group spans every process{% if not cookiecutter.redis %} (add channels-redis){% endif %}; in memory it is one process's.

A slow client cannot hold the others up: each /events consumer keeps its own queue of
at most CLIENT_QUEUE messages, sent by a task of its own; a client that falls that far
behind is disconnected with close code 1013 ("try again later") and may reconnect. Its close
frame waits behind what it has not read, so the close is given up after CLOSE_SECONDS.
"""

import asyncio
import contextlib
from collections.abc import {% if cookiecutter.redis %}Awaitable, {% endif %}Callable

from channels.generic.websocket import AsyncWebsocketConsumer
{%- if cookiecutter.redis %}
from redis.exceptions import RedisError
{%- endif %}

GROUP = "events"
#: Messages a client may fall behind before it is disconnected.
CLIENT_QUEUE = 100
SLOW_CLIENT = 1013
#: How long sending a close frame may wait for a client that has stopped reading.
CLOSE_SECONDS = 5.0
{%- if cookiecutter.redis %}
#: After Redis restarts, the layer's connection from before fails on its next use in a process that
#: has not used it since: redis-py raises its own error, uvloop a RuntimeError on the closed transport.
#: The layer's receive task opens a new connection meanwhile; a client's handshake tries this often,
#: this many seconds apart, before it gets 500.
LAYER_TRIES = 3
LAYER_PAUSE = 0.5
LAYER_ERRORS = (RedisError, OSError, RuntimeError)


async def _tried_again(call: Callable[[], Awaitable[None]], may_retry: Callable[[], bool] = lambda: True) -> None:
    for attempt in range(1, LAYER_TRIES + 1):
        try:
            return await call()
        except LAYER_ERRORS:
            if attempt == LAYER_TRIES or not may_retry():
                raise
            await asyncio.sleep(LAYER_PAUSE)
{%- endif %}


class EchoConsumer(AsyncWebsocketConsumer):
    """Accepts every connection and sends each text or binary message back as it came."""

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is not None:
            await self.send(text_data=text_data)
        else:
            await self.send(bytes_data=bytes_data)


class EventsConsumer(AsyncWebsocketConsumer):
    """Receives every message POST /events publishes; what the client sends is ignored."""

    # Joined before connect() runs and left after disconnect, by Channels.
    groups = [GROUP]
{%- if cookiecutter.redis %}

    async def websocket_connect(self, message: dict) -> None:
        """Join the group and accept, as Channels does, tried again where joining fails on a connection
        from before Redis restarted (LAYER_TRIES); not once connect() has run (it starts the sender)."""
        await _tried_again(lambda: super(EventsConsumer, self).websocket_connect(message),
                           may_retry=lambda: not hasattr(self, "sender"))
{%- endif %}

    async def connect(self) -> None:
        self.behind = False
        self.outbox: asyncio.Queue[str] = asyncio.Queue(maxsize=CLIENT_QUEUE)
        self.sender = asyncio.create_task(self.send_outbox())
        await self.accept()

    async def event_message(self, event: dict) -> None:
        """A group message: queue it without waiting, so the layer never waits for this client."""
        if self.behind:
            return
        try:
            self.outbox.put_nowait(event["message"])
        except asyncio.QueueFull:
            self.behind = True
            self.sender.cancel()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.close(code=SLOW_CLIENT), CLOSE_SECONDS)

    async def send_outbox(self) -> None:
        while True:
            await self.send(text_data=await self.outbox.get())

    async def disconnect(self, code: int) -> None:
        await self.stop_sending()

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        """Stop the sender however the consumer ends: a server that cancels it at exit (Daphne)
        calls no disconnect(), and the sender would be left pending.
{%- if cookiecutter.redis %}

        The layer's first call can also be the one that subscribes this consumer's own channel, before
        the handshake: where that fails on a connection from before Redis restarted, the consumer starts
        over (LAYER_TRIES). Nothing has been received from the client by then; once the channel is made,
        it is too late to start over.
{%- endif %}"""
        try:
{%- if cookiecutter.redis %}
            await _tried_again(lambda: super(EventsConsumer, self).__call__(scope, receive, send),
                               may_retry=lambda: not hasattr(self, "channel_name"))
{%- else %}
            await super().__call__(scope, receive, send)
{%- endif %}
        finally:
            await self.stop_sending()

    async def stop_sending(self) -> None:
        sender = getattr(self, "sender", None)  # made in connect(), which a refused handshake never reaches
        if sender is not None:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
{%- else -%}
"""WebSocket consumers go here; route them under "websocket" in asgi.py.

See https://channels.readthedocs.io/en/latest/topics/consumers.html.
"""
{%- endif %}
