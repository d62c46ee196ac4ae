"""A throwaway database for the data tests, migrated as `alembic upgrade head` does.

A SQLite file in pytest's tmp_path, or the database TEST_DATABASE_URL names (for
example a PostgreSQL one in CI): migrated up before each test, and down after it.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    config = Config(PROJECT / "alembic.ini")
    # Keep the app's logging as it is: alembic.ini's logging setup is for the `alembic` command.
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    yield url
    command.downgrade(config, "base")
