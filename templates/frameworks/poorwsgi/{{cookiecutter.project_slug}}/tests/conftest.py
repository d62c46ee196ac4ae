import pytest
from webtest import TestApp

from {{ cookiecutter.package_name }}.app import app


@pytest.fixture()
def client() -> TestApp:
    # PoorWSGI has no test client of its own; WebTest calls the WSGI app in-process.
    return TestApp(app)
