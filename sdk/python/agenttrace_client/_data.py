"""Ids, times and JSON-safe values, in the shapes the server expects.

Trace ids are 32 hex characters and observation ids 16 (the W3C shapes the server
generates itself); records, scores and event envelopes get UUIDs.
"""

from __future__ import annotations

import dataclasses
import secrets
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import PurePath
from typing import Any

MAX_DEPTH = 20
MAX_STRING = 100_000


def trace_id() -> str:
    return secrets.token_hex(16)


def observation_id() -> str:
    return secrets.token_hex(8)


def new_uuid() -> str:
    return str(uuid.uuid4())


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds and ``Z``."""
    return iso(datetime.now(UTC))


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a naive time is the machine's local time
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def jsonable(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` that JSON can carry, taken now (later changes to the caller's
    objects do not reach what is sent). Unknown objects become their ``repr``."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if len(value) <= MAX_STRING else value[:MAX_STRING] + "…"
    if depth >= MAX_DEPTH:
        return "…"
    if isinstance(value, Mapping):
        return {str(key): jsonable(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item, depth + 1) for item in value]
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date | PurePath | uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return jsonable(value.value, depth + 1)
    if isinstance(value, bytes | bytearray):
        return f"<{len(value)} bytes>"
    dump = getattr(value, "model_dump", None)  # pydantic models (the OpenAI SDK's types too)
    if callable(dump):
        try:
            return jsonable(dump(), depth + 1)
        except Exception:
            pass
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value), depth + 1)
    return repr(value)[:MAX_STRING]


def time_value(value: datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return iso(value)


def compact(values: Mapping[str, Any]) -> dict[str, Any]:
    """Leave out unset (None) values: absent means "keep" to the server's merge."""
    return {key: value for key, value in values.items() if value is not None}
