"""A throwaway database for the data tests, migrated as `python -m {{ cookiecutter.package_name }}.migrate` does.

A SQLite file in pytest's tmp_path, or the database TEST_DATABASE_URL names (for example a
PostgreSQL one in CI): migrated before each test, its tables dropped after it.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.migrate import migrate


@pytest.fixture()
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"
    # The models read it on every request.
    monkeypatch.setenv("DATABASE_URL", url)
    db = migrate()
    yield url
    db.item.drop()
    # What the DAL recorded of its migrations (the table's record went with it).
    db.executesql("DELETE FROM web2py_filesystem")
    db.commit()
    db.close()
