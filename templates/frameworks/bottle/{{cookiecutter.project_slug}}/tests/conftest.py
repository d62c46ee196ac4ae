{%- if cookiecutter._sgi.data -%}
from collections.abc import Iterator

{% endif -%}
import pytest
from webtest import TestApp

from {{ cookiecutter.package_name }}.app import app
{%- if cookiecutter._sgi.data %}
from {{ cookiecutter.package_name }}.items import open_pool
{%- endif %}


@pytest.fixture()
{%- if cookiecutter._sgi.data %}
def client(monkeypatch: pytest.MonkeyPatch) -> Iterator[TestApp]:
    # The app's pool was opened at import; this test's opens on DATABASE_URL as it is now (the
    # data tests' database), and the app's is put back after it.
    monkeypatch.setitem(app.config, "db.sessions", None)
    engine = open_pool(app)
    # Bottle has no test client of its own; WebTest calls the WSGI app in-process.
    yield TestApp(app)
    engine.dispose()
{%- else %}
def client() -> TestApp:
    # Bottle has no test client of its own; WebTest calls the WSGI app in-process.
    return TestApp(app)
{%- endif %}
