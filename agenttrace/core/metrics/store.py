"""Storing OTLP metric points: every point a row, what it adds up to in ``value``.

- A delta sum's value is the point's value: deltas are added up by the reads.
- A cumulative sum is turned into deltas per stream (same name, unit, kind and
  attributes): each point's delta is its value less the previous point's of the stream,
  ordered by end time. A reset (a new start time, or a value below the previous one) starts
  over: the delta is the value itself. The stream's points from the earliest new one on are
  recomputed (read with the one point before them), so points arriving out of order still
  give the right deltas, and an export reads only the tail of each stream.
- Gauges and histograms are kept as sent (a histogram's value is its sum).

Point ids come from the stream and the point's times, so a re-sent export overwrites
itself with the same values. Retention deletes old points with the project's traces
(``core/retention.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.metrics.tables import METRIC_POINT
from agenttrace.core.telemetry.metrics_decode import Point
from agenttrace.core.time import from_unix_nanos, utcnow
from agenttrace.db import bulk, sql

# Streams read in one statement (bound parameters stay well under every limit).
STREAMS_PER_READ = 500


def stream_key(point: Point) -> str:
    identity = [point.name, point.unit, point.kind, point.temporality, point.attributes]
    return hashlib.sha256(orjson.dumps(identity, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _row(point: Point, project_id: str, stream: str, now: datetime) -> dict[str, Any]:
    end = from_unix_nanos(point.end_ns) or now
    point_id = hashlib.sha256(f"{stream}:{point.start_ns}:{point.end_ns}".encode()).hexdigest()
    return {
        "project_id": project_id,
        "id": point_id,
        "name": point.name,
        "unit": point.unit,
        "kind": point.kind,
        "temporality": point.temporality,
        "monotonic": point.monotonic,
        "stream_key": stream,
        "attributes": point.attributes,
        "start_time": from_unix_nanos(point.start_ns),
        "end_time": end,
        "value": point.value,
        "raw_value": point.value,
        "count": point.count,
        "data": point.data,
        "created_at": now,
    }


def _deltas(points: list[dict[str, Any]], previous: dict[str, Any] | None = None) -> None:
    """Set each cumulative point's ``value`` to its delta, in end-time order, in place;
    ``previous``: the stream's point before them (kept as it is)."""
    for point in sorted(points, key=lambda p: (p["end_time"], p["id"])):
        raw = point["raw_value"]
        reset = (
            previous is None
            or point["start_time"] != previous["start_time"]
            or raw < previous["raw_value"]
        )
        point["value"] = raw if reset or previous is None else raw - previous["raw_value"]
        previous = point


async def store_points(*, session: AsyncSession, project_id: str, points: Sequence[Point]) -> int:
    """Store ``points`` (in the caller's transaction); how many rows were written."""
    now = utcnow()
    rows: dict[str, dict[str, Any]] = {}
    cumulative: dict[str, list[dict[str, Any]]] = {}
    for point in points:
        stream = stream_key(point)
        row = _row(point, project_id, stream, now)
        rows[row["id"]] = row
        if point.kind == "sum" and point.temporality == "cumulative":
            cumulative.setdefault(stream, []).append(row)
    if cumulative:
        await _cumulative_deltas(session, project_id, cumulative, rows)
    await bulk.upsert(session, METRIC_POINT, list(rows.values()))
    return len(rows)


async def _cumulative_deltas(
    session: AsyncSession,
    project_id: str,
    streams: dict[str, list[dict[str, Any]]],
    rows: dict[str, dict[str, Any]],
) -> None:
    """Recompute the deltas of each stream's stored and new points together, from the
    earliest new point on; stored points whose delta changes (a late point landed before
    them) are rewritten too."""
    table = METRIC_POINT
    keys = sorted(streams)
    # Two exports of one stream at once would each miss the other's points.
    await sql.lock(session, (sql.lock_key("metric", project_id, key) for key in keys))
    floor = min(point["end_time"] for new in streams.values() for point in new)
    stored: dict[str, list[dict[str, Any]]] = {key: [] for key in keys}
    before: dict[str, dict[str, Any]] = {}
    for start in range(0, len(keys), STREAMS_PER_READ):
        chunk = keys[start : start + STREAMS_PER_READ]
        mine = (table.c.project_id == project_id, table.c.stream_key.in_(chunk))
        result = await session.execute(select(table).where(*mine, table.c.end_time >= floor))
        for found in result.mappings():
            stored[found["stream_key"]].append(dict(found))
        latest = (
            select(table.c.stream_key, func.max(table.c.end_time).label("end_time"))
            .where(*mine, table.c.end_time < floor)
            .group_by(table.c.stream_key)
            .subquery()
        )
        result = await session.execute(
            select(table)
            .join(
                latest,
                and_(
                    table.c.stream_key == latest.c.stream_key,
                    table.c.end_time == latest.c.end_time,
                ),
            )
            .where(table.c.project_id == project_id)
        )
        for found in result.mappings():
            before[found["stream_key"]] = dict(found)
    for key, new in streams.items():
        merged = {point["id"]: point for point in stored[key]}
        values = {point_id: point["value"] for point_id, point in merged.items()}
        merged.update({point["id"]: point for point in new})
        _deltas(list(merged.values()), previous=before.get(key))
        for point_id, point in merged.items():
            if point_id not in rows and values.get(point_id) != point["value"]:
                rows[point_id] = point
