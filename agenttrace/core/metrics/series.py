"""The series read: one metric's total over a time range, and its buckets, grouped by
attributes (cost by ``model``, tokens by ``user.id`` or ``session.id``…).

A sum's total is the sum of its deltas (``store.py`` made every cumulative point a delta);
a histogram's is the sum of its sums (with the count of observations); a gauge's is its
latest value. Points are grouped in Python after one indexed read of the range: the
attribute values a client picks have no column to group by in SQL on both dialects.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.errors import Invalid
from agenttrace.core.metrics.tables import METRIC_POINT

BUCKETS = {"minute": timedelta(minutes=1), "hour": timedelta(hours=1), "day": timedelta(days=1)}
MAX_GROUP_BY = 5


def _bucket_start(moment: datetime, width: timedelta) -> datetime:
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    steps = (moment - epoch) // width
    return epoch + steps * width


def _entry() -> dict[str, Any]:
    return {"total": 0.0, "count": 0, "points": 0, "latest": None, "buckets": {}}


def _add(entry: dict[str, Any], kind: str, row: Any, bucket: datetime) -> None:
    entry["points"] += 1
    value = float(row["value"])
    slot = entry["buckets"].setdefault(bucket, {"value": 0.0, "count": 0, "latest": None})
    if kind == "gauge":
        if entry["latest"] is None or row["end_time"] >= entry["latest"]:
            entry["latest"], entry["total"] = row["end_time"], value
        if slot["latest"] is None or row["end_time"] >= slot["latest"]:
            slot["latest"], slot["value"] = row["end_time"], value
        return
    entry["total"] += value
    slot["value"] += value
    if row["count"] is not None:
        entry["count"] += int(row["count"])
        slot["count"] += int(row["count"])


def _shape(entry: dict[str, Any], kind: str) -> dict[str, Any]:
    shaped: dict[str, Any] = {
        "total": entry["total"],
        "points": entry["points"],
        "buckets": [
            {"start": start, "value": slot["value"], **({"count": slot["count"]}
                                                        if kind == "histogram" else {})}
            for start, slot in sorted(entry["buckets"].items())
        ],
    }  # fmt: skip
    if kind == "histogram":
        shaped["count"] = entry["count"]
    return shaped


async def series(
    *,
    session: AsyncSession,
    project_id: str,
    name: str,
    group_by: Sequence[str] = (),
    start: datetime | None = None,
    end: datetime | None = None,
    bucket: str = "hour",
) -> dict[str, Any]:
    """``start`` inclusive, ``end`` exclusive, on the points' end times."""
    if not name:
        raise Invalid("name is required: the metric's name", field="name")
    if len(group_by) > MAX_GROUP_BY:
        raise Invalid(f"groupBy takes at most {MAX_GROUP_BY} attributes", field="groupBy")
    if bucket not in BUCKETS:
        raise Invalid(f"bucket must be one of {', '.join(BUCKETS)}", field="bucket")
    table = METRIC_POINT
    conditions = [table.c.project_id == project_id, table.c.name == name]
    if start is not None:
        conditions.append(table.c.end_time >= start)
    if end is not None:
        conditions.append(table.c.end_time < end)
    result = await session.execute(
        select(
            table.c.kind, table.c.unit, table.c.attributes, table.c.end_time,
            table.c.value, table.c.count,
        ).where(*conditions)
    )  # fmt: skip
    width = BUCKETS[bucket]
    overall = _entry()
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    kind, unit = "sum", ""
    for row in result.mappings():
        kind, unit = row["kind"], row["unit"]
        moment = _bucket_start(row["end_time"], width)
        _add(overall, kind, row, moment)
        if group_by:
            attributes = row["attributes"] or {}
            key = tuple(_key_value(attributes.get(attribute)) for attribute in group_by)
            _add(groups.setdefault(key, _entry()), kind, row, moment)
    answer: dict[str, Any] = {
        "name": name,
        "unit": unit,
        "kind": kind,
        "group_by": list(group_by),
        "bucket": bucket,
        **_shape(overall, kind),
    }
    answer["groups"] = [
        {"key": dict(zip(group_by, key, strict=True)), **_shape(entry, kind)}
        for key, entry in sorted(groups.items(), key=lambda item: -item[1]["total"])
    ]
    return answer


def _key_value(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
