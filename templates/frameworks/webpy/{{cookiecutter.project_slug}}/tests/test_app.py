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


def test_only_get_is_answered() -> None:
    assert app.request("/health", method="POST").status.startswith("405")
