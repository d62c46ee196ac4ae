"""Engine and sessions on asyncio: every query is awaited, so the event loop serves other
requests (and WebSocket messages) while the database works."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from .database import database_url


def make_engine(url: str | None = None) -> AsyncEngine:
    """An engine (and its connection pool) for ``url``, default DATABASE_URL; one per process.

    The pool bounds how many queries run at once (5, and 10 more under load); requests
    beyond that wait for a connection without blocking the loop.
    """
    # pool_pre_ping replaces connections the server closed while they sat in the pool.
    return create_async_engine(database_url(url), pool_pre_ping=True)


def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Rows stay readable after commit, so a handler can return what it stored without another query.
    return async_sessionmaker(engine, expire_on_commit=False)


def app_sessions(state: Any) -> async_sessionmaker[AsyncSession]:
    """The sessions of the pool kept on an app's ``state``, which the lifespan opens at startup.

    A server that sends no ASGI lifespan events (Daphne) never runs the lifespan: there the
    first request opens the pool, which lives as long as the process.
    """
    if getattr(state, "sessions", None) is None:
        state.sessions = sessions(make_engine())
    return state.sessions
