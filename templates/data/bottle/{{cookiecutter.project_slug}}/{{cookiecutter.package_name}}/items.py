"""The example resource: POST /items stores one, GET /items lists them."""

import json

from bottle import Bottle, HTTPError, request, response
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from . import db
from .models import Item


def _sessions() -> sessionmaker[Session]:
    return request.app.config["db.sessions"]


def create_item() -> dict[str, object]:
    try:
        name = (request.json or {}).get("name")
    except (HTTPError, AttributeError):  # Bottle's 400 for a body that is not JSON; a list
        name = None
    if not isinstance(name, str) or not 1 <= len(name) <= 200:
        response.status = 422
        return {"error": "name must be a string of 1 to 200 characters"}
    with _sessions().begin() as session:
        item = Item(name=name)
        session.add(item)
    response.status = 201
    return item.as_dict()


def list_items() -> str:
    with _sessions()() as session:
        items = [item.as_dict() for item in session.scalars(select(Item).order_by(Item.id))]
    # Bottle's JSON plugin turns dicts into JSON, not lists.
    response.content_type = "application/json"
    return json.dumps(items)


def open_pool(app: Bottle) -> Engine:
    """Opens the process's engine (and connection pool) on DATABASE_URL; returns it."""
    engine = db.make_engine()
    app.config["db.sessions"] = db.sessions(engine)
    return engine


def install(app: Bottle) -> None:
    """Opens the pool and adds the routes."""
    open_pool(app)
    app.route("/items", "POST", create_item)
    app.route("/items", "GET", list_items)
