"""The routes every generated service has, driven in-process through WebTest.

``client`` (a ``webtest.TestApp`` around the WSGI application) is in conftest.py.
"""

from webtest import TestApp


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
