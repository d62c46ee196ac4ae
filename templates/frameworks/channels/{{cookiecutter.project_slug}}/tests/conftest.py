import os
import secrets
from collections.abc import Iterator

import django
import pytest
from django.test.utils import setup_test_environment, teardown_test_environment

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.package_name }}.settings")
# A throwaway key, so that the tests do not warn about a missing one.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
django.setup()


@pytest.fixture(scope="session", autouse=True)
def django_test_environment() -> Iterator[None]:
    """What Django's own test runner sets up: e.g. "testserver" in ALLOWED_HOSTS."""
    setup_test_environment()
    yield
    teardown_test_environment()
