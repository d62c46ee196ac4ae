"""Logs: one JSON object per line on stdout, each with the ID of the request it was written for."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

#: A request ID from the client is taken when it is this (at most 128 safe characters).
_VALID_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
#: The ID of the request being served, in this thread or task.
REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

#: The access log: one line per request, written by the middleware (record() in metrics.py).
access_log = logging.getLogger("http.access")


def request_id(given: str | None) -> str:
    """The client's X-Request-ID if it is a sensible one, else a new one."""
    return given if given and _VALID_ID.fullmatch(given) else uuid.uuid4().hex


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request ID, and any ``extra``."""

    _PLAIN = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request := getattr(record, "request_id", None):
            line["request_id"] = request
        line.update({key: value for key, value in record.__dict__.items() if key not in self._PLAIN})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


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
logging.root.handlers = [HANDLER]
logging.root.setLevel(os.environ.get("LOG_LEVEL", "INFO").upper())
