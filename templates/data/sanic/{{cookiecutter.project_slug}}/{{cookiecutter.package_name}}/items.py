"""The example resource: POST /items stores one, GET /items lists them; every query is awaited."""

from sanic import Blueprint, Request, Sanic
from sanic.exceptions import BadRequest
from sanic.response import HTTPResponse, json
from sqlalchemy import select

from . import db
from .models import Item

bp = Blueprint("items")


@bp.before_server_start
async def open_pool(app: Sanic) -> None:
    """Each worker process opens one engine (and connection pool) on DATABASE_URL, on the loop that serves."""
    app.ctx.sessions = db.sessions(db.make_engine())


@bp.after_server_stop
async def close_pool(app: Sanic) -> None:
    """...and closes it when the server stops (under an ASGI server: the lifespan's shutdown)."""
    if getattr(app.ctx, "sessions", None) is not None:
        await app.ctx.sessions.kw["bind"].dispose()


@bp.post("/items")
async def create_item(request: Request) -> HTTPResponse:
    try:
        name = (request.json or {}).get("name")
    except (BadRequest, AttributeError):
        name = None
    if not isinstance(name, str) or not 1 <= len(name) <= 200:
        return json({"error": "name must be a string of 1 to 200 characters"}, status=422)
    async with db.app_sessions(request.app.ctx).begin() as session:
        item = Item(name=name)
        session.add(item)
    return json(item.as_dict(), status=201)


@bp.get("/items")
async def list_items(request: Request) -> HTTPResponse:
    async with db.app_sessions(request.app.ctx)() as session:
        return json([item.as_dict() for item in await session.scalars(select(Item).order_by(Item.id))])
