"""Engine and sessions, synchronous: a WSGI worker thread holds one pooled connection per request."""

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from .database import database_url


def make_engine(url: str | None = None) -> Engine:
    """An engine (and its connection pool) for ``url``, default DATABASE_URL; one per process."""
    # pool_pre_ping replaces connections the server closed while they sat in the pool.
    return create_engine(database_url(url), pool_pre_ping=True)


def sessions(engine: Engine) -> sessionmaker[Session]:
    # Rows stay readable after commit, so a handler can return what it stored.
    return sessionmaker(engine, expire_on_commit=False)
