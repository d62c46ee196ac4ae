{%- set module, attribute = cookiecutter._sgi.app.split(":") -%}
"""What waitress-serve runs: ``--call waitress_app:create_app`` (see the Dockerfile's CMD).

It serves the application, ``{{ cookiecutter._sgi.app }}``, and adds the three things
Waitress leaves to the deployment:

{%- if cookiecutter.observability %}
- nothing for the access log, which Waitress does not write: the app's middleware
  (observability.py) writes one JSON line per request on stdout;
{%- else %}
- an access log: Waitress logs no requests itself; one line per request goes to
  stdout, in Apache's common log format plus the time taken;
{%- endif %}
- a graceful stop on SIGTERM, which container runtimes send: Waitress shuts down
  cleanly on Ctrl-C only (it stops listening and gives requests already running
  up to 5 seconds to finish); on SIGTERM it would otherwise end at once;
- the client's address and scheme from X-Forwarded-For and X-Forwarded-Proto, believed
  only from the proxies in FORWARDED_ALLOW_IPS (addresses or networks, comma-separated;
  ``{{ cookiecutter.package_name }}/forwarded.py`` reads it): Waitress's own ``trusted_proxy``
  takes a single address.

The address and the number of threads are waitress-serve flags in the start command;
see https://docs.pylonsproject.org/projects/waitress/en/stable/runner.html.
"""

from __future__ import annotations

{% if not cookiecutter.observability -%}
import logging
{% endif -%}
import signal
{%- if not cookiecutter.observability %}
import sys
import time
{%- endif %}
from collections.abc import Callable, Iterable{% if not cookiecutter.observability %}, Iterator{% endif %}
from types import FrameType
from typing import Any

from {{ cookiecutter.package_name }} import forwarded
from {{ module }} import {{ attribute }} as application

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

{%- if not cookiecutter.observability %}
access_log = logging.getLogger("access")
{%- endif %}


def create_app() -> WSGIApp:
    """Called once by waitress-serve, in the main thread, before it starts serving."""
{%- if cookiecutter.observability %}
    signal.signal(signal.SIGTERM, _stop)

    def proxied(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        from_trusted_proxy(environ)
        return application(environ, start_response)

    return proxied
{%- else %}
    logging.basicConfig(level=logging.INFO, format="%(levelname)s [%(name)s] %(message)s")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access_log.addHandler(handler)
    access_log.setLevel(logging.INFO)
    access_log.propagate = False
    signal.signal(signal.SIGTERM, _stop)
    return AccessLog(application)
{%- endif %}


def _stop(signum: int, frame: FrameType | None) -> None:
    # Waitress's main loop catches SystemExit and closes down as it does on Ctrl-C.
    raise SystemExit(0)


def from_trusted_proxy(environ: dict[str, Any]) -> None:
    """Take the client's address and scheme from the proxy's headers, if it is one FORWARDED_ALLOW_IPS trusts."""
    if not forwarded.trusted(environ.get("REMOTE_ADDR", "")):
        return
    if forwarded_for := environ.get("HTTP_X_FORWARDED_FOR", "").strip():
        # The last address is the one the proxy next to us saw.
        environ["REMOTE_ADDR"] = forwarded_for.split(",")[-1].strip()
    if (proto := environ.get("HTTP_X_FORWARDED_PROTO", "").strip().lower()) in ("http", "https"):
        environ["wsgi.url_scheme"] = proto

{%- if not cookiecutter.observability %}

class AccessLog:
    """WSGI middleware that logs each request once its response has been sent, with the
    client's address as the trusted proxy gave it."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterator[bytes]:
        started = time.perf_counter()
        status = ["-"]
        from_trusted_proxy(environ)

        def logging_start_response(status_line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status[0] = status_line.split(" ", 1)[0]
            return start_response(status_line, headers, exc_info)

        body = self.app(environ, logging_start_response)
        return self._send(body, environ, status, started)

    @staticmethod
    def _send(body: Iterable[bytes], environ: dict[str, Any], status: list[str], started: float) -> Iterator[bytes]:
        size = 0
        try:
            for chunk in body:
                size += len(chunk)
                yield chunk
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
            access_log.info(
                '%s - - [%s] "%s %s %s" %s %d %dms',
                environ.get("REMOTE_ADDR", "-"),
                time.strftime("%d/%b/%Y:%H:%M:%S %z"),
                environ.get("REQUEST_METHOD", "-"),
                environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/"),
                environ.get("SERVER_PROTOCOL", "-"),
                status[0],
                size,
                (time.perf_counter() - started) * 1000,
            )
{%- endif %}
