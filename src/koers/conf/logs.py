"""Structured logs: one JSON object per line, with the id of the request that wrote it.

No personal data: a record carries time, level, logger, message, request id and (for the request log) the method,
the route name, the status and the duration; never the user, the client address, the query string or the path
(a path can hold an invitation token). Exceptions are logged with their type and traceback.
"""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("koers_request_id", default="")
_VALID_INCOMING = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# Attributes every LogRecord has; anything else came in through ``extra=`` and is copied when it is allowed.
_EXTRA_ALLOWED = {"method", "route", "status", "duration_ms", "task", "worker_id", "step"}


def current_request_id() -> str:
    return _request_id.get()


def new_request_id(incoming: str | None = None) -> str:
    """The request id: the proxy's ``X-Request-ID`` when it looks like one (letters, digits, ``.-_``, 8-64), else new."""
    if incoming and _VALID_INCOMING.match(incoming):
        return incoming
    return uuid.uuid4().hex


def set_request_id(value: str):
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record (empty outside a request)."""

    def filter(self, record):
        record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "tijd": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "niveau": record.levelname,
            "logger": record.name,
            "bericht": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or current_request_id(),
        }
        for key in sorted(_EXTRA_ALLOWED):
            if key in record.__dict__:
                entry[key] = record.__dict__[key]
        if record.exc_info:
            entry["uitzondering"] = record.exc_info[0].__name__ if record.exc_info[0] else ""
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, fmt: str, level: str, log_requests: bool) -> dict:
    """The LOGGING setting: JSON (``fmt="json"``) or readable text, always with the request id."""
    formatter = (
        {"()": "koers.conf.logs.JsonFormatter"}
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "koers.conf.logs.RequestIdFilter"}},
        "formatters": {"koers": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "koers", "filters": ["request_id"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's request logger passes the request object along; the formatter never writes it out.
            "django.request": {"level": "ERROR"},
            "koers.request": {"level": "INFO" if log_requests else "WARNING"},
        },
    }
