import pytest
from starlette.testclient import TestClient

from {{ cookiecutter.package_name }}.main import app


@pytest.fixture()
def client() -> TestClient:
    return TestClient(app)
