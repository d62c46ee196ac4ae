{%- from "partials/django.layer" import channels -%}
{%- set static = not channels or cookiecutter._sgi.data -%}
"""Set Django up once for the test run, as ``manage.py test`` would."""

import os

import django
import pytest
{% if cookiecutter._sgi.data -%}
from django.conf import settings
{% endif -%}
from django.core.management.utils import get_random_secret_key
from django.test import Client{% if static %}, override_settings{% endif %}
from django.test.utils import setup_test_environment, teardown_test_environment


def pytest_configure() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.package_name }}.settings")
    # A throwaway key made for this run only: the settings have no default.
    os.environ.setdefault("DJANGO_SECRET_KEY", get_random_secret_key())
{%- if cookiecutter._sgi.data %}
    # Tests run on Django's test database on this server (SQLite in memory unless TEST_DATABASE_URL
    # names another, e.g. PostgreSQL in CI): never on the database DATABASE_URL configures.
    os.environ["DATABASE_URL"] = os.environ.get("TEST_DATABASE_URL") or "sqlite://:memory:"
{%- endif %}
    django.setup()
    # Lets the test client's "testserver" host through ALLOWED_HOSTS, among other things.
    setup_test_environment()
{%- if static %}
    # No collectstatic before tests: WhiteNoise finds static files as under runserver.
{%- if cookiecutter._sgi.data %}
    # The admin's pages name them by their plain names, as without the manifest collectstatic writes.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(
        WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True, STORAGES={**settings.STORAGES, "staticfiles": plain},
    ).enable()
{%- else %}
    override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True).enable()
{%- endif %}
{%- endif %}


def pytest_unconfigure() -> None:
    teardown_test_environment()


@pytest.fixture()
def client() -> Client:
    return Client()
