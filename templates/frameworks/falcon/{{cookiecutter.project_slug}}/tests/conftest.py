import pytest
from falcon import testing

from {{ cookiecutter.package_name }}.app import app


@pytest.fixture()
def client() -> testing.TestClient:
    # Falcon's TestClient simulates requests in-process, for WSGI and ASGI apps alike.
    return testing.TestClient(app)
