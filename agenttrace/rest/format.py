"""How REST answers write values: times as ISO-8601 UTC with milliseconds and ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(value: datetime | None) -> str | None:
    """``2026-01-01T10:00:00.123Z``. Built from ``isoformat`` (C) rather than ``strftime``:
    a trace of 20,000 observations has 100,000 times to write."""
    if value is None:
        return None
    if value.utcoffset():
        value = value.astimezone(UTC)
    text = value.isoformat()
    return text[:23] + "Z" if value.microsecond else text[:19] + ".000Z"
