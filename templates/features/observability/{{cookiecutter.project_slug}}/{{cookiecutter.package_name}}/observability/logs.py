"""Logs: one JSON object per line on stdout, each with the ID of the request it was written for."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
import time
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

#: A request ID from the client is taken when it is this (at most 128 safe characters).
_VALID_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
#: The ID of the request being served, in this thread or task.
REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

#: JSON for a log line: made once (json.dumps with options makes an encoder per call); str() for what JSON lacks.
_json = json.JSONEncoder(default=str, ensure_ascii=False).encode

#: The access log: one line per request, written by the middleware (record() in metrics.py).
access_log = logging.getLogger("http.access")


def request_id(given: str | None) -> str:
    """The client's X-Request-ID if it is a sensible one, else a new one: 32 random hex digits (what
    ``uuid4().hex`` looks like, for half its cost)."""
    return given if given and _VALID_ID.fullmatch(given) else os.urandom(16).hex()


#: The last whole second timestamp() formatted, and how: every line of a busy second shares it.
_second: tuple[int, str] = (0, "")


def timestamp(seconds: float) -> str:
    """ISO 8601 in UTC to the millisecond, as ``datetime.isoformat(timespec="milliseconds")`` writes it."""
    global _second
    whole = int(seconds)
    if _second[0] != whole:
        _second = (whole, datetime.fromtimestamp(whole, UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    return f"{_second[1]}.{int((seconds - whole) * 1000):03d}+00:00"


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request ID, and any ``extra``."""

    _PLAIN = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request := getattr(record, "request_id", None):
            line["request_id"] = request
        line.update({key: value for key, value in record.__dict__.items() if key not in self._PLAIN})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return _json(line)


class RequestIdFilter(logging.Filter):
    """Puts the current request's ID on every record the handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


def _handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    return handler


#: The root logger's one handler: JSON on stdout (the framework's own logging set up before is replaced).
HANDLER = _handler()
_FORMATTER = HANDLER.formatter
logging.root.handlers = [HANDLER]
logging.root.setLevel(os.environ.get("LOG_LEVEL", "INFO").upper())


def _as_set_up() -> bool:
    """Whether the access log still goes to HANDLER alone, as this module set it up, and INFO is logged."""
    root = logging.root.handlers
    return (len(root) == 1 and root[0] is HANDLER and HANDLER.formatter is _FORMATTER and len(HANDLER.filters) == 1
            and not access_log.handlers and not access_log.filters and access_log.propagate
            and HANDLER.level <= logging.INFO and access_log.isEnabledFor(logging.INFO))


def access(message: str, labels: dict[str, str], path: str, seconds: float, client: str | None) -> None:
    """The access line of one request: its ``http`` fields are the metric labels (method, route,
    status), the path, the duration in milliseconds and the client's address.

    While logging is as this module set it up, the line JSONFormatter would write (the same keys in the
    same order, the same JSON) is put together here and written to HANDLER's stream straight away: a
    LogRecord (the caller's frame looked up, the thread and process named) costs more than the rest of
    the layer together on a small request, and json's encoder walking a dict of dicts costs twice what
    quoting its seven strings does. Once an app adds a handler or filter, or raises the level, the line
    goes through logging like any other.
    """
    duration = round(seconds * 1000, 3)
    if not _as_set_up():
        access_log.info(message, extra={"http": {**labels, "path": path, "duration_ms": duration, "client": client}})
        return
    request = REQUEST_ID.get()
    quoted = encode_basestring
    # Concatenated, not an f-string: its doubled braces would be template syntax in this file's source.
    text = ('{"time": "' + timestamp(time.time()) + '", "level": "INFO", "logger": "http.access", "message": '
            + quoted(message) + (', "request_id": ' + quoted(request) if request else "")
            + ', "http": {"method": ' + quoted(labels["method"]) + ', "route": ' + quoted(labels["route"])
            + ', "status": "' + labels["status"] + '", "path": ' + quoted(path) + ', "duration_ms": ' + repr(duration)
            + ', "client": ' + (quoted(client) if client is not None else "null") + "}}" + HANDLER.terminator)
    with HANDLER.lock:
        HANDLER.stream.write(text)
        HANDLER.flush()
