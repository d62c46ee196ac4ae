import pytest
from webtest import TestApp

from {{ cookiecutter.package_name }}.app import app


@pytest.fixture()
def client() -> TestApp:
    # PoorWSGI has no test client of its own; WebTest calls the WSGI app in-process.
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
    response = client.get("/nowhere", expect_errors=True)
    assert response.status_int == 404


def test_only_get_and_head_are_routed(client: TestApp) -> None:
    # app.route() answers GET and HEAD unless told otherwise.
    assert client.head("/health").status_int == 200
    assert client.post("/health", expect_errors=True).status_int == 405
