"""The root fields of coding-agent records: each by id and as a keyset connection with
the filters ``/v1`` takes, the stats, the per-commit timeline, a trace's replay and the
comparison of two runs. Every field checks ``agents:read`` and reads through the core
function its REST route calls."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import strawberry

from agenttrace.core.agents import (
    checkpoints,
    ci_run_reads,
    ci_runs,
    compare,
    diffs,
    file_operations,
    git_links,
    listing,
    replay,
    terminal_commands,
    timeline,
)
from agenttrace.core.agents.blobs import blob_store
from agenttrace.core.agents.listing import RecordKind
from agenttrace.core.errors import NotFound
from agenttrace.graphql.agent_inputs import (
    CheckpointFilterInput,
    CiRunFilterInput,
    FileOperationFilterInput,
    GitLinkFilterInput,
    TerminalCommandFilterInput,
    to_core,
)
from agenttrace.graphql.connections import DEFAULT_FIRST, Connection, connection, known, page_size
from agenttrace.graphql.context import Context
from agenttrace.graphql.selection import selected
from agenttrace.graphql.types.agent_records import (
    FileOperation,
    FileOperationStats,
    TerminalCommand,
    TerminalCommandStats,
)
from agenttrace.graphql.types.checkpoint import Checkpoint, CheckpointDiff
from agenttrace.graphql.types.ci_run import CiRun, CiRunStats
from agenttrace.graphql.types.git_link import GitLink, TimelineCommit
from agenttrace.graphql.types.replay import Replay, ReplayComparison
from agenttrace.web.documents import document_json
from agenttrace.web.state import settings

Info = strawberry.Info[Context, None]
T = TypeVar("T")


async def _one(info: Info, kind: RecordKind, record_id: str) -> Mapping[str, Any]:
    principal = info.context.principal("agents:read")
    async with info.context.database.read() as session:
        return await listing.one(
            session=session, kind=kind, project_id=principal.project_id, record_id=record_id
        )


async def _list(
    info: Info,
    kind: RecordKind,
    make: Callable[[Mapping[str, Any]], T],
    filter: object | None,
    first: int,
    after: str | None,
) -> Connection[T]:
    principal = info.context.principal("agents:read")
    async with info.context.database.read() as session:
        page = await listing.page(
            session=session,
            kind=kind,
            project_id=principal.project_id,
            filter=to_core(filter),
            limit=page_size(first),
            cursor=after,
            count="totalCount" in selected(info),
        )
        if kind is ci_runs.KIND:
            rows = await ci_run_reads.with_totals(
                session=session, project_id=principal.project_id, rows=page.rows
            )
            page = type(page)(rows, page.has_more, page.next_cursor, page.total)
    return connection(page, make, sort=kind.sort(), after=after, count=known(page.total or 0))


@strawberry.type
class AgentsQuery:
    @strawberry.field
    async def checkpoint(self, info: Info, id: strawberry.ID) -> Checkpoint:
        return Checkpoint.from_row(await _one(info, checkpoints.KIND, id))

    @strawberry.field(
        description="What changed from `againstId` (the older side) to `checkpointId`: "
        "files added, removed and changed, with a unified diff of each text file whose "
        "two sides are stored (REST's `/v1/checkpoints/{id}/diff`)."
    )
    async def checkpoint_diff(
        self, info: Info, checkpoint_id: strawberry.ID, against_id: strawberry.ID
    ) -> CheckpointDiff:
        principal = info.context.principal("agents:read")
        async with info.context.database.read() as session:
            found = await diffs.diff(
                session=session, blobs=blob_store(settings(info.context.request)),
                project_id=principal.project_id, checkpoint_id=checkpoint_id,
                against_id=against_id,
            )  # fmt: skip
        return CheckpointDiff.from_document(found)

    @strawberry.field(description="Newest first.")
    async def checkpoints(
        self,
        info: Info,
        filter: CheckpointFilterInput | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[Checkpoint]:
        return await _list(info, checkpoints.KIND, Checkpoint.from_row, filter, first, after)

    @strawberry.field
    async def git_link(self, info: Info, id: strawberry.ID) -> GitLink:
        return GitLink.from_row(await _one(info, git_links.KIND, id))

    @strawberry.field(description="Newest first.")
    async def git_links(
        self,
        info: Info,
        filter: GitLinkFilterInput | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[GitLink]:
        return await _list(info, git_links.KIND, GitLink.from_row, filter, first, after)

    @strawberry.field(description="Newest commit first, each with the change from the previous.")
    async def git_timeline(
        self,
        info: Info,
        branch: str | None = None,
        repo_url: str | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[TimelineCommit]:
        principal = info.context.principal("agents:read")
        async with info.context.database.read() as session:
            page = await timeline.timeline(
                session=session, project_id=principal.project_id, branch=branch,
                repo_url=repo_url, limit=page_size(first), cursor=after,
            )  # fmt: skip
        return connection(
            page, TimelineCommit.from_row, sort=timeline.SORT, after=after,
            count=known(page.total or 0),
        )  # fmt: skip

    @strawberry.field(description="One commit's figures over every trace tied to it.")
    async def git_commit(self, info: Info, sha: str) -> TimelineCommit:
        principal = info.context.principal("agents:read")
        async with info.context.database.read() as session:
            found = await timeline.commit(session=session, project_id=principal.project_id, sha=sha)
        if found is None:
            raise NotFound("commit", sha)
        return TimelineCommit.from_row(found)

    @strawberry.field
    async def ci_run(self, info: Info, id: strawberry.ID) -> CiRun:
        principal = info.context.principal("agents:read")
        async with info.context.database.read() as session:
            row = await ci_run_reads.get(
                session=session, project_id=principal.project_id, run_id=id
            )
        return CiRun.from_row(row)

    @strawberry.field(description="The newest run with this provider run id.")
    async def ci_run_by_provider_run_id(
        self, info: Info, provider_run_id: str, provider: str | None = None
    ) -> CiRun:
        principal = info.context.principal("agents:read")
        async with info.context.database.read() as session:
            row = await ci_run_reads.by_provider_run_id(
                session=session, project_id=principal.project_id,
                provider_run_id=provider_run_id, provider=provider,
            )  # fmt: skip
        return CiRun.from_row(row)

    @strawberry.field(description="Newest first (by start).")
    async def ci_runs(
        self,
        info: Info,
        filter: CiRunFilterInput | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[CiRun]:
        return await _list(info, ci_runs.KIND, CiRun.from_row, filter, first, after)

    @strawberry.field
    async def ci_run_stats(self, info: Info, filter: CiRunFilterInput | None = None) -> CiRunStats:
        principal = info.context.principal("agents:read")
        async with info.context.database.read() as session:
            found = await ci_run_reads.stats(
                session=session, project_id=principal.project_id, filter=to_core(filter)
            )
        return CiRunStats(**found)

    @strawberry.field
    async def file_operation(self, info: Info, id: strawberry.ID) -> FileOperation:
        return FileOperation.from_row(await _one(info, file_operations.KIND, id))

    @strawberry.field(description="Newest first.")
    async def file_operations(
        self,
        info: Info,
        filter: FileOperationFilterInput | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[FileOperation]:
        return await _list(info, file_operations.KIND, FileOperation.from_row, filter, first, after)

    @strawberry.field
    async def file_operation_stats(
        self, info: Info, filter: FileOperationFilterInput | None = None
    ) -> FileOperationStats:
        principal = info.context.principal("agents:read")
        async with info.context.database.read() as session:
            found = await file_operations.stats(
                session=session, project_id=principal.project_id, filter=to_core(filter)
            )
        return FileOperationStats(**found)

    @strawberry.field
    async def terminal_command(self, info: Info, id: strawberry.ID) -> TerminalCommand:
        return TerminalCommand.from_row(await _one(info, terminal_commands.KIND, id))

    @strawberry.field(description="Newest first.")
    async def terminal_commands(
        self,
        info: Info,
        filter: TerminalCommandFilterInput | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[TerminalCommand]:
        return await _list(
            info, terminal_commands.KIND, TerminalCommand.from_row, filter, first, after
        )

    @strawberry.field
    async def terminal_command_stats(
        self, info: Info, filter: TerminalCommandFilterInput | None = None
    ) -> TerminalCommandStats:
        principal = info.context.principal("agents:read")
        async with info.context.database.read() as session:
            found = await terminal_commands.stats(
                session=session, project_id=principal.project_id, filter=to_core(filter)
            )
        return TerminalCommandStats(**found)

    @strawberry.field(description="A trace's observations and agent records in time order.")
    async def replay(self, info: Info, trace_id: strawberry.ID, include_io: bool = False) -> Replay:
        principal = info.context.principal("traces:read")
        info.context.principal("agents:read")
        async with info.context.database.read() as session:
            found = await replay.replay(
                session=session, project_id=principal.project_id, trace_id=trace_id,
                with_io=include_io,
            )  # fmt: skip
        return Replay.from_document(_json_parts(found, ("git_context",), within="events"))

    @strawberry.field(description="What run 2 did that run 1 did not, and back; the deltas.")
    async def compare_replays(
        self, info: Info, trace_id1: strawberry.ID, trace_id2: strawberry.ID
    ) -> ReplayComparison:
        principal = info.context.principal("traces:read")
        info.context.principal("agents:read")
        async with info.context.database.read() as session:
            found = await compare.compare(
                session=session, project_id=principal.project_id, trace_id1=trace_id1,
                trace_id2=trace_id2,
            )  # fmt: skip
        return ReplayComparison.from_document(
            _json_parts(found, ("differences", "files", "deltas"))
        )


def _json_parts(
    found: Mapping[str, Any], names: tuple[str, ...], *, within: str | None = None
) -> dict[str, Any]:
    """The document with its ``JSON`` fields (and each ``within`` item's ``data``) spelt as
    REST spells them."""
    result = {**found, **{name: document_json(found[name]) for name in names}}
    if within is not None:
        result[within] = [{**item, "data": document_json(item["data"])} for item in found[within]]
    return result
