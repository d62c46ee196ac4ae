"""The applications servers load, called as a server calls them, with real Host headers.

This project's server loads ``{{ cookiecutter._sgi.app }}``; startproject's other entry point is
checked too. Django's test client sends ``Host: testserver``, which the test set-up lets through
ALLOWED_HOSTS: here the hosts are those a deployment sends.
"""

import asyncio
from wsgiref.util import setup_testing_defaults

import pytest

from {{ cookiecutter.package_name }}.asgi import application as asgi_application
from {{ cookiecutter.package_name }}.wsgi import application as wsgi_application


def wsgi_get(path: str, host: str) -> tuple[str, dict[str, str], bytes]:
    environ: dict = {"PATH_INFO": path, "HTTP_HOST": host}
    setup_testing_defaults(environ)
    started: list = []
    body = b"".join(wsgi_application(environ, lambda status, headers, exc_info=None: started.extend([status, headers])))
    return started[0], dict(started[1]), body


def asgi_get(path: str, host: str) -> tuple[int, dict[str, str], bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", host.encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent: list[dict] = []

    async def call() -> None:
        # The request, then (as a server does) nothing until the response is out, then the disconnect.
        inbox: asyncio.Queue[dict] = asyncio.Queue()
        inbox.put_nowait({"type": "http.request", "body": b"", "more_body": False})

        async def send(message: dict) -> None:
            sent.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                inbox.put_nowait({"type": "http.disconnect"})

        await asgi_application(scope, inbox.get, send)

    asyncio.run(call())
    start = sent[0]
    headers = {name.decode().lower(): value.decode() for name, value in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in sent[1:])


def test_wsgi_application_answers_health() -> None:
    status, headers, body = wsgi_get("/health", "localhost")
    assert status == "200 OK"
    assert headers["Content-Type"] == "application/json"
    assert body == b'{"status": "ok"}'


def test_asgi_application_answers_health() -> None:
    status, headers, body = asgi_get("/health", "127.0.0.1")
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert body == b'{"status": "ok"}'


@pytest.mark.parametrize("get", [wsgi_get, asgi_get])
def test_hosts_outside_allowed_hosts_are_refused(get) -> None:  # noqa: ANN001
    """DJANGO_ALLOWED_HOSTS guards against forged Host headers (password-reset links, cache poisoning)."""
    status = get("/health", "evil.example")[0]
    assert str(status).startswith("400")
