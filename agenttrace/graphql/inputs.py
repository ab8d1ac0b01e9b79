"""Filter and order inputs; each turns into the core's typed filter, the very one REST fills,
so a filter selects the same rows through every face."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.pages import Sort
from agenttrace.core.tracing import listing
from agenttrace.core.tracing.filters import (
    ObservationFilter,
    ScoreFilter,
    SessionFilter,
    TraceFilter,
)
from agenttrace.graphql.enums import (
    Level,
    ObservationType,
    ScoreDataType,
    ScoreSource,
    SortDirection,
    TraceOrderField,
    values,
)


@strawberry.input(description="A top-level metadata key and the value it must hold, as text.")
class MetadataMatchInput:
    key: str
    value: str


@strawberry.input(description="Traces that match every given field.")
class TraceFilterInput:
    ids: list[strawberry.ID] | None = None
    user_id: str | None = None
    session_id: str | None = None
    name: str | None = None
    tags: list[str] | None = strawberry.field(default=None, description="All of them.")
    environments: list[str] | None = strawberry.field(default=None, description="Any of them.")
    release: str | None = None
    version: str | None = None
    level: Level | None = None  # type: ignore[valid-type]
    from_timestamp: datetime | None = strawberry.field(default=None, description="Inclusive.")
    to_timestamp: datetime | None = strawberry.field(default=None, description="Exclusive.")
    bookmarked: bool | None = None
    git_commit_sha: str | None = None
    git_branch: str | None = None
    levels: list[Level] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of them."
    )
    models: list[str] | None = strawberry.field(
        default=None, description="Traces with an observation of any of these models."
    )
    metadata: list[MetadataMatchInput] | None = strawberry.field(
        default=None, description="Every pair must equal the trace's metadata value as text."
    )
    search: str | None = strawberry.field(
        default=None,
        description="Words of the name, input or output: each word of the search must start "
        "a word there (full-text; combined with the other fields and the time range).",
    )

    def to_core(self) -> TraceFilter:
        return TraceFilter(
            ids=tuple(self.ids or ()),
            user_id=self.user_id,
            session_id=self.session_id,
            name=self.name,
            tags=tuple(self.tags or ()),
            environments=tuple(self.environments or ()),
            release=self.release,
            version=self.version,
            level=self.level.value if self.level else None,
            from_timestamp=self.from_timestamp,
            to_timestamp=self.to_timestamp,
            bookmarked=self.bookmarked,
            git_commit_sha=self.git_commit_sha,
            git_branch=self.git_branch,
            levels=values(self.levels),
            models=tuple(self.models or ()),
            metadata=tuple((m.key, m.value) for m in self.metadata or ()),
            search=self.search,
        )


def trace_filter(given: TraceFilterInput | None) -> TraceFilter:
    return given.to_core() if given is not None else TraceFilter()


@strawberry.input(description="Order of a list of traces; unknown values come last.")
class TraceOrder:
    field: TraceOrderField = TraceOrderField.TIMESTAMP
    direction: SortDirection = SortDirection.DESC


def trace_sort(order: TraceOrder | None) -> Sort:
    order = order or TraceOrder()
    return listing.trace_sort(order.field.value, order.direction.value)


@strawberry.input(description="Observations that match every given field.")
class ObservationFilterInput:
    trace_id: strawberry.ID | None = None
    types: list[ObservationType] | None = None  # type: ignore[valid-type]
    name: str | None = None
    level: Level | None = None  # type: ignore[valid-type]
    parent_observation_id: strawberry.ID | None = strawberry.field(
        default=None, description='"" selects observations without a parent.'
    )
    environments: list[str] | None = None
    version: str | None = None
    from_start_time: datetime | None = None
    to_start_time: datetime | None = None
    user_id: str | None = None
    session_id: str | None = None

    def to_core(self) -> ObservationFilter:
        return ObservationFilter(
            trace_id=self.trace_id,
            types=values(self.types),
            name=self.name,
            level=self.level.value if self.level else None,
            parent_observation_id=self.parent_observation_id,
            environments=tuple(self.environments or ()),
            version=self.version,
            from_start_time=self.from_start_time,
            to_start_time=self.to_start_time,
            user_id=self.user_id,
            session_id=self.session_id,
        )


@strawberry.input(description="Scores that match every given field.")
class ScoreFilterInput:
    trace_id: strawberry.ID | None = None
    observation_ids: list[strawberry.ID] | None = None
    session_id: strawberry.ID | None = None
    dataset_run_id: strawberry.ID | None = None
    names: list[str] | None = None
    sources: list[ScoreSource] | None = None  # type: ignore[valid-type]
    data_types: list[ScoreDataType] | None = None  # type: ignore[valid-type]
    environments: list[str] | None = None
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None
    user_id: str | None = None
    value_min: float | None = strawberry.field(default=None, description="Inclusive.")
    value_max: float | None = strawberry.field(default=None, description="Inclusive.")

    def to_core(self) -> ScoreFilter:
        return ScoreFilter(
            trace_id=self.trace_id,
            observation_ids=tuple(self.observation_ids or ()),
            session_id=self.session_id,
            dataset_run_id=self.dataset_run_id,
            names=tuple(self.names or ()),
            sources=values(self.sources),
            data_types=values(self.data_types),
            environments=tuple(self.environments or ()),
            from_timestamp=self.from_timestamp,
            to_timestamp=self.to_timestamp,
            user_id=self.user_id,
            value_min=self.value_min,
            value_max=self.value_max,
        )


@strawberry.input(description="Sessions created in a time range or environment, or of a user.")
class SessionFilterInput:
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None
    environments: list[str] | None = None
    user_id: str | None = strawberry.field(
        default=None, description="Sessions with at least one trace of this user."
    )

    def to_core(self) -> SessionFilter:
        return SessionFilter(
            from_timestamp=self.from_timestamp,
            to_timestamp=self.to_timestamp,
            environments=tuple(self.environments or ()),
            user_id=self.user_id,
        )


@strawberry.input(description="A score; the same fields as `POST /v1/scores`.")
class ScoreInput:
    id: strawberry.ID | None = strawberry.field(
        default=None, description="Given again, the score is updated (its fields merge)."
    )
    name: str
    value: float | None = strawberry.field(
        default=None, description="NUMERIC: the number; BOOLEAN: 1 or 0."
    )
    string_value: str | None = strawberry.field(
        default=None, description='CATEGORICAL: the label; BOOLEAN: "true" or "false".'
    )
    data_type: ScoreDataType | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Inferred from the value when not given."
    )
    source: ScoreSource | None = None  # type: ignore[valid-type]
    trace_id: strawberry.ID | None = None
    observation_id: strawberry.ID | None = None
    session_id: strawberry.ID | None = None
    dataset_run_id: strawberry.ID | None = None
    comment: str | None = None
    metadata: JSON | None = None
    config_id: str | None = None
    queue_id: str | None = None
    author_user_id: str | None = None
    environment: str | None = None
    timestamp: datetime | None = None


@strawberry.input(
    description="Fields to merge into a trace: absent or null fields keep their value, "
    "tags are added to the trace's, metadata keys are merged into its metadata."
)
class TraceUpdateInput:
    name: str | None = None
    tags: list[str] | None = None
    public: bool | None = None
    bookmarked: bool | None = None
    metadata: JSON | None = None
