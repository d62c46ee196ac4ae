"""The /events broadcast: what is published reaches every connected /events client.

One background task per worker process, started and stopped with the application
(the ASGI lifespan), reads published messages and hands each one to every client of
this process.
{%- if cookiecutter.redis %} With ``REDIS_URL`` set, messages travel through a Redis
channel, so a message published on any worker or replica reaches the clients of all
of them. Without ``REDIS_URL`` (as in the tests) they stay in this process.

When Redis goes away, the task subscribes again with a growing delay (up to
``RETRY_MAX_SECONDS``) and delivery resumes once Redis is back; meanwhile clients stay
connected, ``publish`` raises ``Unavailable`` and ``health()`` reports Redis degraded.
Redis pub/sub keeps nothing: a message published while a process is not subscribed
never reaches that process's clients.
{%- else %} Messages stay in this process:
with several worker processes or replicas, a client receives only what was published
to the process it is connected to. Regenerate with ``--redis`` to carry them through
Redis to every process.
{%- endif %}

A slow client cannot hold the others up: each client has its own queue of at most
``CLIENT_QUEUE`` messages. One that falls that far behind is disconnected with close code 1013
("try again later") and may reconnect; nothing is dropped silently, so a connected client
receives every message, in the order published. The queue fills once sending to the client
waits, which it does when the client stops reading and the server's write buffer and the
kernel's socket buffers are full (Uvicorn, Hypercorn, Granian, Gunicorn and Sanic wait; Daphne
buffers whatever is sent, without limit). Closing such a client waits for the message being
sent to it, then behind what it has not read: each wait is given up after ``CLOSE_SECONDS``
and the server ends the connection.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
{%- if cookiecutter.redis %}
import os
{%- endif %}
from collections.abc import Awaitable, Callable
{%- if cookiecutter.redis %}

import redis.asyncio as redis
from redis.exceptions import RedisError
{%- endif %}

log = logging.getLogger(__name__)

#: Messages a client may fall behind before it is disconnected.
CLIENT_QUEUE = 100
#: Close codes: the client fell behind; the server is shutting down.
SLOW_CLIENT, GOING_AWAY = 1013, 1001
#: How long sending a close frame may wait for a client that has stopped reading.
CLOSE_SECONDS = 5.0
{%- if cookiecutter.redis %}
#: The Redis channel; named after the project so that services can share one Redis.
CHANNEL = "{{ cookiecutter.package_name }}.events"
#: Delays between attempts to subscribe again after Redis went away.
RETRY_FIRST_SECONDS, RETRY_MAX_SECONDS = 0.1, 5.0


class Unavailable(Exception):
    """Redis cannot take the message now; the caller answers 503."""
{%- endif %}


class Subscription:
    """One client's bounded queue of messages not yet sent to it."""

    def __init__(self, limit: int) -> None:
        self._messages: collections.deque[str] = collections.deque()
        self._limit = limit
        self._wakeup = asyncio.Event()
        self._ended = asyncio.Event()
        #: Why the subscription ended (a close code), or None while it lasts.
        self.ended: int | None = None

    def offer(self, message: str) -> None:
        """Queue a message without waiting; a client already ``limit`` behind is ended instead."""
        if self.ended is not None:
            return
        if len(self._messages) >= self._limit:
            self.end(SLOW_CLIENT)
            return
        self._messages.append(message)
        self._wakeup.set()

    def end(self, code: int) -> None:
        self.ended = code
        self._messages.clear()
        self._wakeup.set()
        self._ended.set()

    async def wait_ended(self) -> None:
        await self._ended.wait()

    async def next(self) -> str | None:
        """The next message, or None once the subscription has ended."""
        while not self._messages:
            if self.ended is not None:
                return None
            self._wakeup.clear()
            await self._wakeup.wait()
        return self._messages.popleft()


