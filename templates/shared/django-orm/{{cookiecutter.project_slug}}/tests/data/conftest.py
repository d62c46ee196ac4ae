"""Django's test database for the data tests, as `manage.py test` makes it: never the configured one.

tests/conftest.py points DATABASE_URL at TEST_DATABASE_URL (default: SQLite in memory); on
PostgreSQL Django creates "test_" + its name on that server, migrates it, and drops it after.
"""

from collections.abc import Iterator

import pytest
from django.test.utils import setup_databases, teardown_databases


@pytest.fixture(scope="session", autouse=True)
def django_test_database() -> Iterator[None]:
    created = setup_databases(verbosity=0, interactive=False)
    yield
    teardown_databases(created, verbosity=0)
