"""The example resource: POST /items stores one, GET /items lists them."""

import json

from poorwsgi import Application, state
from poorwsgi.request import Request
from poorwsgi.response import JSONResponse
from sqlalchemy import select

from . import db
from .models import Item

#: The process's sessions, on one engine (and connection pool) on DATABASE_URL, made at import.
sessions = db.sessions(db.make_engine())


def create_item(req: Request) -> JSONResponse:
    try:
        name = json.loads(req.data).get("name")
    except (ValueError, TypeError, AttributeError):  # not JSON (or no body); not an object
        name = None
    if not isinstance(name, str) or not 1 <= len(name) <= 200:
        return JSONResponse(error="name must be a string of 1 to 200 characters", status_code=422)
    with sessions.begin() as session:
        item = Item(name=name)
        session.add(item)
    return JSONResponse(item.as_dict(), status_code=201)


def list_items(req: Request) -> JSONResponse:
    with sessions() as session:
        return JSONResponse([item.as_dict() for item in session.scalars(select(Item).order_by(Item.id))])


def install(app: Application) -> None:
    """Adds the routes."""
    # PoorWSGI would parse a JSON body before any route runs and answer one that is not JSON with its
    # own 400 page: the item route reads its body itself, so that every bad item gets a JSON 422.
    app.auto_json = False
    app.set_route("/items", create_item, state.METHOD_POST)
    app.set_route("/items", list_items)
