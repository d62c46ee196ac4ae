"""The Quart application factory: the tests call create_app(), servers load asgi.app."""

from __future__ import annotations

from collections.abc import {% if cookiecutter.websocket %}AsyncIterator, {% endif %}Mapping
from typing import Any

from quart import Quart


def create_app(config: Mapping[str, Any] | None = None) -> Quart:
    app = Quart(__name__)
    # QUART_* environment variables become settings, e.g. QUART_SECRET_KEY.
    app.config.from_prefixed_env()
    if config:
        app.config.update(config)

    from . import routes

    app.register_blueprint(routes.bp)
{%- if cookiecutter.websocket %}

    from .broadcast import broadcast

    @app.while_serving
    async def run_broadcast() -> AsyncIterator[None]:
        """Each worker process starts the /events broadcast's background task, and stops it on shutdown."""
        await broadcast.start()
        try:
            yield
        finally:
            await broadcast.stop()
{%- endif %}
{%- if cookiecutter._sgi.data %}

    from . import db, items

    @app.before_serving
    async def open_pool() -> None:
        """One engine (and connection pool) per process, made on the loop that serves."""
        app.extensions["engine"] = engine = db.make_engine(app.config.get("DATABASE_URL"))
        app.extensions["sessions"] = db.sessions(engine)

    @app.after_serving
    async def close_pool() -> None:
        await app.extensions["engine"].dispose()

    app.register_blueprint(items.bp)
{%- endif %}
    return app
