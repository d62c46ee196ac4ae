{%- set data = cookiecutter._sgi.data -%}
"""Which database: DATABASE_URL, with the driver this {{ cookiecutter.interface | upper }} app uses ({{ data.driver }})."""

import os

from sqlalchemy.engine import URL, make_url

{%- include "partials/database.default_url" %}
#: The driver a URL of each kind gets: hosting providers hand out plain postgresql:// (or postgres://) URLs.
DRIVERS = {
    "sqlite": "{{ data.dialects.sqlite }}",
    "postgresql": "{{ data.dialects.postgresql }}",
    "postgres": "{{ data.dialects.postgresql }}",
}


def database_url(url: str | None = None) -> URL:
    """``url``, else DATABASE_URL, else DEFAULT_URL, with this app's driver."""
    parsed = make_url(url or os.environ.get("DATABASE_URL") or DEFAULT_URL)
    return parsed.set(drivername=DRIVERS.get(parsed.drivername, parsed.drivername))
