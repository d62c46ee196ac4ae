"""The Quart application factory: the tests call create_app(), servers load asgi.app."""

from __future__ import annotations

from collections.abc import Mapping
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
    return app
