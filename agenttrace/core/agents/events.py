"""The agent event types of batch ingestion (``POST /api/public/ingestion``), as the
reference SDKs and CI templates send them, and the stores of their records.

Each event makes its record and, when the record names a trace, that trace's shell, so an
unknown trace is created as it is for an observation. An event without a record id gets
one derived from the event (``records.record_id``): sending it again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from agenttrace.core.agents import (
    checkpoints,
    ci_runs,
    file_operations,
    git_links,
    terminal_commands,
)
from agenttrace.core.agents.blobs import BlobStore
from agenttrace.core.agents.manifest import ContentLimits
from agenttrace.core.agents.records import TableStore, with_shells
from agenttrace.core.agents.tables import FILE_OPERATION, GIT_LINK, TERMINAL_COMMAND
from agenttrace.core.tracing.ingest.events import EventType
from agenttrace.core.tracing.ingest.records import RecordStore, RecordWrite, Write

SCOPE = "agents:write"
RecordBuild = Callable[..., RecordWrite]


def _record(build: RecordBuild) -> Callable[[dict[str, Any], datetime, str], Sequence[Write]]:
    def event(body: dict[str, Any], event_at: datetime, project_id: str) -> Sequence[Write]:
        write = build(body, project_id=project_id, event_at=event_at, field_prefix="body")
        return with_shells([write])

    return event


def _ci_run(is_update: bool) -> Callable[[dict[str, Any], datetime, str], Sequence[Write]]:
    def event(body: dict[str, Any], event_at: datetime, project_id: str) -> Sequence[Write]:
        write = ci_runs.ci_run_write(
            body, project_id=project_id, event_at=event_at, field_prefix="body",
            is_update=is_update,
        )  # fmt: skip
        return ci_runs.with_trace_shells(write)

    return event


def event_types(limits: ContentLimits) -> dict[str, EventType]:
    """``limits``: the checkpoint content limits of the server's settings."""
    return {
        "checkpoint-create": EventType(
            SCOPE, _record(partial(checkpoints.checkpoint_write, limits=limits))
        ),
        "git-link-create": EventType(SCOPE, _record(git_links.git_link_write)),
        "file-operation-create": EventType(SCOPE, _record(file_operations.file_operation_write)),
        "terminal-command-create": EventType(
            SCOPE, _record(terminal_commands.terminal_command_write)
        ),
        "ci-run-create": EventType(SCOPE, _ci_run(is_update=False)),
        "ci-run-update": EventType(SCOPE, _ci_run(is_update=True)),
    }


def record_stores(blobs: BlobStore) -> Mapping[str, RecordStore]:
    return {
        checkpoints.STORE: checkpoints.CheckpointStore(blobs),
        git_links.STORE: TableStore(GIT_LINK),
        file_operations.STORE: TableStore(FILE_OPERATION),
        terminal_commands.STORE: TableStore(TERMINAL_COMMAND),
        ci_runs.STORE: ci_runs.CiRunStore(),
    }
