"""The broadcast on its own, in memory: fan-out, the slow-client policy and a clean stop."""

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from {{ cookiecutter.package_name }}.broadcast import GOING_AWAY, SLOW_CLIENT, Broadcast

pytestmark = pytest.mark.anyio


async def never_closed(code: int) -> None:
    raise AssertionError(f"closed with {code}")


async def until(condition: Callable[[], bool], seconds: float = 5) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out waiting"
        await asyncio.sleep(0.01)


async def test_every_client_receives_every_message_in_order() -> None:
    broadcast = Broadcast()
    await broadcast.start()
    received: dict[int, list[str]] = {1: [], 2: []}
    leave = asyncio.Event()

    async def client(n: int) -> int | None:
        async def send(message: str) -> None:
            received[n].append(message)

        return await broadcast.serve(send, leave.wait, never_closed)

    clients = [asyncio.create_task(client(n)) for n in received]
    await until(lambda: broadcast.clients == 2)
    for message in ("one", "two", "three"):
        await broadcast.publish(message)
    await until(lambda: all(len(got) == 3 for got in received.values()))
    leave.set()
    assert await asyncio.gather(*clients) == [None, None]
    assert received == {1: ["one", "two", "three"], 2: ["one", "two", "three"]}
    assert broadcast.clients == 0
    await broadcast.stop()


async def test_a_slow_client_is_disconnected_and_the_others_keep_receiving() -> None:
    broadcast = Broadcast(client_queue=2, close_seconds=0.1)
    await broadcast.start()
    fast: list[str] = []
    closed: dict[str, int] = {}

    async def send_fast(message: str) -> None:
        fast.append(message)

    async def send_never(message: str) -> None:
        await asyncio.Event().wait()

    def closer(name: str) -> Callable[[int], Awaitable[None]]:
        async def close(code: int) -> None:
            closed[name] = code

        return close

    slow = asyncio.create_task(broadcast.serve(send_never, asyncio.Event().wait, closer("slow")))
    quick = asyncio.create_task(broadcast.serve(send_fast, asyncio.Event().wait, closer("quick")))
    await until(lambda: broadcast.clients == 2)
    for n in range(10):
        await broadcast.publish(str(n))
    assert await asyncio.wait_for(slow, 5) == SLOW_CLIENT
    await until(lambda: len(fast) == 10)
    assert fast == [str(n) for n in range(10)]
    await broadcast.stop()
    assert await quick == GOING_AWAY
    assert closed == {"slow": SLOW_CLIENT, "quick": GOING_AWAY}


async def test_a_close_the_client_never_takes_is_given_up() -> None:
    """A client that reads nothing holds its close frame up too: the handler returns all the same."""
    broadcast = Broadcast(close_seconds=0.1)
    await broadcast.start()

    async def close_never(code: int) -> None:
        await asyncio.Event().wait()

    serving = asyncio.create_task(broadcast.serve(asyncio.Event().wait, asyncio.Event().wait, close_never))
    await until(lambda: broadcast.clients == 1)
    await broadcast.stop()
    assert await asyncio.wait_for(serving, 5) == GOING_AWAY


async def test_stop_cancels_the_background_task_and_waits_for_it() -> None:
    broadcast = Broadcast()
    await broadcast.start()
    assert broadcast.running
    task = next(t for t in asyncio.all_tasks() if t.get_name() == "broadcast")
    await broadcast.stop()
    assert task.cancelled() and not broadcast.running


async def test_without_a_lifespan_the_first_use_starts_it() -> None:
    """Daphne does not send the lifespan's startup: the first request starts the task."""
    broadcast = Broadcast()
    assert not broadcast.running
    assert await broadcast.health() == {"status": "ok"}
    assert broadcast.running
    await broadcast.stop()
