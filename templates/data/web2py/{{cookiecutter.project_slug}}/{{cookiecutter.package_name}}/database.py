"""Which database: DATABASE_URL, as the connection string web2py's DAL takes.

DATABASE_URL is written as hosting providers and the other tools write it: ``sqlite:///relative.db``,
``sqlite:////absolute.db``, ``postgresql://`` (or ``postgres://``) ``user:password@host:port/name``.
The DAL spells the driver in its scheme (``postgres:psycopg2://``) and reads a relative SQLite path
from its own folder, not the working directory: :func:`dal_uri` translates.
"""

import os

{%- include "partials/database.default_url" %}


def dal_uri(url: str | None = None) -> str:
    """``url``, else DATABASE_URL, else DEFAULT_URL, as a DAL connection string.

    Any other scheme is taken for one the DAL knows (``mysql://``, ...) and passed on as it is.
    """
    scheme, _, rest = (url or os.environ.get("DATABASE_URL") or DEFAULT_URL).partition("://")
    if scheme == "sqlite":
        # sqlite:///name.db is name.db in the working directory; sqlite:////path.db is /path.db.
        return "sqlite://" + os.path.abspath(rest.removeprefix("/"))
    if scheme in ("postgresql", "postgres"):
        userinfo, at, location = rest.rpartition("@")
        # The DAL decodes percent-escapes in the password as in the user, and fails on a missing
        # password: an empty one is none to PostgreSQL's client (which then reads ~/.pgpass).
        password = ":" if at and ":" not in userinfo else ""
        return f"postgres:psycopg2://{userinfo}{password}{at}{location}"
    return f"{scheme}://{rest}"
