import os
from pathlib import Path

import pytest
from webtest import TestApp

# The web2py folder of this project, wherever pytest is started from.
os.environ.setdefault("web2py_path", str(Path(__file__).resolve().parent.parent / "web2py"))

from {{ cookiecutter.package_name }}.wsgi import application  # noqa: E402


@pytest.fixture()
def client() -> TestApp:
    # web2py has no test client for its WSGI app; WebTest calls it in-process.
    return TestApp(application)


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


def test_no_session_cookie(client: TestApp) -> None:
    # The JSON actions forget the session: no cookie, no session file.
    assert "Set-Cookie" not in client.get("/health").headers
