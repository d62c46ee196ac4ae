{%- set asgi = cookiecutter.interface == "asgi" -%}
"""gunicorn.conf.py takes what a deployment tunes from the environment, with safe defaults."""

import runpy
from pathlib import Path
from typing import Any

import pytest

CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
VARIABLES = (
    "HOST", "PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_KEEPALIVE", "FORWARDED_ALLOW_IPS",
    {%- if not asgi %}
    "GUNICORN_THREADS",
    {%- endif %}
    {%- if cookiecutter._sgi.tls_env %}
    "{{ cookiecutter._sgi.tls_env[0] }}",
    {%- endif %}
)


def gunicorn_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """The settings Gunicorn would read, with exactly ``env`` set."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.syspath_prepend(str(CONFIG.parent))  # for cpu_limit.py beside it
    return runpy.run_path(str(CONFIG))


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = gunicorn_settings(monkeypatch)
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["workers"] == conf["cpu_limit"].cpus(){% if not asgi %} * 2 + 1{% endif %}
    assert conf["worker_class"] == "{{ cookiecutter._sgi.asgi_worker if asgi else 'gthread' }}"
    assert (conf["timeout"], conf["keepalive"], conf["graceful_timeout"]) == (30, 75, {{ cookiecutter._sgi.shutdown_seconds }})
    assert conf["forwarded_allow_ips"] == "{{ cookiecutter._sgi.forwarded_allow_ips }}"
{%- if cookiecutter._sgi.tls_env %}
    assert "certfile" not in conf
{%- endif %}


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = gunicorn_settings(
        monkeypatch, HOST="0.0.0.0", PORT="9000", WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="60",
        GUNICORN_KEEPALIVE="5", FORWARDED_ALLOW_IPS="10.1.2.3"{% if not asgi %}, GUNICORN_THREADS="8"{% endif %},
    )
    assert conf["bind"] == "0.0.0.0:9000"
    assert (conf["workers"], conf["timeout"], conf["keepalive"]) == (3, 60, 5)
    assert conf["forwarded_allow_ips"] == "10.1.2.3"
{%- if not asgi %}
    assert conf["threads"] == 8
{%- endif %}
{%- if cookiecutter._sgi.tls_env %}


def test_a_certificate_turns_tls_on(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = gunicorn_settings(monkeypatch, {{ cookiecutter._sgi.tls_env[0] }}="/run/cert.pem", {{ cookiecutter._sgi.tls_env[1] }}="/run/key.pem")
    assert (conf["certfile"], conf["keyfile"]) == ("/run/cert.pem", "/run/key.pem")
{%- endif %}
