"""The example resource: POST /items stores one, GET /items lists them (the class app.py's urls name)."""

import json

import web
from sqlalchemy import select

from . import db
from .models import Item

#: The process's sessions, on one engine (and connection pool) on DATABASE_URL, made at import.
sessions = db.sessions(db.make_engine())


def _answer(data: object, status: str = "200 OK") -> str:
    """``data`` as a JSON body with its length (web.py sends none of its own)."""
    body = json.dumps(data)
    web.ctx.status = status
    web.header("Content-Type", "application/json")
    web.header("Content-Length", str(len(body.encode())))
    return body


class Items:
    """web.py calls the method named after the request's verb."""

    def GET(self) -> str:
        with sessions() as session:
            return _answer([item.as_dict() for item in session.scalars(select(Item).order_by(Item.id))])

    def POST(self) -> str:
        try:
            name = json.loads(web.data()).get("name")
        except (ValueError, AttributeError):  # not JSON; not an object
            name = None
        if not isinstance(name, str) or not 1 <= len(name) <= 200:
            return _answer({"error": "name must be a string of 1 to 200 characters"}, "422 Unprocessable Entity")
        with sessions.begin() as session:
            item = Item(name=name)
            session.add(item)
        return _answer(item.as_dict(), "201 Created")
