"""The initializr's HTTP API and page, as one Starlette application.

Stateless: every answer travels in the request, every project is rendered in
the renderer's own temporary folder and sent from memory, so any number of
replicas can run behind a load balancer. Rendering is synchronous work; it
runs in a small thread pool with a deadline, and finished trees are kept in a
small cache (trees and their archives) because teams ask for the same few projects again and again.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import archive, choices, help_text, project
from .params import BadRequest, answers, parse

METADATA_TYPE = "application/vnd.sgi-scaffold.metadata.v1+json"
#: Seconds one project may take to render before the request gets a 503.
RENDER_TIMEOUT = 20.0
#: Renders running at once; more wait their turn (the GIL allows no more real parallelism).
RENDERS = anyio.CapacityLimiter(2)
#: ``uv lock`` runs at once (each a subprocess of a second or more), and how long one may take.
LOCKS = anyio.CapacityLimiter(2)
LOCK_TIMEOUT = 60.0
STATIC = Path(__file__).parent / "static"
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


@lru_cache(maxsize=128)
def _tree(chosen: project.Selection) -> dict[str, tuple[bytes, int]]:
    return project.tree(chosen)


#: Archives by (selection, kind), newest last; read on the event loop, so a repeat costs no thread hop.
_ARCHIVES: OrderedDict[tuple[project.Selection, str], bytes] = OrderedDict()
ARCHIVES_KEPT = 128


def _archive(chosen: project.Selection, kind: str) -> bytes:
    """The archive of a cached tree, dated when first built: the same bytes for every request it serves."""
    build = archive.to_zip if kind == "zip" else archive.to_tgz
    return build(project.slug(chosen), _tree(chosen))


async def _cached_archive(chosen: project.Selection, kind: str) -> bytes:
    key = (chosen, kind)
    if key in _ARCHIVES:
        _ARCHIVES.move_to_end(key)
        return _ARCHIVES[key]
    body = await _in_thread(_archive, chosen, kind)
    _ARCHIVES[key] = body
    while len(_ARCHIVES) > ARCHIVES_KEPT:
        _ARCHIVES.popitem(last=False)
    return body


async def _in_thread(function: Any, *args: Any) -> Any:
    with anyio.fail_after(RENDER_TIMEOUT):
        return await anyio.to_thread.run_sync(function, *args, abandon_on_cancel=True, limiter=RENDERS)


def _locked_archive(chosen: project.Selection, kind: str) -> tuple[bytes, str]:
    build = archive.to_zip if kind == "zip" else archive.to_tgz
    files, note = project.locked_tree(chosen)
    return build(project.slug(chosen), files), note


async def _fresh_locked_archive(chosen: project.Selection, kind: str) -> tuple[bytes, str]:
    """An archive with the uv.lock of this moment: never cached (the index moves), a few at a time."""
    with anyio.fail_after(LOCK_TIMEOUT):
        return await anyio.to_thread.run_sync(_locked_archive, chosen, kind, abandon_on_cancel=True, limiter=LOCKS)


async def _render(params: dict[str, str]) -> tuple[project.Selection, dict[str, tuple[bytes, int]]]:
    chosen = project.selection(params)
    return chosen, await _in_thread(_tree, chosen)


@lru_cache(maxsize=1)
def _metadata() -> tuple[bytes, str]:
    body = json.dumps(project.metadata(), indent=2).encode()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _metadata_response(request: Request) -> Response:
    body, etag = _metadata()
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300", "Vary": "Accept"}
    asked = [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]
    if etag in asked or "*" in asked:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=METADATA_TYPE, headers=headers)


async def metadata(request: Request) -> Response:
    return _metadata_response(request)


def _wants(request: Request) -> str:
    """What ``GET /`` should answer: the page, text help, or the metadata."""
    agent = request.headers.get("user-agent", "").lower()
    accept = request.headers.get("accept", "")
    if agent.startswith(("curl/", "httpie/", "wget/", "xh/")) and "text/html" not in accept:
        return "text"
    if "text/html" in accept or not accept or "*/*" in accept:
        return "html"
    if METADATA_TYPE in accept or "application/json" in accept:
        return "metadata"
    return "text" if "text/plain" in accept else "html"


async def home(request: Request) -> Response:
    wanted = _wants(request)
    if wanted == "metadata":
        return _metadata_response(request)
    if wanted == "text":
        return PlainTextResponse(help_text.render(str(request.base_url).rstrip("/")), headers={"Vary": "Accept"})
    page = (STATIC / "index.html").read_bytes()
    return Response(page, media_type="text/html; charset=utf-8", headers={**_PAGE_HEADERS, "Vary": "Accept"})


async def questions(request: Request) -> Response:
    given = project.answers_only(await answers(request))
    project.validate(given)
    return JSONResponse(await _in_thread(choices.state, given))  # ~10 ms of checks: not on the event loop


async def starter(request: Request, kind: str) -> Response:
    given = await answers(request)
    chosen = project.selection(given)
    headers = {"Content-Disposition": f'attachment; filename="{project.slug(chosen)}.{kind}"',
               "Cache-Control": "no-store"}
    if project.flag(given, "lock"):
        body, note = await _fresh_locked_archive(chosen, kind)
        if note:  # new's one line when the index could not be reached; the archive has no lock then
            headers["X-Sgi-Scaffold-Note"] = note.encode("ascii", "replace").decode("ascii")
    else:
        body = await _cached_archive(chosen, kind)
    media = "application/zip" if kind == "zip" else "application/gzip"
    return Response(body, media_type=media, headers=headers)


async def _starter_zip(request: Request) -> Response:
    return await starter(request, "zip")


async def _starter_tgz(request: Request) -> Response:
    return await starter(request, "tgz")


async def preview(request: Request) -> Response:
    chosen, tree = await _render(project.answers_only(await answers(request)))
    files = []
    for rel, (data, mode) in sorted(tree.items()):
        try:
            text, binary = data.decode("utf-8"), False
        except UnicodeDecodeError:
            text, binary = None, True
        files.append({"path": rel, "mode": mode, "size": len(data), "binary": binary, "text": text})
    return JSONResponse({"folder": project.slug(chosen), "answers": project.settled(chosen), "files": files})


def _unified(old: dict[str, tuple[bytes, int]], new: dict[str, tuple[bytes, int]]) -> str:
    out: list[str] = []
    for rel in sorted(old.keys() | new.keys()):
        before, after = old.get(rel), new.get(rel)
        if before == after:
            continue
        if before and after and before[0] == after[0]:
            out += [f"diff a/{rel} b/{rel}\n", f"old mode {before[1]:o}\n", f"new mode {after[1]:o}\n"]
            continue
        lines = [(f[0].decode("utf-8", "replace").splitlines(keepends=True) if f else []) for f in (before, after)]
        names = (f"a/{rel}" if before else "/dev/null", f"b/{rel}" if after else "/dev/null")
        out += difflib.unified_diff(lines[0], lines[1], *names)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)


async def diff(request: Request) -> Response:
    given = dict(project.answers_only(await answers(request)))
    if "from" not in given:
        raise BadRequest("say what to compare with: from=<answers>, URL-encoded like the other parameters")
    base = project.answers_only(parse(given.pop("from"), "'from' answers"))
    (_, old), (_, new) = await _render(base), await _render(given)
    return PlainTextResponse(_unified(old, new), media_type="text/x-diff")


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _bad_request(request: Request, err: Exception) -> Response:
    assert isinstance(err, BadRequest)
    return _error(str(err), err.status)


async def _user_error(request: Request, err: Exception) -> Response:
    return _error(str(err))


async def _timeout(request: Request, err: Exception) -> Response:
    return _error(f"rendering took longer than {RENDER_TIMEOUT:g} s; try again", 503)


async def _too_large(request: Request, err: Exception) -> Response:
    return _error(str(err), 500)  # the templates made it: our fault, not the request's


async def _http_error(request: Request, err: Exception) -> Response:
    assert isinstance(err, HTTPException)
    return _error(err.detail, err.status_code)


def _exception_handlers() -> dict[Any, Any]:
    return {
        BadRequest: _bad_request,
        project.UserError: _user_error,
        TimeoutError: _timeout,
        archive.TooLarge: _too_large,
        HTTPException: _http_error,
    }


async def _headers(scope: Any, receive: Any, send: Any, app: Any) -> None:
    async def send_with(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message.setdefault("headers", [])
            message["headers"] = [*message["headers"], (b"x-content-type-options", b"nosniff")]
        await send(message)

    await app(scope, receive, send_with)


class _Hardened:
    """Adds ``X-Content-Type-Options: nosniff`` to every response (pure ASGI, no body buffering)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await _headers(scope, receive, send, self.app)


def create_app() -> Any:
    routes = [
        Route("/", home),
        Route("/metadata", metadata),
        Route("/questions", questions),
        Route("/starter.zip", _starter_zip, methods=["GET", "POST"]),
        Route("/starter.tgz", _starter_tgz, methods=["GET", "POST"]),
        Route("/preview", preview),
        Route("/diff", diff),
        Route("/health", health),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers=_exception_handlers())
    return _Hardened(app)


app = create_app()
