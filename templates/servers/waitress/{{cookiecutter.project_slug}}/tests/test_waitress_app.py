"""waitress_app.py believes X-Forwarded-For/-Proto only from the proxies forwarded.py trusts
(FORWARDED_ALLOW_IPS: tests/test_forwarded.py checks how it is read)."""

import pytest

import waitress_app
from {{ cookiecutter.package_name }} import forwarded

FORWARDED = {"HTTP_X_FORWARDED_FOR": "203.0.113.7, 10.0.0.9", "HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture(autouse=True)
def _proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forwarded, "TRUSTED", forwarded.parse("192.0.2.10, 2001:db8::/32"))


def seen_from(peer: str) -> tuple[str, str]:
    environ = {"REMOTE_ADDR": peer, "wsgi.url_scheme": "http", **FORWARDED}
    waitress_app.from_trusted_proxy(environ)
    return environ["REMOTE_ADDR"], environ["wsgi.url_scheme"]


def test_a_trusted_proxys_headers_are_believed() -> None:
    assert seen_from("192.0.2.10") == ("10.0.0.9", "https")  # the last hop, as the proxy saw it
    assert seen_from("2001:db8::1") == ("10.0.0.9", "https")


def test_anyone_elses_are_ignored() -> None:
    assert seen_from("127.0.0.1") == ("127.0.0.1", "http")
    assert seen_from("192.0.2.11") == ("192.0.2.11", "http")
