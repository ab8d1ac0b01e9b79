"""Checkpoints: the git state and file manifest of a code tree at a moment of a run, with
optional file contents stored once per SHA-256 (``blobs.py``), and restores recorded as
checkpoints of their own (type ``restore``, ``restoredFrom``).

A manifest entry is ``stored`` when its content is held, whether this checkpoint carried
it or an earlier one did: a client may send only the hashes of files it sent before.
A restore never writes a file on the server: it records the restore and answers what a
client needs to put the files back.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.blobs import LOOKUP_CHUNK, BlobStore
from agenttrace.core.agents.bodies import CheckpointBody, RestoreBody
from agenttrace.core.agents.listing import Filterable, RecordKind, one
from agenttrace.core.agents.manifest import ContentLimits, read_manifest
from agenttrace.core.agents.records import at, full_row, record_id, save
from agenttrace.core.agents.tables import CHECKPOINT
from agenttrace.core.agents.vocabulary import CHECKPOINT_TYPES
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.ingest.bodies import parse
from agenttrace.core.tracing.ingest.records import RecordWrite
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.core.views import View, column
from agenttrace.db import bulk
from agenttrace.db.types import Row

STORE = "checkpoint"

VIEW = View(
    "checkpoint",
    (
        *(column(name) for name in ("id", "project_id", "trace_id", "observation_id")),
        *(column(name) for name in ("name", "description", "type")),
        *(column(name) for name in ("git_commit_sha", "git_branch", "git_repo_url")),
        column("working_directory"),
        column("files"),
        column("files_changed"),
        *(column(name) for name in ("total_files", "total_size_bytes", "stored_files")),
        column("restored_from"),
        column("restored_at", kind="time"),
        column("metadata"),
        column("created_at", kind="time"),
    ),
)

KIND = RecordKind(
    resource="checkpoint",
    table=CHECKPOINT,
    view=VIEW,
    time_column="created_at",
    filters={
        "traceId": Filterable("trace_id"),
        "observationId": Filterable("observation_id"),
        "type": Filterable("type", vocabulary=CHECKPOINT_TYPES),
        "gitBranch": Filterable("git_branch"),
        "gitCommitSha": Filterable("git_commit_sha"),
    },
)


def checkpoint_write(
    body: Mapping[str, Any],
    *,
    project_id: str,
    limits: ContentLimits,
    event_at: datetime | None = None,
    field_prefix: str = "",
) -> RecordWrite:
    """The write of one checkpoint (``/v1``, ingestion, telemetry mappers): its row and the
    contents it carries, by SHA-256."""
    parsed = parse(CheckpointBody, body, prefix=field_prefix)
    kind = (
        "manual"
        if parsed.type is None
        else CHECKPOINT_TYPES.canonical(parsed.type, field=at(field_prefix, "type"))
    )
    manifest = read_manifest(
        files=parsed.files, snapshot=parsed.files_snapshot, limits=limits, field_prefix=field_prefix
    )
    now = event_at or utcnow()
    values = {
        **parsed.model_dump(include={"trace_id", "observation_id", "description"}),
        **parsed.model_dump(include={"git_commit_sha", "git_branch", "git_repo_url"}),
        "working_directory": parsed.working_directory,
        "project_id": project_id,
        "id": record_id(parsed.id, event_at=event_at, body=body),
        "name": parsed.name or kind,
        "type": kind,
        "files": manifest.entries,
        "files_changed": parsed.files_changed or [],
        "total_files": len(manifest.entries),
        "total_size_bytes": manifest.total_size,
        "metadata": parsed.metadata or {},
        "created_at": parsed.timestamp or now,
    }
    return RecordWrite(
        store=STORE, project_id=project_id, id=values["id"], event_at=now,
        trace_id=parsed.trace_id,
        values={"row": full_row(CHECKPOINT, values), "contents": manifest.contents},
    )  # fmt: skip


@dataclass(frozen=True)
class CheckpointStore:
    """Keeps a batch's contents (once per hash), marks which manifest entries are held,
    then upserts the checkpoints: a few statements per project, whatever the batch."""

    blobs: BlobStore

    async def store(self, *, session: AsyncSession, writes: Sequence[RecordWrite]) -> None:
        rows: list[dict[str, Any]] = []
        for project_id in sorted({w.project_id for w in writes}):
            mine = [w for w in writes if w.project_id == project_id]
            contents: dict[str, bytes] = {}
            for write in mine:
                contents.update(write.values["contents"])
            await self.blobs.put(session=session, project_id=project_id, contents=contents)
            held = await self.blobs.existing(
                session=session,
                project_id=project_id,
                hashes=[
                    entry["sha256"]
                    for write in mine
                    for entry in write.values["row"]["files"]
                    if entry["sha256"] is not None
                ],
            )
            for write in {w.key: w for w in mine}.values():
                files = [{**e, "stored": e["sha256"] in held} for e in write.values["row"]["files"]]
                stored = sum(1 for entry in files if entry["stored"])
                rows.append({**write.values["row"], "files": files, "stored_files": stored})
        await bulk.upsert(session, CHECKPOINT, rows)


async def create(
    *, writer: IngestWriter, project_id: str, body: Mapping[str, Any], limits: ContentLimits
) -> str:
    write = checkpoint_write(body, project_id=project_id, limits=limits)
    await save(
        writer=writer, project_id=project_id, writes=[write],
        create_trace=bool(body.get("createTrace")),
    )  # fmt: skip
    return write.id


async def get(*, session: AsyncSession, project_id: str, checkpoint_id: str) -> Row:
    return await one(session=session, kind=KIND, project_id=project_id, record_id=checkpoint_id)


async def contents(
    *, session: AsyncSession, blobs: BlobStore, project_id: str, hashes: Sequence[str]
) -> dict[str, bytes]:
    """The held contents among ``hashes``, read a chunk at a time."""
    wanted = sorted(set(hashes))
    found: dict[str, bytes] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        found.update(
            await blobs.get(
                session=session, project_id=project_id, hashes=wanted[start : start + LOOKUP_CHUNK]
            )
        )
    return found


async def restore(
    *,
    writer: IngestWriter,
    blobs: BlobStore,
    project_id: str,
    checkpoint_id: str,
    body: Mapping[str, Any],
) -> tuple[Row, list[dict[str, Any]]]:
    """Record a restore of a checkpoint (in the body's trace, else the original's) and
    answer the new checkpoint with the files to put back: each manifest entry, with its
    content in base64 when held (and ``includeContents`` is not false)."""
    parsed = parse(RestoreBody, body)
    async with writer.database.read() as session:
        source = await get(session=session, project_id=project_id, checkpoint_id=checkpoint_id)
    now = utcnow()
    row = full_row(
        CHECKPOINT,
        {
            **{name: source[name] for name in ("git_commit_sha", "git_branch", "git_repo_url")},
            **{name: source[name] for name in ("working_directory", "files", "total_files")},
            "total_size_bytes": source["total_size_bytes"],
            "project_id": project_id,
            "id": record_id(None, event_at=None, body=body),
            "trace_id": parsed.trace_id or source["trace_id"],
            "name": parsed.name or f"Restore of {source['name']}",
            "type": "restore",
            "files_changed": [entry["path"] for entry in source["files"]],
            "restored_from": source["id"],
            "restored_at": now,
            "metadata": {},
            "created_at": now,
        },
    )
    write = RecordWrite(
        store=STORE, project_id=project_id, id=row["id"], event_at=now, trace_id=row["trace_id"],
        values={"row": row, "contents": {}},
    )  # fmt: skip
    await save(
        writer=writer, project_id=project_id, writes=[write], create_trace=parsed.create_trace
    )
    async with writer.database.read() as session:
        restored = await get(session=session, project_id=project_id, checkpoint_id=row["id"])
        held = (
            await contents(
                session=session,
                blobs=blobs,
                project_id=project_id,
                hashes=[e["sha256"] for e in restored["files"] if e["stored"]],
            )
            if parsed.include_contents
            else {}
        )
    files = [
        {
            **entry,
            "content": (
                base64.b64encode(held[entry["sha256"]]).decode()
                if entry["sha256"] in held
                else None
            ),
        }
        for entry in restored["files"]
    ]
    return restored, files
