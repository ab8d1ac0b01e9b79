"""Scores: evaluations of a trace, an observation, a session or a dataset run."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.tracing import views
from agenttrace.db.types import Row
from agenttrace.graphql.context import Context
from agenttrace.graphql.enums import ScoreDataType, ScoreSource

if TYPE_CHECKING:
    from agenttrace.graphql.types.observation import Observation
    from agenttrace.graphql.types.session import Session
    from agenttrace.graphql.types.trace import Trace

Info = strawberry.Info[Context, None]


@strawberry.type(description="A score: a number, a label or a boolean, about one subject.")
class Score:
    id: strawberry.ID
    project_id: strawberry.ID
    name: str
    value: float | None = strawberry.field(description="NUMERIC: the number; BOOLEAN: 1 or 0.")
    string_value: str | None = strawberry.field(
        description='CATEGORICAL: the label; BOOLEAN: "True" or "False".'
    )
    data_type: ScoreDataType  # type: ignore[valid-type]
    source: ScoreSource  # type: ignore[valid-type]
    trace_id: strawberry.ID | None
    observation_id: strawberry.ID | None
    session_id: strawberry.ID | None
    dataset_run_id: strawberry.ID | None
    comment: str | None
    metadata: JSON | None
    config_id: str | None
    queue_id: str | None
    author_user_id: str | None
    environment: str
    timestamp: datetime
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Score:
        return _from_row(row)

    @strawberry.field
    async def trace(
        self, info: Info
    ) -> Annotated[Trace, strawberry.lazy("agenttrace.graphql.types.trace")] | None:
        from agenttrace.graphql.types.trace import trace_or_none

        if self.trace_id is None:
            return None
        return trace_or_none(await info.context.loaders.trace_by_id.load(self.trace_id))

    @strawberry.field
    async def observation(
        self, info: Info
    ) -> Annotated[Observation, strawberry.lazy("agenttrace.graphql.types.observation")] | None:
        from agenttrace.graphql.types.observation import observation_or_none

        if self.observation_id is None:
            return None
        return observation_or_none(
            await info.context.loaders.observation_by_id.load(self.observation_id)
        )

    @strawberry.field
    async def session(
        self, info: Info
    ) -> Annotated[Session, strawberry.lazy("agenttrace.graphql.types.session")] | None:
        from agenttrace.graphql.types.session import session_or_none

        if self.session_id is None:
            return None
        return session_or_none(await info.context.loaders.session_by_id.load(self.session_id))


def score_or_none(row: Mapping[str, Any] | None) -> Score | None:
    return None if row is None else Score.from_row(row)


# The row's public fields as constructor arguments, compiled once (``core/views.py``).
_from_row: Callable[[Row], Score] = views.SCORE.writer(into=Score)
