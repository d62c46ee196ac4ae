{%- if cookiecutter._sgi.data -%}
from collections.abc import Iterator

{% endif -%}
import pytest
from webtest import TestApp

{% if cookiecutter._sgi.data -%}
from {{ cookiecutter.package_name }} import db, items
{% endif -%}
from {{ cookiecutter.package_name }}.app import app


@pytest.fixture()
{%- if cookiecutter._sgi.data %}
def client(monkeypatch: pytest.MonkeyPatch) -> Iterator[TestApp]:
    # The app's pool was made at import; this test's is made on DATABASE_URL as it is now (the data
    # tests' database), and the app's is put back after it.
    engine = db.make_engine()
    monkeypatch.setattr(items, "sessions", db.sessions(engine))
    # PoorWSGI has no test client of its own; WebTest calls the WSGI app in-process.
    yield TestApp(app)
    engine.dispose()
{%- else %}
def client() -> TestApp:
    # PoorWSGI has no test client of its own; WebTest calls the WSGI app in-process.
    return TestApp(app)
{%- endif %}
