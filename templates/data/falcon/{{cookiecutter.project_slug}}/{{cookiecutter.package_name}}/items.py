{%- set asgi = cookiecutter.interface == "asgi" -%}
"""The example resource: POST /items stores one, GET /items lists them{{ "; every query is awaited" if asgi }}."""

from falcon import HTTP_201, HTTPUnprocessableEntity{{ ", Request, Response" if not asgi }}
{%- if asgi %}
from falcon.asgi import Request, Response
{%- endif %}
from sqlalchemy import select
{%- if asgi %}
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
{%- else %}
from sqlalchemy.orm import Session, sessionmaker
{%- endif %}

from .models import Item


class Items:
    """The resource at /items, holding the sessions of the process's connection pool."""

    def __init__(self, sessions: {{ "async_sessionmaker[AsyncSession]" if asgi else "sessionmaker[Session]" }}) -> None:
        self.sessions = sessions

    {{ "async " if asgi }}def on_post(self, req: Request, resp: Response) -> None:
        body = {{ "await " if asgi }}req.get_media(default_when_empty=None)
        name = body.get("name") if isinstance(body, dict) else None
        if not isinstance(name, str) or not 1 <= len(name) <= 200:
            raise HTTPUnprocessableEntity(description="name must be a string of 1 to 200 characters")
        {{ "async " if asgi }}with self.sessions.begin() as session:
            item = Item(name=name)
            session.add(item)
        resp.status = HTTP_201
        resp.media = item.as_dict()

    {{ "async " if asgi }}def on_get(self, req: Request, resp: Response) -> None:
        {{ "async " if asgi }}with self.sessions() as session:
            resp.media = [item.as_dict() for item in {{ "await " if asgi }}session.scalars(select(Item).order_by(Item.id))]
{%- if asgi %}

    async def process_shutdown(self, scope: dict, event: dict) -> None:
        """Closes the pool's connections on the ASGI lifespan's shutdown (as middleware)."""
        await self.sessions.kw["bind"].dispose()
{%- endif %}
