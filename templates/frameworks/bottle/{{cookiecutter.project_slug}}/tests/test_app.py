import pytest
from webtest import TestApp

from {{ cookiecutter.package_name }}.app import app


@pytest.fixture()
def client() -> TestApp:
    # Bottle has no test client of its own; WebTest calls the WSGI app in-process.
    return TestApp(app)


def test_health(client: TestApp) -> None:
    response = client.get("/health")
    assert response.status_int == 200
    assert response.content_type == "application/json"
    assert response.json == {"status": "ok"}


def test_hello(client: TestApp) -> None:
    response = client.get("/hello/World")
    assert response.json == {"message": "Hello, World!"}


def test_unknown_route_is_404(client: TestApp) -> None:
    assert client.get("/nowhere", expect_errors=True).status_int == 404
