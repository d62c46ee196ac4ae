import importlib
from types import ModuleType

import pytest


def load_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    for name in ("DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS", "DJANGO_SECRET_KEY", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return importlib.reload(importlib.import_module("{{ cookiecutter.package_name }}.settings"))


def test_debug_is_off_unless_the_environment_turns_it_on(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(monkeypatch).DEBUG is False
    assert load_settings(monkeypatch, DJANGO_DEBUG="0").DEBUG is False
    assert load_settings(monkeypatch, DJANGO_DEBUG="true").DEBUG is True


def test_hosts_and_key_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(
        monkeypatch, DJANGO_ALLOWED_HOSTS="example.com, api.example.com", DJANGO_SECRET_KEY="k" * 50
    )
    assert settings.ALLOWED_HOSTS == ["example.com", "api.example.com"]
    assert settings.SECRET_KEY == "k" * 50


def test_without_a_key_each_process_makes_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = load_settings(monkeypatch).SECRET_KEY, load_settings(monkeypatch).SECRET_KEY
    assert len(first) >= 50 and first != second


def test_channel_layer_is_in_memory_unless_redis_url_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(monkeypatch).CHANNEL_LAYERS["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    redis = load_settings(monkeypatch, REDIS_URL="redis://cache:6379/0").CHANNEL_LAYERS["default"]
    assert redis["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    assert redis["CONFIG"]["hosts"] == ["redis://cache:6379/0"]
