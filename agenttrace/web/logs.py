"""How the server's log lines look: plain text (the default, for people) or one JSON object
a line (``AGENTTRACE_LOG_FORMAT=json``, for collectors).

The access line of each request comes from ``middleware/observe.py`` with its fields in
``extra``; the JSON format writes those fields as keys. Nothing here adds a header, a
key or a body: what is logged is only what the call sites pass.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Literal

import orjson

# The ``extra`` fields of the access line, under the JSON keys they are written as.
ACCESS_FIELDS = {
    "request_id": "requestId",
    "project_id": "project",
    "method": "method",
    "route": "route",
    "status": "status",
    "duration_ms": "durationMs",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for attribute, key in ACCESS_FIELDS.items():
            if attribute in record.__dict__:
                line[key] = record.__dict__[attribute]
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def configure(level: str, log_format: Literal["text", "json"]) -> None:
    """Set the root handler once, for our loggers and uvicorn's (whose access log is off:
    ours has the route template instead of the raw path and query)."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter("%(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("alembic").setLevel(logging.WARNING)
