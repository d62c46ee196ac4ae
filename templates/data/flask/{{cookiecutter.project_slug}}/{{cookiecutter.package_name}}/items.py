"""The example resource: POST /items stores one, GET /items lists them."""

from typing import Any

from flask import Blueprint, current_app, request
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .models import Item

bp = Blueprint("items", __name__)


def _sessions() -> sessionmaker[Session]:
    return current_app.extensions["sessions"]


@bp.post("/items")
def create_item() -> tuple[dict[str, Any], int]:
    name = (request.get_json(silent=True) or {}).get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 200:
        return {"error": "name must be a string of 1 to 200 characters"}, 422
    with _sessions().begin() as session:
        item = Item(name=name)
        session.add(item)
    return item.as_dict(), 201


@bp.get("/items")
def list_items() -> list[dict[str, object]]:
    with _sessions()() as session:
        return [item.as_dict() for item in session.scalars(select(Item).order_by(Item.id))]
