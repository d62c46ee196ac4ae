"""Test-only routes in a generated project's app, for the end-to-end tests; never generated.

The end-to-end tests put this folder on PYTHONPATH, so Python imports it at start in
every process of the server (master, workers, Granian's and uWSGI's too), and name the
app's import target in E2E_PROBE_APP (``module:attribute``) and its interface in
E2E_PROBE_INTERFACE. When the server imports that module, the attribute is wrapped with
two routes, and the server runs exactly as the Dockerfile's CMD starts it:

- ``GET /__probe/slow?SECONDS``: answers "slow done" after SECONDS (default 3), a request
  in flight when SIGTERM comes;
- ``GET /__probe/echo``: the scheme and client address the app sees, as JSON, to check
  which proxy headers the server honoured.
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

SLOW, ECHO = "/__probe/slow", "/__probe/echo"


def _seconds(query: str) -> float:
    return float(query) if query else 3.0


def _wsgi(app: Any) -> Any:
    def probe(environ: dict, start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == SLOW:
            time.sleep(_seconds(environ.get("QUERY_STRING", "")))
            body = b"slow done"
        elif path == ECHO:
            body = json.dumps({"scheme": environ["wsgi.url_scheme"], "client": environ.get("REMOTE_ADDR")}).encode()
        else:
            return app(environ, start_response)
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]

    return probe


def _asgi(app: Any) -> Any:
    async def probe(scope: dict, receive: Any, send: Any) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == SLOW:
            await asyncio.sleep(_seconds(scope.get("query_string", b"").decode()))
            body = b"slow done"
        elif path == ECHO:
            client = scope.get("client") or (None,)
            body = json.dumps({"scheme": scope.get("scheme", "http"), "client": client[0]}).encode()
        else:
            return await app(scope, receive, send)
        await send({"type": "http.response.start", "status": 200,
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

    app.add_route(slow, SLOW, name="probe_slow")
    app.add_route(echo, ECHO, name="probe_echo")
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
