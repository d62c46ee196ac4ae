"""The example resource: POST /items stores one, GET /items lists them; every query is awaited."""

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from . import db
from .models import Item


async def create_item(request: Request) -> JSONResponse:
    try:
        name = (await request.json()).get("name")
    except (ValueError, AttributeError):
        name = None
    if not isinstance(name, str) or not 1 <= len(name) <= 200:
        return JSONResponse({"error": "name must be a string of 1 to 200 characters"}, 422)
    async with db.app_sessions(request.app.state).begin() as session:
        item = Item(name=name)
        session.add(item)
    return JSONResponse(item.as_dict(), 201)


async def list_items(request: Request) -> JSONResponse:
    async with db.app_sessions(request.app.state)() as session:
        items = await session.scalars(select(Item).order_by(Item.id))
        return JSONResponse([item.as_dict() for item in items])


routes = [Route("/items", list_items, methods=["GET"]), Route("/items", create_item, methods=["POST"])]
