"""Every time the server reads or writes passes through here, so every face agrees on them.

Reading: ISO 8601 text (``2026-05-01T10:00:00.123Z``, ``…+02:00``) and OTLP's unix
nanoseconds. The one rule for a time without an offset (``2026-05-01T10:00:00``):

- **a time that records something** (a trace's timestamp, an event's time, a score's time,
  in a body, an ingestion envelope or a GraphQL input) **is refused** with a 400 naming the
  field: it is ambiguous (the client's local time? UTC?), and a guess would misplace the
  data by hours for good, unnoticed. Langfuse refuses it too;
- **a time that only selects** (a filter bound such as ``fromTimestamp``, in a query string
  or a GraphQL filter) **is read as UTC**, and may be a date alone (``2026-05-01``): a
  query is asked again at no cost, and people type dates.

Writing: UTC, ISO 8601 with milliseconds and ``Z`` (``2026-05-01T10:00:00.123Z``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from agenttrace.core.errors import Invalid

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utcnow() -> datetime:
    """The one clock of the core."""
    return datetime.now(UTC)


NEEDS_OFFSET = "needs Z or an offset (a time without one is ambiguous)"


def as_utc(value: datetime) -> datetime:
    """A recorded time in UTC; a naive one is a ``ValueError`` (for pydantic validators)."""
    if value.tzinfo is None:
        raise ValueError(NEEDS_OFFSET)
    return value.astimezone(UTC)


def bound_utc(value: datetime) -> datetime:
    """A filter bound in UTC; a naive one is read as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def read(value: Any, *, field: str) -> datetime:
    """ISO 8601 text as it is written, with or without an offset (see ``parse``, ``parse_bound``)."""
    if not isinstance(value, str):
        raise Invalid(f"{field} must be an ISO 8601 time, got {value!r}", field=field)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{field} {value!r} is not an ISO 8601 time", field=field) from None


def parse(value: Any, *, field: str) -> datetime:
    """A recorded time: ISO 8601 with ``Z`` or an offset, as aware UTC."""
    parsed = read(value, field=field)
    if parsed.tzinfo is None:
        raise Invalid(f"{field} {value!r} {NEEDS_OFFSET}", field=field)
    return parsed.astimezone(UTC)


def parse_bound(value: Any, *, field: str) -> datetime:
    """A filter bound: ISO 8601 date or time, UTC unless it says otherwise."""
    return bound_utc(read(value, field=field))


def from_unix_nanos(nanoseconds: int) -> datetime | None:
    """OTLP's times; 0 means unset. Integer arithmetic: a float of nanoseconds since 1970
    cannot hold microseconds exactly."""
    return _EPOCH + timedelta(microseconds=nanoseconds // 1000) if nanoseconds > 0 else None


def iso(value: datetime | None) -> str | None:
    """``2026-01-01T10:00:00.123Z``. Built from ``isoformat`` (C) rather than ``strftime``:
    a trace of 20,000 observations has 100,000 times to write."""
    if value is None:
        return None
    if value.utcoffset():
        value = value.astimezone(UTC)
    text = value.isoformat()
    return text[:23] + "Z" if value.microsecond else text[:19] + ".000Z"


def seconds_between(start: datetime | None, end: datetime | None) -> float | None:
    """Seconds from start to end; an end before its start (a client's clock) counts as 0.

    Stored times stay as sent: an update may arrive before the create that moves the
    start earlier, so clamping at write time would lose the real end.
    """
    return None if start is None or end is None else max(0.0, (end - start).total_seconds())
