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
{%- if cookiecutter._sgi.data %}

    from . import db, items

    # One engine (and connection pool) per process; config["DATABASE_URL"] overrides the variable.
    app.extensions["sessions"] = db.sessions(db.make_engine(app.config.get("DATABASE_URL")))
    app.register_blueprint(items.bp)
{%- endif %}
    return app
