"""Traces: the row's fields as plain attributes (one query fills a page of them), and the
relations, each through a loader."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.agents import checkpoints, file_operations, git_links, terminal_commands
from agenttrace.core.tracing import listing, views
from agenttrace.core.tracing.filters import ObservationFilter
from agenttrace.core.tracing.skeleton import MAX_SKELETON, skeleton_limit
from agenttrace.db.types import Row
from agenttrace.graphql.connections import DEFAULT_FIRST, Connection, connection, known, page_size
from agenttrace.graphql.context import Context
from agenttrace.graphql.enums import Level, ObservationType, value_of, values
from agenttrace.graphql.loaders import observations_by_trace
from agenttrace.graphql.selection import node_fields, selected, wants_io
from agenttrace.graphql.types.skeleton import TraceSkeleton
from agenttrace.graphql.types.usage import Usage

if TYPE_CHECKING:
    from agenttrace.graphql.types.agent_records import (
        FileOperation,
        TerminalCommand,
        TraceAgentRecords,
    )
    from agenttrace.graphql.types.checkpoint import Checkpoint
    from agenttrace.graphql.types.ci_run import CiRun
    from agenttrace.graphql.types.evaluator import Evaluation
    from agenttrace.graphql.types.git_link import GitLink
    from agenttrace.graphql.types.observation import Observation
    from agenttrace.graphql.types.score import Score
    from agenttrace.graphql.types.session import Session

Info = strawberry.Info[Context, None]


@strawberry.type(description="One run of an app or agent: its observations, scores, totals.")
class Trace:
    id: strawberry.ID
    project_id: strawberry.ID
    name: str | None
    timestamp: datetime
    user_id: str | None
    session_id: str | None
    release: str | None
    version: str | None
    environment: str
    # Left out (null) when the row was read without its payloads.
    input: JSON | None = None
    output: JSON | None = None
    metadata: JSON | None = None
    input_preview: str | None = strawberry.field(
        description="The input in one line of at most 200 characters: a chat's last message "
        "with text, a string as it is, else compact JSON."
    )
    output_preview: str | None = strawberry.field(description="The output, as `inputPreview`.")
    input_bytes: int = strawberry.field(description="Size of the input's JSON text (0: none).")
    output_bytes: int
    metadata_bytes: int
    tags: list[str]
    public: bool
    bookmarked: bool
    level: Level = strawberry.field(  # type: ignore[valid-type]
        description="The highest of the trace's own level and its observations'."
    )
    status_message: str | None
    git_commit_sha: str | None
    git_branch: str | None
    git_repo_url: str | None
    start_time: datetime | None
    end_time: datetime | None
    latency: float | None = strawberry.field(
        description="Seconds from the first observation's start to the last one's end."
    )
    input_cost: float | None = strawberry.field(description="USD; null when nothing is priced.")
    output_cost: float | None
    total_cost: float | None
    usage: Usage | None = strawberry.field(
        description="Null when none of the trace's observations reported usage."
    )
    observation_count: int
    created_at: datetime
    updated_at: datetime
    html_path: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Trace:
        return _from_row(row)

    @strawberry.field(description="The trace's observations in start order, a page at a time.")
    async def observations(
        self,
        info: Info,
        types: list[ObservationType] | None = None,  # type: ignore[valid-type]
        level: Level | None = None,  # type: ignore[valid-type]
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[
        Annotated[Observation, strawberry.lazy("agenttrace.graphql.types.observation")]
    ]:
        from agenttrace.graphql.types.observation import Observation

        filter = ObservationFilter(types=values(types), level=value_of(level))
        loaders = info.context.loaders
        page = await loaders.observations_by_trace.load(
            (
                self.id,
                observations_by_trace.Arguments(
                    filter, page_size(first), after, wants_io(node_fields(info))
                ),
            )
        )

        async def count() -> int:
            return await loaders.observation_count_by_trace.load((self.id, filter))

        return connection(
            page,
            Observation.from_row,
            sort=listing.observation_sort(),
            after=after,
            count=known(self.observation_count) if filter == ObservationFilter() else count,
        )

    @strawberry.field(description="The observations without a parent, in start order.")
    async def root_observations(
        self, info: Info
    ) -> list[Annotated[Observation, strawberry.lazy("agenttrace.graphql.types.observation")]]:
        from agenttrace.graphql.types.observation import Observation

        rows = await info.context.loaders.root_observations_by_trace.load(
            (self.id, wants_io(selected(info)))
        )
        return [Observation.from_row(row) for row in rows]

    @strawberry.field(
        description="Every score of the trace and its observations, oldest first; "
        "`ownOnly`: only those given to the trace itself."
    )
    async def scores(
        self, info: Info, own_only: bool = False
    ) -> list[Annotated[Score, strawberry.lazy("agenttrace.graphql.types.score")]]:
        from agenttrace.graphql.types.score import Score

        loaders = info.context.loaders
        loader = loaders.own_scores_by_trace if own_only else loaders.scores_by_trace
        return [Score.from_row(row) for row in await loader.load(self.id)]

    @strawberry.field(
        description="The whole observation tree without payloads, in one statement: at most "
        f"`limit` observations (default and most {MAX_SKELETON:,})."
    )
    async def skeleton(self, info: Info, limit: int | None = None) -> TraceSkeleton:
        key = (str(self.id), skeleton_limit(limit))
        found = await info.context.loaders.skeleton_by_trace.load(key)
        return TraceSkeleton.from_core(found) if found else TraceSkeleton.empty()

    @strawberry.field
    async def session(
        self, info: Info
    ) -> Annotated[Session, strawberry.lazy("agenttrace.graphql.types.session")] | None:
        from agenttrace.graphql.types.session import session_or_none

        if self.session_id is None:
            return None
        return session_or_none(await info.context.loaders.session_by_id.load(self.session_id))

    # The agent records of the trace, oldest first (``graphql/loaders/records_by_trace.py``).

    @strawberry.field
    async def checkpoints(
        self, info: Info
    ) -> list[Annotated[Checkpoint, strawberry.lazy("agenttrace.graphql.types.checkpoint")]]:
        from agenttrace.graphql.types.checkpoint import Checkpoint

        rows = await info.context.loaders.records_by_trace.load(
            (checkpoints.KIND.resource, self.id)
        )
        return [Checkpoint.from_row(row) for row in rows]

    @strawberry.field
    async def git_links(
        self, info: Info
    ) -> list[Annotated[GitLink, strawberry.lazy("agenttrace.graphql.types.git_link")]]:
        from agenttrace.graphql.types.git_link import GitLink

        rows = await info.context.loaders.records_by_trace.load((git_links.KIND.resource, self.id))
        return [GitLink.from_row(row) for row in rows]

    @strawberry.field
    async def file_operations(
        self, info: Info
    ) -> list[Annotated[FileOperation, strawberry.lazy("agenttrace.graphql.types.agent_records")]]:
        from agenttrace.graphql.types.agent_records import FileOperation

        rows = await info.context.loaders.records_by_trace.load(
            (file_operations.KIND.resource, self.id)
        )
        return [FileOperation.from_row(row) for row in rows]

    @strawberry.field
    async def terminal_commands(
        self, info: Info
    ) -> list[
        Annotated[TerminalCommand, strawberry.lazy("agenttrace.graphql.types.agent_records")]
    ]:
        from agenttrace.graphql.types.agent_records import TerminalCommand

        rows = await info.context.loaders.records_by_trace.load(
            (terminal_commands.KIND.resource, self.id)
        )
        return [TerminalCommand.from_row(row) for row in rows]

    @strawberry.field(
        description="Every evaluator's outcome on the trace and its observations: scored, "
        "queued, filtered out, sampled out, mapping missing, failed or skipped, with why."
    )
    async def evaluations(
        self, info: Info
    ) -> list[Annotated[Evaluation, strawberry.lazy("agenttrace.graphql.types.evaluator")]]:
        from agenttrace.graphql.types.evaluator import Evaluation

        rows = await info.context.loaders.evaluations_by_trace.load(self.id)
        return [Evaluation.from_row(row) for row in rows]

    @strawberry.field(description="How many agent records it has, by kind (one count each).")
    async def agent_records(
        self, info: Info
    ) -> Annotated[TraceAgentRecords, strawberry.lazy("agenttrace.graphql.types.agent_records")]:
        from agenttrace.graphql.types.agent_records import TraceAgentRecords

        return TraceAgentRecords(**await info.context.loaders.agent_counts_by_trace.load(self.id))

    @strawberry.field(description="The CI runs the trace is attached to, newest first.")
    async def ci_runs(
        self, info: Info
    ) -> list[Annotated[CiRun, strawberry.lazy("agenttrace.graphql.types.ci_run")]]:
        from agenttrace.graphql.types.ci_run import CiRun

        rows = await info.context.loaders.ci_runs_by_trace.load(self.id)
        return [CiRun.from_row(row) for row in rows]


def trace_or_none(row: Row | None) -> Trace | None:
    return None if row is None else Trace.from_row(row)


# The row's public fields as constructor arguments, compiled once (``core/views.py``).
_from_row: Callable[[Row], Trace] = views.TRACE.writer(into=Trace)
