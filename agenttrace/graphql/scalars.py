"""Scalars that answer as REST does: times in ISO 8601 UTC with milliseconds and ``Z``.

``DateTime`` reads ISO 8601 as written; where the value goes decides what a time without an
offset means (``core/time.py``): a filter bound reads it as UTC, a recorded time refuses it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types.scalar import ScalarDefinition

from agenttrace.core import time


def _parse_time(value: Any) -> datetime:
    return time.read(value, field="DateTime")


DATE_TIME: ScalarDefinition = strawberry.scalar(
    name="DateTime",
    description="A time in ISO 8601; answered in UTC with milliseconds, e.g. "
    "`2026-05-01T10:00:00.000Z`.",
    serialize=time.iso,
    parse_value=_parse_time,
)
SCALARS: dict[object, ScalarDefinition] = {datetime: DATE_TIME}
