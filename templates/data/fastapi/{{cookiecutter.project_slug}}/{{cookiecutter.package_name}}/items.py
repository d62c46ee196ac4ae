"""The example resource: POST /items stores one, GET /items lists them; every query is awaited."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from . import db
from .models import Item

router = APIRouter()


class NewItem(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class StoredItem(NewItem):
    id: int


async def session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session from the app's pool (db.app_sessions), closed after the request."""
    async with db.app_sessions(request.app.state)() as session:
        yield session


Session = Annotated[AsyncSession, Depends(session)]


@router.post("/items", status_code=201)
async def create_item(new: NewItem, session: Session) -> StoredItem:
    item = Item(name=new.name)
    session.add(item)
    await session.commit()
    return StoredItem(id=item.id, name=item.name)


@router.get("/items")
async def list_items(session: Session) -> list[StoredItem]:
    items = await session.scalars(select(Item).order_by(Item.id))
    return [StoredItem(id=item.id, name=item.name) for item in items]
