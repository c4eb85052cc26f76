"""Structured logs: one JSON object per line, with the request id of the request.

Records below ERROR go to stdout, ERROR and above to stderr (see LOGGING in
config/settings/base.py). The request id comes from `RequestIdMiddleware`.
"""

import contextvars
import json
import logging
from datetime import UTC, datetime

request_id_var = contextvars.ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed in `extra=` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (None outside requests)."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class MaxLevelFilter(logging.Filter):
    """Passes records below `level` (so errors are not printed twice)."""

    def __init__(self, level="ERROR"):
        super().__init__()
        self.level = logging.getLevelName(level) if isinstance(level, str) else level

    def filter(self, record):
        return record.levelno < self.level


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", ...extra, "exc"}`."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(log_format, level="INFO"):
    """Logs go to stdout, errors to stderr; "json" gives one object per line with the
    request id (production), "plain" a readable line (development)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "ops.logging.RequestIdFilter"},
            "below_error": {"()": "ops.logging.MaxLevelFilter", "level": "ERROR"},
        },
        "formatters": {
            "plain": {
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s "
                "[%(request_id)s]"
            },
            "json": {"()": "ops.logging.JsonFormatter"},
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format,
                "filters": ["request_id", "below_error"],
            },
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": log_format,
                "filters": ["request_id"],
                "level": "ERROR",
            },
        },
        "root": {"handlers": ["stdout", "stderr"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
        },
    }
