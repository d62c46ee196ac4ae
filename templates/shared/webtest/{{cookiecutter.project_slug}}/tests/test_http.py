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


def test_index_lists_the_routes(client: TestApp) -> None:
    """GET / lists the routes, and each HTTP one without a parameter answers."""
    routes = client.get("/").json
    assert routes["health"] == "/health" and routes["hello"] == "/hello/{name}"
    for key, path in routes.items():
        if key not in {% include "partials/routes.untested" %}:
            assert client.get(path).status_int == 200, path