class Broadcast:
    """Publishing, the per-process background task, and the clients it fans out to."""

    def __init__(
        self,
{%- if cookiecutter.redis %}
        redis_url: str | None = None,
{%- endif %}
        client_queue: int = CLIENT_QUEUE,
        close_seconds: float = CLOSE_SECONDS,
    ) -> None:
{%- if cookiecutter.redis %}
        self.redis_url = redis_url
{%- endif %}
        self.client_queue = client_queue
        self.close_seconds = close_seconds
        self._clients: set[Subscription] = set()
        self._task: asyncio.Task[None] | None = None
        # Made in start(), on the event loop that serves: asyncio objects belong to one loop.
        self._inbox: asyncio.Queue[str] | None = None
{%- if cookiecutter.redis %}
        self._redis: redis.Redis | None = None
        #: Whether the background task is subscribed to Redis right now.
        self.subscribed = False
{%- endif %}

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def clients(self) -> int:
        """How many /events clients this process serves now."""
        return len(self._clients)

    async def start(self) -> None:
        """Start the background task; called once per process by the application's startup.

        A server without the ASGI lifespan (Daphne) never calls it: there the first
        request that needs the broadcast starts it.
        """
        if self._task is not None:
            return
{%- if cookiecutter.redis %}
        if self.redis_url:
            self._redis = redis.Redis.from_url(self.redis_url, decode_responses=True)
        else:
            self._inbox = asyncio.Queue()
{%- else %}
        self._inbox = asyncio.Queue()
{%- endif %}
        self._task = asyncio.create_task(self._run(), name="broadcast")

    async def stop(self) -> None:
        """Cancel the background task and wait for it, then end every client's subscription."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._inbox = None
        for client in list(self._clients):
            client.end(GOING_AWAY)
{%- if cookiecutter.redis %}
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None
{%- endif %}

    async def publish(self, message: str) -> None:
        """Hand a message to every client of every process{% if not cookiecutter.redis %} (of this process, without Redis){% endif %}."""
        await self.start()
{%- if cookiecutter.redis %}
        if self._redis is not None:
            try:
                await self._redis.publish(CHANNEL, message)
            except (RedisError, OSError) as err:
                raise Unavailable(f"Redis is unavailable: {err}") from err
            return
{%- endif %}
        assert self._inbox is not None
        await self._inbox.put(message)

    async def health(self) -> dict[str, str]:
        """What /health answers; Redis away is degraded, not dead, so liveness probes still pass."""
        await self.start()
{%- if cookiecutter.redis %}
        if self.redis_url:
            if self.subscribed:
                return {"status": "ok", "redis": "ok"}
            return {"status": "degraded", "redis": "unavailable"}
{%- endif %}
        return {"status": "ok"}

    async def serve(
        self,
        send: Callable[[str], Awaitable[None]],
        closed: Callable[[], Awaitable[None]],
        close: Callable[[int], Awaitable[None]],
    ) -> int | None:
        """Send every message to one client until it leaves or its subscription ends.

        ``send`` sends one text message; ``closed`` returns (or raises) once the client
        has gone; ``close`` closes the connection with a code. When the subscription ends
        (the client fell behind, or the server is stopping) the connection is closed with
        its code, waiting at most ``close_seconds``. Returns that code, or None when the
        client left.
        """
        await self.start()
        client = Subscription(self.client_queue)
        self._clients.add(client)
        forward = asyncio.ensure_future(self._forward(client, send))
        tasks = [forward, *(asyncio.ensure_future(aw) for aw in (closed(), client.wait_ended()))]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            if client.ended is not None:
                # The send under way ends first, so that the close frame follows whole messages: a send
                # cancelled mid-message can end the connection (Quart on Granian lost the close so).
                # A client that stopped reading holds it up, so it gets close_seconds, then is cancelled.
                await asyncio.wait([forward], timeout=self.close_seconds)
        finally:
            self._clients.discard(client)
            for task in tasks:
                task.cancel()
            # wait(), not gather(): cancelled here, gather would raise a CancelledError of its own,
            # which cancel scopes (anyio's, under Starlette's test client) do not recognise.
            await asyncio.wait(tasks)
            for task in tasks:
                if not task.cancelled():
                    task.exception()  # retrieved: a client gone mid-send is not an error to log
        if client.ended is not None:
            await self._close(close, client.ended)
        return client.ended

    async def _close(self, close: Callable[[int], Awaitable[None]], code: int) -> None:
        """Close with ``code``; a client that reads nothing more would hold the close up for ever."""
        try:
            await asyncio.wait_for(close(code), self.close_seconds)
        except TimeoutError:
            log.info("a client took no close frame (%d) in %.0f s; the server ends it", code, self.close_seconds)
        except Exception as err:  # the client went away meanwhile: nothing left to close
            log.debug("closing a client with %d: %r", code, err)

    @staticmethod
    async def _forward(client: Subscription, send: Callable[[str], Awaitable[None]]) -> None:
        while (message := await client.next()) is not None:
            await send(message)

    async def _fan_out(self, message: str) -> None:
        for client in list(self._clients):
            client.offer(message)
        # Let the clients' senders run before the next message, so that a burst of
        # messages is not taken for a slow client.
        await asyncio.sleep(0)

    async def _run(self) -> None:
{%- if cookiecutter.redis %}
        if self._redis is not None:
            await self._listen()
            return
{%- endif %}
        assert self._inbox is not None
        while True:
            await self._fan_out(await self._inbox.get())
{%- if cookiecutter.redis %}

    async def _listen(self) -> None:
        """Subscribe and fan out; when Redis goes away, subscribe again with a growing delay."""
        assert self._redis is not None
        delay = RETRY_FIRST_SECONDS
        while True:
            try:
                async with self._redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    self.subscribed = True
                    log.info("subscribed to Redis channel %s", CHANNEL)
                    delay = RETRY_FIRST_SECONDS
                    async for message in pubsub.listen():
                        await self._fan_out(message["data"])
            except (RedisError, OSError) as err:
                log.warning("Redis is unavailable (%s); subscribing again in %.1f s", err, delay)
            finally:
                self.subscribed = False
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_SECONDS)
{%- endif %}


#: The process's broadcast{% if cookiecutter.redis %}: through Redis when REDIS_URL is set, else in memory{% endif %}.
{%- if cookiecutter.redis %}
broadcast = Broadcast(os.environ.get("REDIS_URL") or None)
{%- else %}
broadcast = Broadcast()
{%- endif %}
