{%- set aio = cookiecutter._sgi.data.async -%}
"""How `alembic` runs the migrations: on DATABASE_URL with the app's own {{ "async " if aio }}driver{{ ", synchronously" if not aio }}."""
{% if aio %}
import asyncio
{%- endif %}
from logging.config import fileConfig

from alembic import context
{%- if aio %}
from sqlalchemy import Connection, pool
from sqlalchemy.ext.asyncio import create_async_engine
{%- else %}
from sqlalchemy import Connection, create_engine, pool
{%- endif %}

from {{ cookiecutter.package_name }}.database import database_url
from {{ cookiecutter.package_name }}.models import Base

# alembic.ini's logging, for the `alembic` command; code that runs migrations in its own process
# (the tests) says configure_logger=False to keep its logging.
if context.config.config_file_name is not None and context.config.attributes.get("configure_logger", True):
    fileConfig(context.config.config_file_name, disable_existing_loggers=False)


def run_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL instead of running it."""
    url = database_url().render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def migrate(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()
{% if aio %}

async def run_online() -> None:
    engine = create_async_engine(database_url(), poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(migrate)
    await engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    asyncio.run(run_online())
{%- else %}

def run_online() -> None:
    engine = create_engine(database_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        migrate(connection)
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
{%- endif %}
