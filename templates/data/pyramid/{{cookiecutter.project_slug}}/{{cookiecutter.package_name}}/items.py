"""The example resource: POST /items stores one, GET /items lists them (``config.include(".items")``)."""

from pyramid.config import Configurator
from pyramid.request import Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import db
from .models import Item


def includeme(config: Configurator) -> None:
    """One engine (and connection pool) per app, on DATABASE_URL, and the routes."""
    config.registry["db.sessions"] = db.sessions(db.make_engine())
    config.add_request_method(dbsession, reify=True)
    config.add_route("items", "/items")
    config.add_view(create_item, route_name="items", request_method="POST", renderer="json")
    config.add_view(list_items, route_name="items", request_method="GET", renderer="json")


def dbsession(request: Request) -> Session:
    """``request.dbsession``: a session made on first use, closed when the request finishes."""
    session = request.registry["db.sessions"]()
    request.add_finished_callback(lambda request: session.close())
    return session


def create_item(request: Request) -> dict[str, object]:
    try:
        name = request.json_body.get("name")
    except (ValueError, AttributeError):
        name = None
    if not isinstance(name, str) or not 1 <= len(name) <= 200:
        request.response.status_int = 422
        return {"error": "name must be a string of 1 to 200 characters"}
    item = Item(name=name)
    request.dbsession.add(item)
    request.dbsession.commit()
    request.response.status_int = 201
    return item.as_dict()


def list_items(request: Request) -> list[dict[str, object]]:
    return [item.as_dict() for item in request.dbsession.scalars(select(Item).order_by(Item.id))]
