{%- from "partials/django.layer" import channels -%}
"""The settings take what differs between machines from the environment, and are safe without it."""

import importlib
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

from {{ cookiecutter.package_name }} import settings

VARIABLES = ("DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS"{% if channels %}, "REDIS_URL"{% endif %})


@pytest.fixture()
def settings_with(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., ModuleType]]:
    """Re-read the settings module with exactly the given DJANGO_* variables set."""

    def load(**env: str) -> ModuleType:
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(settings)

    yield load
    monkeypatch.undo()
    importlib.reload(settings)


def test_without_environment_debug_is_off_and_there_is_no_key(settings_with: Callable[..., ModuleType]) -> None:
    loaded = settings_with()
    assert loaded.DEBUG is False
    assert loaded.SECRET_KEY == ""
    assert loaded.ALLOWED_HOSTS == ["localhost", "127.0.0.1", "[::1]"]


def test_debug_alone_gets_a_fresh_key_each_start(settings_with: Callable[..., ModuleType]) -> None:
    first = settings_with(DJANGO_DEBUG="1").SECRET_KEY
    second = settings_with(DJANGO_DEBUG="1").SECRET_KEY
    assert len(first) >= 50 and first != second


def test_environment_sets_key_debug_and_hosts(settings_with: Callable[..., ModuleType]) -> None:
    loaded = settings_with(DJANGO_SECRET_KEY="from-the-environment", DJANGO_DEBUG="false",
                           DJANGO_ALLOWED_HOSTS="example.com, .example.org")
    assert loaded.SECRET_KEY == "from-the-environment"
    assert loaded.DEBUG is False
    assert loaded.ALLOWED_HOSTS == ["example.com", ".example.org"]
{%- if channels %}


def test_channel_layer_is_in_memory_unless_redis_url_is_set(settings_with: Callable[..., ModuleType]) -> None:
    assert settings_with().CHANNEL_LAYERS["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    redis = settings_with(REDIS_URL="redis://cache:6379/0").CHANNEL_LAYERS["default"]
    assert redis["BACKEND"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert redis["CONFIG"]["hosts"] == ["redis://cache:6379/0"]
{%- endif %}
