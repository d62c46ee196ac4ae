"""waitress_app.py believes X-Forwarded-For/-Proto only from the proxies in FORWARDED_ALLOW_IPS."""

import importlib
from types import ModuleType

import pytest

import waitress_app

FORWARDED = {"HTTP_X_FORWARDED_FOR": "203.0.113.7, 10.0.0.9", "HTTP_X_FORWARDED_PROTO": "https"}


def reloaded(monkeypatch: pytest.MonkeyPatch, allowed: str | None) -> ModuleType:
    if allowed is None:
        monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    else:
        monkeypatch.setenv("FORWARDED_ALLOW_IPS", allowed)
    return importlib.reload(waitress_app)


def seen_from(module: ModuleType, peer: str) -> tuple[str, str]:
    environ = {"REMOTE_ADDR": peer, "wsgi.url_scheme": "http", **FORWARDED}
    module.from_trusted_proxy(environ)
    return environ["REMOTE_ADDR"], environ["wsgi.url_scheme"]


def test_by_default_loopback_and_private_networks_are_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    module = reloaded(monkeypatch, None)
    assert seen_from(module, "172.18.0.5") == ("10.0.0.9", "https")  # the last hop, as the proxy saw it
    assert seen_from(module, "198.51.100.1") == ("198.51.100.1", "http")


def test_forwarded_allow_ips_names_the_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    module = reloaded(monkeypatch, "192.0.2.10, 2001:db8::/32")
    assert seen_from(module, "192.0.2.10") == ("10.0.0.9", "https")
    assert seen_from(module, "2001:db8::1")[1] == "https"
    assert seen_from(module, "127.0.0.1") == ("127.0.0.1", "http")
    assert seen_from(reloaded(monkeypatch, "*"), "198.51.100.1")[1] == "https"
