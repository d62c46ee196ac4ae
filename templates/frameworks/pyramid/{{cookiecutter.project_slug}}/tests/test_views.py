import pytest
from webtest import TestApp

from {{ cookiecutter.package_name }} import main


@pytest.fixture()
def client() -> TestApp:
    # Pyramid's functional tests drive the real app through WebTest.
    return TestApp(main({}))


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


def test_views_answer_get_only(client: TestApp) -> None:
    # A request method no view accepts finds no view: 404, Pyramid's default.
    assert client.post("/health", expect_errors=True).status_int == 404
