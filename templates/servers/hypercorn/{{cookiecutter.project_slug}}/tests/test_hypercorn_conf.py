"""hypercorn.conf.py takes what a deployment tunes from the environment, with safe defaults."""

import runpy
from pathlib import Path
from typing import Any

import pytest

CONFIG = Path(__file__).resolve().parent.parent / "hypercorn.conf.py"
VARIABLES = ("HOST", "PORT", "WEB_CONCURRENCY", "HYPERCORN_READ_TIMEOUT", "WEBSOCKET_MAX_SIZE"
{%- if cookiecutter._sgi.tls_env %}, "{{ cookiecutter._sgi.tls_env[0] }}"{% endif %})


def hypercorn_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """The settings Hypercorn would read, with exactly ``env`` set."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = hypercorn_settings(monkeypatch)
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["workers"] == 0  # one, in Hypercorn's own process; more cut requests in flight on SIGTERM (README)
    assert (conf["read_timeout"], conf["graceful_timeout"]) == (30, {{ cookiecutter._sgi.shutdown_seconds }})
    assert conf["websocket_max_message_size"] == {{ cookiecutter._sgi.websocket_max_size }}
{%- if cookiecutter._sgi.tls_env %}
    assert "certfile" not in conf
{%- endif %}


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = hypercorn_settings(monkeypatch, HOST="0.0.0.0", PORT="9000", WEB_CONCURRENCY="2",
                              HYPERCORN_READ_TIMEOUT="12", WEBSOCKET_MAX_SIZE="2048")
    assert conf["bind"] == ["0.0.0.0:9000"]
    assert (conf["workers"], conf["read_timeout"], conf["websocket_ping_interval"]) == (2, 12, 4)
    assert conf["websocket_max_message_size"] == 2048
{%- if cookiecutter._sgi.tls_env %}


def test_a_certificate_turns_tls_on(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = hypercorn_settings(monkeypatch, {{ cookiecutter._sgi.tls_env[0] }}="/run/cert.pem", {{ cookiecutter._sgi.tls_env[1] }}="/run/key.pem")
    assert (conf["certfile"], conf["keyfile"]) == ("/run/cert.pem", "/run/key.pem")
{%- endif %}
