"""The Flask application factory: the tests call create_app(), servers load wsgi.app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    # FLASK_* environment variables become settings, e.g. FLASK_SECRET_KEY.
    app.config.from_prefixed_env()
    if config:
        app.config.update(config)

    from . import routes

    app.register_blueprint(routes.bp)
    return app
