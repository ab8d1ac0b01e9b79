"""A trace's tree as columns (``core/tracing/skeleton.py``): one statement, no loader."""

from __future__ import annotations

import strawberry

from agenttrace.core.tracing.skeleton import Skeleton
from agenttrace.graphql.enums import Level, ObservationType


@strawberry.type(
    description="The observation tree's rows without input, output or metadata, in start "
    "order, one list per field: the i-th entry of each list is the i-th observation."
)
class TraceSkeleton:
    truncated: bool = strawberry.field(description="More observations exist than were given.")
    ids: list[strawberry.ID]
    parent_ids: list[strawberry.ID | None] = strawberry.field(description="Null: a root.")
    types: list[ObservationType]  # type: ignore[valid-type]
    names: list[str | None]
    start_times: list[float] = strawberry.field(description="Epoch milliseconds.")
    end_times: list[float | None] = strawberry.field(
        description="Epoch milliseconds; null while running."
    )
    levels: list[Level]  # type: ignore[valid-type]
    total_tokens: list[int]
    total_costs: list[float | None] = strawberry.field(description="USD; null: unknown.")

    @classmethod
    def empty(cls) -> TraceSkeleton:
        return cls(
            truncated=False, ids=[], parent_ids=[], types=[], names=[], start_times=[],
            end_times=[], levels=[], total_tokens=[], total_costs=[],
        )  # fmt: skip

    @classmethod
    def from_core(cls, found: Skeleton) -> TraceSkeleton:
        return cls(
            truncated=found.truncated,
            ids=found.ids,  # type: ignore[arg-type]
            parent_ids=found.parent_ids,  # type: ignore[arg-type]
            types=found.types,
            names=found.names,
            start_times=found.start_times,
            end_times=found.end_times,
            levels=found.levels,
            total_tokens=found.total_tokens,
            total_costs=found.total_costs,
        )
