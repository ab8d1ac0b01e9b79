"""The dashboard's numbers over time: the traces of a filter cut in equal buckets of time,
each with the same sums as ``metrics.totals`` (traces, errors, cost, tokens) and its
latency percentiles. Two statements whatever the number of buckets: one grouped sum and
one window query for the percentiles.

Buckets are aligned on the UTC epoch (a day bucket is a UTC day), oldest first, and empty
buckets are answered too, so a chart needs no filling in. Without ``from_timestamp`` the
range starts at the bucket of the first matching trace; without ``to_timestamp`` it ends
now.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    case,
    extract,
    func,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.errors import Invalid
from agenttrace.core.time import bound_utc, utcnow
from agenttrace.core.tracing import listing, metrics
from agenttrace.core.tracing.filters import TraceFilter
from agenttrace.core.tracing.tables import TRACE
from agenttrace.db import sql
from agenttrace.db.types import to_micros

BUCKETS = {"minute_5": 300, "hour": 3600, "day": 86_400}
# More buckets than a chart can show is a mistake in the range or the bucket.
MAX_BUCKETS = 2000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def bucket_seconds(bucket: str) -> int:
    if bucket not in BUCKETS:
        raise Invalid(f"bucket must be one of {', '.join(BUCKETS)}", field="bucket")
    return BUCKETS[bucket]


def _floor(moment: datetime, seconds: int) -> datetime:
    return _EPOCH + timedelta(seconds=int((moment - _EPOCH).total_seconds()) // seconds * seconds)


def _bucket_of(column: ColumnElement[Any], seconds: int, dialect: sql.Dialect) -> Any:
    """The bucket number (epoch seconds // width) of a time column, in SQL."""
    width: ColumnElement[int] = literal_column(str(seconds))
    if dialect == "postgresql":
        return func.floor(extract("epoch", column) / width)
    micros = type_coerce(column, BigInteger()) // literal_column("1000000")
    return micros // width


async def series(
    *, session: AsyncSession, project_id: str, filter: TraceFilter, bucket: str
) -> list[dict[str, Any]]:
    seconds = bucket_seconds(bucket)
    dialect = sql.dialect_of(session)
    conditions = listing.trace_conditions(project_id, filter, dialect)
    number = _bucket_of(TRACE.c.timestamp, seconds, dialect).label("bucket")
    result = await session.execute(
        select(
            number,
            func.count().label("trace_count"),
            func.sum(case((TRACE.c.level == "ERROR", 1), else_=0)).label("error_count"),
            func.sum(TRACE.c.total_cost).label("total_cost"),
            func.sum(TRACE.c.input_tokens).label("input_tokens"),
            func.sum(TRACE.c.output_tokens).label("output_tokens"),
            func.sum(TRACE.c.total_tokens).label("total_tokens"),
        )
        .where(*conditions)
        .group_by(number)
    )
    sums = {int(row["bucket"]): row for row in result.mappings()}
    end = bound_utc(filter.to_timestamp) if filter.to_timestamp else utcnow()
    if filter.from_timestamp is not None:
        start = _floor(bound_utc(filter.from_timestamp), seconds)
    elif sums:
        start = _EPOCH + timedelta(seconds=min(sums) * seconds)
    else:
        return []
    first = int((start - _EPOCH).total_seconds()) // seconds
    last = (to_micros(end) - 1) // 1_000_000 // seconds
    if last - first + 1 > MAX_BUCKETS:
        raise Invalid(
            f"the range holds more than {MAX_BUCKETS} buckets of this size", field="bucket"
        )
    latencies = await metrics.grouped_latency_percentiles(session, conditions, number)
    empty = dict.fromkeys(metrics.LATENCY_PERCENTILES)
    return [
        _bucket(at, seconds, sums.get(at), {int(k): v for k, v in latencies.items()}.get(at, empty))
        for at in range(first, last + 1)
    ]


def _bucket(at: int, seconds: int, row: Any, latency: dict[int, float | None]) -> dict[str, Any]:
    def whole(key: str) -> int:
        return int(row[key] or 0) if row is not None else 0

    return {
        "start": _EPOCH + timedelta(seconds=at * seconds),
        "trace_count": whole("trace_count"),
        "error_count": whole("error_count"),
        "total_cost": None
        if row is None or row["total_cost"] is None
        else float(row["total_cost"]),
        "input_tokens": whole("input_tokens"),
        "output_tokens": whole("output_tokens"),
        "total_tokens": whole("total_tokens"),
        "latency": latency,
    }
