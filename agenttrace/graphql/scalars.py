"""Scalars that answer as REST does: times in ISO 8601 UTC with milliseconds and ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry
from strawberry.types.scalar import ScalarDefinition

from agenttrace.core.errors import Invalid
from agenttrace.rest.format import iso


def _parse_time(value: Any) -> datetime:
    """ISO 8601 with ``Z`` or an offset; a time without one is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise Invalid(f"DateTime must be an ISO 8601 time, got {value!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


DATE_TIME: ScalarDefinition = strawberry.scalar(
    name="DateTime",
    description="A time in ISO 8601; answered in UTC with milliseconds, e.g. "
    "`2026-05-01T10:00:00.000Z`.",
    serialize=iso,
    parse_value=_parse_time,
)
SCALARS: dict[object, ScalarDefinition] = {datetime: DATE_TIME}
