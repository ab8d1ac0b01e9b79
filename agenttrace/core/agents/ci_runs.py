"""CI runs: a pipeline run that collects traces, with totals always computed from those
traces at read time (a trace that gains observations after it was attached shows in the
next read), status aliases mapped (``completed`` → success, ``failed`` → failure).

A write names the fields it gives; the store merges them into the stored run (absent
fields keep their value), so a create, a PATCH and an ingestion ``ci-run-update`` are one
path. An update that arrives before its run's create makes the run, with provider
``other`` and the run's id as provider run id until the create names them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.bodies import AttachBody, CiRunBody, CompleteBody
from agenttrace.core.agents.listing import Filterable, RecordKind, one
from agenttrace.core.agents.records import at, full_row, record_id, require_traces
from agenttrace.core.agents.tables import CI_RUN, CI_RUN_TRACE
from agenttrace.core.agents.vocabulary import CI_PROVIDERS, CI_STATUSES, TERMINAL_CI_STATUSES
from agenttrace.core.errors import Invalid
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.ingest.bodies import parse
from agenttrace.core.tracing.ingest.records import RecordWrite, Write, trace_shell
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.core.views import View, column
from agenttrace.db import bulk
from agenttrace.db.types import Row

STORE = "ci_run"

_FIELDS = (
    "provider", "provider_run_id", "provider_run_url", "pipeline_name", "workflow_name",
    "job_name", "git_commit_sha", "git_branch", "git_tag", "git_repo_url", "git_ref",
    "pr_number", "pr_title", "pr_source_branch", "pr_target_branch", "status", "conclusion",
    "error_message", "runner_name", "runner_os", "runner_arch", "triggered_by", "trigger_event",
)  # fmt: skip

VIEW = View(
    "ci_run",
    (
        column("id"),
        column("project_id"),
        *(column(name) for name in _FIELDS),
        column("started_at", kind="time"),
        column("completed_at", kind="time"),
        column("duration_ms"),
        column("metadata"),
        # Computed from the attached traces at read time (``with_totals``).
        *(column(name) for name in ("trace_ids", "trace_count", "total_observations")),
        *(column(name) for name in ("total_tokens", "total_cost", "error_count")),
        column("failed_trace_count"),
        column("created_at", kind="time"),
        column("updated_at", kind="time"),
    ),
)

KIND = RecordKind(
    resource="CI run",
    table=CI_RUN,
    view=VIEW,
    time_column="started_at",
    filters={
        "provider": Filterable("provider", vocabulary=CI_PROVIDERS),
        "providerRunId": Filterable("provider_run_id"),
        "gitCommitSha": Filterable("git_commit_sha"),
        "gitBranch": Filterable("git_branch"),
        "status": Filterable("status", vocabulary=CI_STATUSES),
    },
)


@dataclass(frozen=True)
class CiRunChange:
    """What one write does to a run: the fields it gives, the traces it attaches, and
    whether those replace the attached ones (a PATCH of ``traceIds``)."""

    given: dict[str, Any]
    trace_ids: tuple[str, ...] = ()
    replace_traces: bool = False


def _given(parsed: CiRunBody, prefix: str) -> dict[str, Any]:
    given = {
        name: value
        for name in (*_FIELDS, "started_at", "completed_at")
        if (value := getattr(parsed, name)) is not None
    }
    if "provider" in given:
        given["provider"] = CI_PROVIDERS.canonical(given["provider"], field=at(prefix, "provider"))
    if "status" in given:
        given["status"] = CI_STATUSES.canonical(given["status"], field=at(prefix, "status"))
    if parsed.metadata is not None:
        given["metadata"] = parsed.metadata
    return given


def ci_run_write(
    body: Mapping[str, Any],
    *,
    project_id: str,
    event_at: datetime | None = None,
    field_prefix: str = "",
    run_id: str | None = None,
    is_update: bool = False,
) -> RecordWrite:
    """A create (``provider`` and ``providerRunId`` required) or an update of the run
    ``run_id`` (or the body's ``id``) that merges the given fields."""
    parsed = parse(CiRunBody, body, prefix=field_prefix)
    given = _given(parsed, field_prefix)
    if not is_update:
        for name, wire in (("provider", "provider"), ("provider_run_id", "providerRunId")):
            if name not in given:
                raise Invalid(f"{at(field_prefix, wire)} is required", field=at(field_prefix, wire))
    identifier = run_id or parsed.id
    if is_update and not identifier:
        raise Invalid(f"{at(field_prefix, 'id')} is required", field=at(field_prefix, "id"))
    now = event_at or utcnow()
    change = CiRunChange(
        given=given,
        trace_ids=tuple(dict.fromkeys(parsed.trace_ids or ())),
        replace_traces=is_update and parsed.trace_ids is not None,
    )
    return RecordWrite(
        store=STORE, project_id=project_id,
        id=identifier or record_id(None, event_at=event_at, body=body),
        event_at=now, values={"change": change},
    )  # fmt: skip


def with_trace_shells(write: RecordWrite) -> list[Write]:
    """The write preceded by a shell for each trace it attaches (ingestion's rule)."""
    change: CiRunChange = write.values["change"]
    shells: list[Write] = [
        trace_shell(project_id=write.project_id, trace_id=trace_id, event_at=write.event_at)
        for trace_id in change.trace_ids
    ]
    return [*shells, write]


def _merged(stored: Row | None, write: RecordWrite, now: datetime) -> dict[str, Any]:
    change: CiRunChange = write.values["change"]
    row = dict(stored) if stored is not None else full_row(
        CI_RUN,
        {"project_id": write.project_id, "id": write.id, "provider": "other",
         "provider_run_id": write.id, "status": "pending", "metadata": {},
         "started_at": write.event_at, "created_at": now},
    )  # fmt: skip
    for name, value in change.given.items():
        row[name] = {**row["metadata"], **value} if name == "metadata" else value
    if row["status"] in TERMINAL_CI_STATUSES and row["completed_at"] is None:
        row["completed_at"] = write.event_at
    if row["completed_at"] is not None:
        row["duration_ms"] = max(
            0, int((row["completed_at"] - row["started_at"]).total_seconds() * 1000)
        )
    row["updated_at"] = now
    return row


@dataclass(frozen=True)
class CiRunStore:
    """Merges a batch's writes into their runs: one read, one upsert, one delete of the
    replaced attachments and one insert of the new ones."""

    async def store(self, *, session: AsyncSession, writes: Sequence[RecordWrite]) -> None:
        now = utcnow()
        stored: dict[tuple[str, str], Row] = {}
        for project_id in {w.project_id for w in writes}:
            ids = sorted({w.id for w in writes if w.project_id == project_id})
            result = await session.execute(
                select(CI_RUN).where(CI_RUN.c.project_id == project_id, CI_RUN.c.id.in_(ids))
            )
            stored.update(((row["project_id"], row["id"]), dict(row)) for row in result.mappings())
        links: dict[tuple[str, str, str], dict[str, Any]] = {}
        for write in writes:
            stored[write.key] = _merged(stored.get(write.key), write, now)
            change: CiRunChange = write.values["change"]
            if change.replace_traces:
                await session.execute(
                    delete(CI_RUN_TRACE).where(
                        CI_RUN_TRACE.c.project_id == write.project_id,
                        CI_RUN_TRACE.c.ci_run_id == write.id,
                    )
                )
                links = {k: v for k, v in links.items() if k[:2] != write.key}
            for trace_id in change.trace_ids:
                links[(*write.key, trace_id)] = {
                    "project_id": write.project_id, "ci_run_id": write.id,
                    "trace_id": trace_id, "attached_at": write.event_at,
                }  # fmt: skip
        await bulk.upsert(session, CI_RUN, [stored[w.key] for w in writes if w.key in stored])
        await bulk.upsert(session, CI_RUN_TRACE, list(links.values()), on_conflict="ignore")


async def _exists(session: AsyncSession, project_id: str, run_id: str) -> None:
    await one(session=session, kind=KIND, project_id=project_id, record_id=run_id)


async def save(
    *,
    writer: IngestWriter,
    write: RecordWrite,
    create_trace: bool,
    must_exist: bool = False,
) -> None:
    """Store a ``/v1`` write: the run must exist for an update (``must_exist``), and
    the traces it attaches too unless ``create_trace``."""
    change: CiRunChange = write.values["change"]
    async with writer.database.read() as session:
        if must_exist:
            await _exists(session, write.project_id, write.id)
        if not create_trace:
            await require_traces(
                session=session, project_id=write.project_id, trace_ids=change.trace_ids
            )
    await writer.write_all(with_trace_shells(write) if create_trace else [write])


async def create(*, writer: IngestWriter, project_id: str, body: Mapping[str, Any]) -> str:
    write = ci_run_write(body, project_id=project_id)
    await save(writer=writer, write=write, create_trace=bool(body.get("createTrace")))
    return write.id


async def update(
    *, writer: IngestWriter, project_id: str, run_id: str, body: Mapping[str, Any]
) -> None:
    """PATCH: the given fields (``traceIds`` replaces the attached traces)."""
    write = ci_run_write(body, project_id=project_id, run_id=run_id, is_update=True)
    await save(
        writer=writer, write=write, create_trace=bool(body.get("createTrace")), must_exist=True
    )


async def attach(
    *, writer: IngestWriter, project_id: str, run_id: str, body: Mapping[str, Any]
) -> None:
    """Attach ``traceId`` or ``traceIds`` (kept if attached already)."""
    parsed = parse(AttachBody, body)
    trace_ids = [*([parsed.trace_id] if parsed.trace_id else []), *(parsed.trace_ids or [])]
    if not trace_ids:
        raise Invalid("traceId or traceIds is required", field="traceId")
    write = RecordWrite(
        store=STORE, project_id=project_id, id=run_id, event_at=utcnow(),
        values={"change": CiRunChange(given={}, trace_ids=tuple(dict.fromkeys(trace_ids)))},
    )  # fmt: skip
    await save(writer=writer, write=write, create_trace=parsed.create_trace, must_exist=True)


async def complete(
    *, writer: IngestWriter, project_id: str, run_id: str, body: Mapping[str, Any]
) -> None:
    """``{status (required), conclusion?, errorMessage?, completedAt?}``."""
    parsed = parse(CompleteBody, body)
    if parsed.status is None:
        raise Invalid("status is required", field="status")
    update_body = {
        "status": parsed.status, "conclusion": parsed.conclusion,
        "errorMessage": parsed.error_message,
        "completedAt": parsed.completed_at.isoformat() if parsed.completed_at else None,
    }  # fmt: skip
    await update(writer=writer, project_id=project_id, run_id=run_id, body=update_body)
