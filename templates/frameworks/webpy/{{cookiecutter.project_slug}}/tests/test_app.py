import json

from {{ cookiecutter.package_name }}.app import app

# app.request() is web.py's own test client: it runs one request through the app in-process.


def test_health() -> None:
    response = app.request("/health")
    assert response.status == "200 OK"
    assert response.headers["Content-Type"] == "application/json"
    assert json.loads(response.data) == {"status": "ok"}


def test_hello() -> None:
    response = app.request("/hello/World")
    assert json.loads(response.data) == {"message": "Hello, World!"}


def test_unknown_route_is_404() -> None:
    assert app.request("/nowhere").status.startswith("404")


def test_index_lists_the_routes() -> None:
    """GET / lists the routes, and each HTTP one without a parameter answers."""
    routes = json.loads(app.request("/").data)
    assert routes["health"] == "/health" and routes["hello"] == "/hello/{name}"
    for key, path in routes.items():
        if key not in {% include "partials/routes.untested" %}:
            assert app.request(path).status == "200 OK", path


def test_only_get_is_answered() -> None:
    assert app.request("/health", method="POST").status.startswith("405")
