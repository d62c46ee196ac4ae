"""Reading answers from a request: query string and form body, within limits.

Parsing is the standard library's (``urllib.parse.parse_qsl`` with its field
cap); what is limited here is how much of it a request may send, so a flood of
parameters or a huge value is one cheap 400 before any answer is looked at.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import parse_qsl

import anyio
from starlette.requests import Request

#: More than every answer plus ``from`` and a few spare.
MAX_FIELDS = 32
#: Longest value accepted; the longest real answer is a description line.
MAX_VALUE = 1000
#: Longest parameter name; every real one is far shorter.
MAX_KEY = 64
#: Longest query string or form body.
MAX_BYTES = 16 * 1024
FORM = "application/x-www-form-urlencoded"
#: Seconds a form body may take to arrive.
BODY_TIMEOUT = 10.0


class BadRequest(Exception):
    """A request that is refused before any answer is judged; ``status`` and a one-line reason."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def parse(text: str, where: str) -> dict[str, str]:
    """``key=value&...`` into a dict, refusing repeats, floods, huge values and undecodable keys."""
    if len(text) > MAX_BYTES:
        raise BadRequest(f"the {where} is longer than {MAX_BYTES} characters")
    try:
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict")
    except ValueError:
        why = f"has more than {MAX_FIELDS} parameters or is not valid percent-encoded UTF-8"
        raise BadRequest(f"the {where} {why}") from None
    found: dict[str, str] = {}
    for key, value in pairs:
        if len(key) > MAX_KEY:
            raise BadRequest(f"unknown parameter {_shown(key)}")
        if key in found:
            raise BadRequest(f"the parameter {_shown(key)} is given twice")
        if len(value) > MAX_VALUE:
            raise BadRequest(f"the parameter {_shown(key)} is longer than {MAX_VALUE} characters")
        found[key] = value
    return found


def _shown(key: str) -> str:
    """A key as it can safely appear in an error line: short, control characters escaped."""
    clean = "".join(ch if unicodedata.category(ch)[0] != "C" else repr(ch)[1:-1] for ch in key[:40])
    return repr(clean + ("..." if len(key) > 40 else ""))


async def answers(request: Request) -> dict[str, str]:
    """The query parameters, plus a URL-encoded form body on POST (a key in both is refused)."""
    found = parse(request.url.query, "query string")
    if request.method != "POST":
        return found
    kind = request.headers.get("content-type", FORM).split(";")[0].strip().lower()
    if kind != FORM:
        raise BadRequest(f"send the answers as {FORM}, not {kind}", status=415)
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BYTES):
        raise BadRequest(f"the form body is larger than {MAX_BYTES} bytes", status=413)
    body = bytearray()
    try:
        with anyio.fail_after(BODY_TIMEOUT):  # a body trickled in byte by byte must not hold a connection
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise BadRequest(f"the form body is larger than {MAX_BYTES} bytes", status=413)
    except TimeoutError:
        raise BadRequest(f"the form body took longer than {BODY_TIMEOUT:g} s to arrive", status=408) from None
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        raise BadRequest("the form body is not URL-encoded") from None
    for key, value in parse(text, "form body").items():
        if key in found:
            raise BadRequest(f"the parameter {_shown(key)} is given twice")
        found[key] = value
    return found
