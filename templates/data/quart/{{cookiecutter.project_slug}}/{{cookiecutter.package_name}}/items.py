"""The example resource: POST /items stores one, GET /items lists them; every query is awaited."""

from typing import Any

from quart import Blueprint, current_app, request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .models import Item

bp = Blueprint("items", __name__)


def _sessions() -> async_sessionmaker[AsyncSession]:
    return current_app.extensions["sessions"]


@bp.post("/items")
async def create_item() -> tuple[dict[str, Any], int]:
    name = ((await request.get_json(silent=True)) or {}).get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 200:
        return {"error": "name must be a string of 1 to 200 characters"}, 422
    async with _sessions().begin() as session:
        item = Item(name=name)
        session.add(item)
    return item.as_dict(), 201


@bp.get("/items")
async def list_items() -> list[dict[str, object]]:
    async with _sessions()() as session:
        return [item.as_dict() for item in await session.scalars(select(Item).order_by(Item.id))]
