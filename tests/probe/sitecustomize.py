"""Test-only routes in a generated project's app, for the end-to-end tests; never generated.

The end-to-end tests put this folder on PYTHONPATH, so Python imports it at start in
every process of the server (master, workers, Granian's and uWSGI's too), and name the
app's import target in E2E_PROBE_APP (``module:attribute``) and its interface in
E2E_PROBE_INTERFACE. When the server imports that module, the attribute is wrapped with
two routes, and the server runs exactly as the Dockerfile's CMD starts it:

- ``GET /__probe/slow?SECONDS``: answers "slow done" after SECONDS (default 3), a request
  in flight when SIGTERM comes;
- ``GET /__probe/echo``: the scheme and client address the app sees, as JSON, to check
  which proxy headers the server honoured;
- ``GET /__probe/pg_sleep?SECONDS``: ``SELECT pg_sleep(SECONDS)`` (default 0.2) through the app's own
  data layer (sgi_probe_db.py), answering "slept": what an ASGI app's event loop does meanwhile.
"""

from __future__ import annotations

import asyncio
import importlib.abc
import importlib.util
import json
import os
import sys
import time
from typing import Any

SLOW, ECHO, PG_SLEEP = "/__probe/slow", "/__probe/echo", "/__probe/pg_sleep"
#: The wrapped app's module (E2E_PROBE_APP's), where sgi_probe_db.py looks for the data layer.
_MODULE = os.environ.get("E2E_PROBE_APP", ":").split(":")[0]


def _seconds(query: str, default: float = 3.0) -> float:
    return float(query) if query else default


#: No data layer found: the answer the test skips on.
NO_DATA = b"no data layer found (tests/probe/sgi_probe_db.py)"


def _wsgi(app: Any) -> Any:
    sleepers: list[Any] = []

    def probe(environ: dict, start_response: Any) -> Any:
        path, status = environ.get("PATH_INFO", ""), "200 OK"
        if path == SLOW:
            time.sleep(_seconds(environ.get("QUERY_STRING", "")))
            body = b"slow done"
        elif path == ECHO:
            body = json.dumps({"scheme": environ["wsgi.url_scheme"], "client": environ.get("REMOTE_ADDR")}).encode()
        elif path == PG_SLEEP:
            if not sleepers:
                import sgi_probe_db

                sleepers.append(sgi_probe_db.sync_sleeper(app, _MODULE))
            if sleepers[0] is None:
                status, body = "501 Not Implemented", NO_DATA
            else:
                sleepers[0](_seconds(environ.get("QUERY_STRING", ""), 0.2))
                body = b"slept"
        else:
            return app(environ, start_response)
        start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]

    return probe


def _asgi(app: Any) -> Any:
    sleepers: list[Any] = []

    async def probe(scope: dict, receive: Any, send: Any) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        status = 200
        if path == SLOW:
            await asyncio.sleep(_seconds(scope.get("query_string", b"").decode()))
            body = b"slow done"
        elif path == ECHO:
            client = scope.get("client") or (None,)
            body = json.dumps({"scheme": scope.get("scheme", "http"), "client": client[0]}).encode()
        elif path == PG_SLEEP:
            if not sleepers:  # at the first request: the lifespan has opened the pool by now
                import sgi_probe_db

                sleepers.append(sgi_probe_db.async_sleeper(app, _MODULE))
            if sleepers[0] is None:
                status, body = 501, NO_DATA
            else:
                await sleepers[0](_seconds(scope.get("query_string", b"").decode(), 0.2))
                body = b"slept"
        else:
            return await app(scope, receive, send)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    return probe


def _sanic(app: Any) -> Any:
    """Sanic's own server needs the Sanic app itself: add the routes to it."""
    from sanic.response import text

    async def slow(request: Any) -> Any:
        await asyncio.sleep(_seconds(request.query_string))
        return text("slow done")

    async def echo(request: Any) -> Any:
        return text(json.dumps({"scheme": request.scheme, "client": request.remote_addr or request.ip}))

    async def pg_sleep(request: Any) -> Any:
        import sgi_probe_db

        sleeper = sgi_probe_db.async_sleeper(request.app, _MODULE)
        if sleeper is None:
            return text(NO_DATA.decode(), status=501)
        await sleeper(_seconds(request.query_string, 0.2))
        return text("slept")

    app.add_route(slow, SLOW, name="probe_slow")
    app.add_route(echo, ECHO, name="probe_echo")
    app.add_route(pg_sleep, PG_SLEEP, name="probe_pg_sleep")
    return app


def _wrap(app: Any) -> Any:
    if type(app).__name__ == "Sanic":
        return _sanic(app)
    return _asgi(app) if os.environ.get("E2E_PROBE_INTERFACE") == "asgi" else _wsgi(app)


class _Finder(importlib.abc.MetaPathFinder):
    """Wraps the target attribute right after its module runs."""

    def __init__(self, module: str, attribute: str) -> None:
        self.module, self.attribute = module, attribute

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != self.module:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            run(module)
            setattr(module, self.attribute, _wrap(getattr(module, self.attribute)))

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if os.environ.get("E2E_PROBE_APP"):
    _module, _attribute = os.environ["E2E_PROBE_APP"].split(":")
    sys.meta_path.insert(0, _Finder(_module, _attribute))
