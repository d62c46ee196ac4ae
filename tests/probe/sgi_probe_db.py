"""The probe's ``/__probe/pg_sleep`` route: ``SELECT pg_sleep(SECONDS)`` through the app's own data layer
(its connection pool and driver, on the server's event loop or worker thread), found on the app object
the probe wraps; imported by sitecustomize.py on the first such request only.

The session factory is looked up where the generated data layers keep it (tests/test_e2e.py
checks every pair with ``--database``): Django's ORM through ``django.db.connection``; SQLAlchemy's
sessions on ``app.extensions`` (Flask, Quart), ``app.config`` (Bottle), ``app.registry`` (Pyramid),
``app.state`` / ``app.ctx`` through the project's ``db.app_sessions`` (Starlette, FastAPI, Litestar,
Sanic), or a module-level ``sessions`` (Falcon's resource, web.py's and PoorWSGI's items module); web2py's
DAL from its ``database.dal_uri``. Where none is found the route answers 501 and the test skips, naming
this file.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

SQL = "SELECT pg_sleep(:seconds)"


def _django() -> bool:
    return bool(os.environ.get("DJANGO_SETTINGS_MODULE")) and "django.db" in sys.modules


def _django_sleep(seconds: float) -> None:
    """One query on this thread's connection, closed after it as Django closes it after a request."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(%s)", [seconds])
    finally:
        connection.close()


def _sessions(app: Any, module: str) -> Any:
    """The app's SQLAlchemy session factory, or None."""
    for holder, key in ((getattr(app, "extensions", None), "sessions"), (getattr(app, "config", None), "db.sessions"),
                        (getattr(app, "registry", None), "db.sessions")):
        if isinstance(holder, Mapping) and key in holder:
            return holder[key]
    package = sys.modules.get(module.split(".")[0] + ".db")
    for state in (getattr(app, "state", None), getattr(app, "ctx", None)):
        if state is not None and package is not None and hasattr(package, "app_sessions"):
            return package.app_sessions(state)
    # A module-level resource (Falcon's items) or the items module itself (web.py, PoorWSGI).
    for value in [*vars(sys.modules[module]).values(), sys.modules.get(module.split(".")[0] + ".items")]:
        if type(getattr(value, "sessions", None)).__name__ in ("sessionmaker", "async_sessionmaker"):
            return value.sessions
    return None


def _web2py(module: str) -> Callable[[float], None] | None:
    """web2py's DAL, connected as the items controller's model connects: per request, on the process's pool."""
    try:
        database = importlib.import_module(module.split(".")[0] + ".database")
    except ImportError:
        return None
    if not hasattr(database, "dal_uri"):
        return None

    def sleep(seconds: float) -> None:
        from pydal import DAL

        db = DAL(database.dal_uri(), pool_size=10, migrate_enabled=False)
        try:
            db.executesql("SELECT pg_sleep(%s)", placeholders=[seconds])
        finally:
            db.close()

    return sleep


def sync_sleeper(app: Any, module: str) -> Callable[[float], None] | None:
    """For a WSGI app: a function running pg_sleep on the app's pool, or None where none is found."""
    if _django():
        return _django_sleep
    sessions = _sessions(app, module)
    if sessions is None:
        return _web2py(module)

    def sleep(seconds: float) -> None:
        from sqlalchemy import text

        with sessions() as session:
            session.execute(text(SQL), {"seconds": seconds})

    return sleep


def async_sleeper(app: Any, module: str) -> Callable[[float], Awaitable[None]] | None:
    """For an ASGI app: a coroutine function awaiting pg_sleep on the app's pool, or None."""
    if _django():
        from asgiref.sync import ThreadSensitiveContext, sync_to_async

        async def django_sleep(seconds: float) -> None:
            # As Django's ASGI handler runs an async view's ORM calls: in a thread of this request's own.
            async with ThreadSensitiveContext():
                await sync_to_async(_django_sleep)(seconds)

        return django_sleep
    sessions = _sessions(app, module)
    if sessions is None:
        return None

    async def sleep(seconds: float) -> None:
        from sqlalchemy import text

        async with sessions() as session:
            await session.execute(text(SQL), {"seconds": seconds})

    return sleep
