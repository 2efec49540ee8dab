"""A request id on every request, its response (X-Request-ID) and every log line it causes."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

_current: ContextVar[str] = ContextVar("request_id", default="-")
# An id a proxy already gave the request is kept if it looks like one; anything else is replaced.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if _ACCEPTABLE.fullmatch(given) else uuid.uuid4().hex
        token = _current.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to log records ('-' outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


class OneLineWarning(logging.Filter):
    """Turns a record into a one-line warning: for refusals of what a client sent (a Host the site
    does not serve), which are the client's error, not the server's; each one logged at ERROR with
    its traceback would let anyone fill the log and wake whoever watches it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
