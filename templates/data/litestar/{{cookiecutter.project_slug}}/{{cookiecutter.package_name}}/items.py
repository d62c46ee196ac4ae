"""The example resource: POST /items stores one, GET /items lists them; every query is awaited."""

from typing import Annotated

import msgspec
from litestar import Litestar, MediaType, Request, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import ValidationException
from litestar.params import JSONBody
from sqlalchemy import select

from . import db
from .models import Item


class NewItem(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


async def open_pool(app: Litestar) -> None:
    """One engine (and connection pool) per process, on DATABASE_URL (on_startup)."""
    app.state.sessions = db.sessions(db.make_engine())


async def close_pool(app: Litestar) -> None:
    """Closes the pool's connections (on_shutdown)."""
    if getattr(app.state, "sessions", None) is not None:
        await app.state.sessions.kw["bind"].dispose()


def unprocessable(request: Request, exc: ValidationException) -> Response[dict[str, object]]:
    """A body that does not fit NewItem is 422, as the item routes of every generated service answer."""
    return Response({"error": exc.detail, "extra": exc.extra}, status_code=422, media_type=MediaType.JSON)


@post("/items", status_code=201, exception_handlers={ValidationException: unprocessable})
async def create_item(data: JSONBody[NewItem], state: State) -> dict[str, object]:
    async with db.app_sessions(state).begin() as session:
        item = Item(name=data.name)
        session.add(item)
    return item.as_dict()


@get("/items")
async def list_items(state: State) -> list[dict[str, object]]:
    async with db.app_sessions(state)() as session:
        return [item.as_dict() for item in await session.scalars(select(Item).order_by(Item.id))]


route_handlers = [create_item, list_items]
