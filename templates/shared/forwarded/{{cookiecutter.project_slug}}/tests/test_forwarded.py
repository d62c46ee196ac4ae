"""forwarded.py reads FORWARDED_ALLOW_IPS as the other servers do: addresses, networks, or "*"."""

import importlib
from collections.abc import Iterator
from types import ModuleType

import pytest

from {{ cookiecutter.package_name }} import forwarded


def reloaded(monkeypatch: pytest.MonkeyPatch, allowed: str | None) -> ModuleType:
    if allowed is None:
        monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    else:
        monkeypatch.setenv("FORWARDED_ALLOW_IPS", allowed)
    return importlib.reload(forwarded)


@pytest.fixture(autouse=True)
def _restore(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test's FORWARDED_ALLOW_IPS stays in its test."""
    yield
    monkeypatch.undo()
    importlib.reload(forwarded)


def test_by_default_loopback_and_private_networks_are_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    module = reloaded(monkeypatch, None)
    assert all(module.trusted(peer) for peer in ("127.0.0.1", "::1", "10.1.2.3", "172.18.0.5", "192.168.1.9"))
    assert not module.trusted("198.51.100.1") and not module.trusted("127.0.0.2")


def test_forwarded_allow_ips_names_the_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    module = reloaded(monkeypatch, "192.0.2.10, 2001:db8::/32")
    assert module.trusted("192.0.2.10") and module.trusted("2001:db8::1") and module.trusted("[2001:db8::1]")
    assert not module.trusted("127.0.0.1") and not module.trusted("192.0.2.11")
    assert not module.trusted("") and not module.trusted("unix:/run/app.sock")


def test_a_star_believes_anyone(monkeypatch: pytest.MonkeyPatch) -> None:
    assert reloaded(monkeypatch, "*").trusted("198.51.100.1")
    assert not reloaded(monkeypatch, "").trusted("127.0.0.1")
