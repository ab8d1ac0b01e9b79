"""Metrics over the traces of a filter: totals, latency percentiles and usage per model.
Each part is one statement of ``core/metrics.py``, run only when the query selects it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from agenttrace.core.tracing import metrics
from agenttrace.core.tracing import series as time_series
from agenttrace.core.tracing.filters import TraceFilter
from agenttrace.graphql.context import Context
from agenttrace.graphql.types.usage import Usage

Info = strawberry.Info[Context, None]


@strawberry.type(description="Sums over the traces: the numbers each trace shows, added up.")
class MetricTotals:
    trace_count: int
    error_count: int = strawberry.field(
        description="Traces at level ERROR among them (the error rate's numerator)."
    )
    observation_count: int
    input_cost: float | None
    output_cost: float | None
    total_cost: float | None = strawberry.field(description="USD; null when nothing is priced.")
    usage: Usage


@strawberry.type(description="Trace latency in seconds, by nearest rank; null without traces.")
class LatencyPercentiles:
    p50: float | None
    p95: float | None
    p99: float | None


@strawberry.type(description="Usage and cost of the observations of one model.")
class ModelUsage:
    model: str | None = strawberry.field(description="Null for observations without a model.")
    observation_count: int
    trace_count: int
    usage: Usage
    total_cost: float | None = strawberry.field(
        description="USD; null when none of its observations had a price."
    )


@strawberry.enum(description="The width of a bucket of a metrics series (aligned on UTC).")
class TimeBucket(Enum):
    MINUTE_5 = "minute_5"
    HOUR = "hour"
    DAY = "day"


@strawberry.type(description="The traces of one bucket of time.")
class MetricBucket:
    start: datetime
    trace_count: int
    error_count: int
    total_cost: float | None = strawberry.field(description="USD; null: nothing priced.")
    usage: Usage
    latency: LatencyPercentiles


def _tokens(row: Mapping[str, Any], *keys: str) -> Usage:
    """Usage from a row's three token sums, named ``keys`` (input, output, total)."""
    input_tokens, output_tokens, total_tokens = (row[key] for key in keys)
    return Usage(input_tokens=input_tokens, output_tokens=output_tokens, total_tokens=total_tokens)


TOKENS = ("input_tokens", "output_tokens", "total_tokens")


def _bucket(found: Mapping[str, Any]) -> MetricBucket:
    latency = found["latency"]
    return MetricBucket(
        start=found["start"],
        trace_count=found["trace_count"],
        error_count=found["error_count"],
        total_cost=found["total_cost"],
        usage=_tokens(found, *TOKENS),
        latency=LatencyPercentiles(p50=latency[50], p95=latency[95], p99=latency[99]),
    )


def _model_usage(line: Mapping[str, Any]) -> ModelUsage:
    return ModelUsage(
        model=line["model"],
        observation_count=line["count_observations"],
        trace_count=line["count_traces"],
        usage=_tokens(line, "input_usage", "output_usage", "total_usage"),
        total_cost=line["priced_cost"],
    )


@strawberry.type(description="Metrics over the traces of a filter (all of them without one).")
class Metrics:
    filter: strawberry.Private[TraceFilter]
    project_id: strawberry.Private[str]

    @strawberry.field
    async def totals(self, info: Info) -> MetricTotals:
        database = info.context.database
        async with database.read() as session:
            row = await metrics.totals(
                session=session, project_id=self.project_id, filter=self.filter
            )
        return MetricTotals(
            trace_count=row["count_traces"],
            error_count=row["count_errors"],
            observation_count=row["count_observations"],
            input_cost=row["input_cost"],
            output_cost=row["output_cost"],
            total_cost=row["total_cost"],
            usage=_tokens(row, *TOKENS),
        )

    @strawberry.field
    async def latency(self, info: Info) -> LatencyPercentiles:
        database = info.context.database
        async with database.read() as session:
            found = await metrics.latency_percentiles(
                session=session, project_id=self.project_id, filter=self.filter
            )
        return LatencyPercentiles(p50=found[50], p95=found[95], p99=found[99])

    @strawberry.field(description="One line per model, by name; no model last.")
    async def usage_by_model(self, info: Info) -> list[ModelUsage]:
        database = info.context.database
        async with database.read() as session:
            lines = await metrics.usage_by_model(
                session=session, project_id=self.project_id, filter=self.filter
            )
        return [_model_usage(line) for line in lines]

    @strawberry.field(
        description="The filter's range cut in buckets, oldest first, empty ones included "
        "(without `fromTimestamp`: from the first trace's bucket; without `toTimestamp`: "
        "to now); at most 2,000 buckets."
    )
    async def series(self, info: Info, bucket: TimeBucket) -> list[MetricBucket]:
        async with info.context.database.read() as session:
            found = await time_series.series(
                session=session, project_id=self.project_id, filter=self.filter, bucket=bucket.value
            )
        return [_bucket(b) for b in found]
