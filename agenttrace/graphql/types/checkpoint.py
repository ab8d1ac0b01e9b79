"""Checkpoints: the git state and file manifest of a tree at a moment of a run."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.agents import checkpoints
from agenttrace.graphql.types.agent_enums import CheckpointType


@strawberry.type(description="One file of a checkpoint's manifest.")
class CheckpointFile:
    path: str
    size: int | None
    sha256: str | None
    mode: str | None
    stored: bool = strawberry.field(description="Whether its content is held (downloadable).")


@strawberry.type(description="The git state and file manifest of a code tree.")
class Checkpoint:
    id: strawberry.ID
    project_id: strawberry.ID
    trace_id: str
    observation_id: str | None
    name: str
    description: str | None
    type: CheckpointType  # type: ignore[valid-type]
    git_commit_sha: str | None
    git_branch: str | None
    git_repo_url: str | None
    working_directory: str | None
    files: list[CheckpointFile]
    files_changed: list[str]
    total_files: int
    total_size_bytes: float = strawberry.field(description="Bytes (a float: may pass 2^31).")
    stored_files: int
    restored_from: str | None
    restored_at: datetime | None
    metadata: JSON
    created_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Checkpoint:
        values = checkpoints.VIEW.values(row)
        values["files"] = [CheckpointFile(**entry) for entry in values["files"]]
        return cls(**values)


@strawberry.type(description="One file that differs between two checkpoints.")
class CheckpointFileDiff:
    path: str
    status: str = strawberry.field(description="`added`, `removed` or `changed`.")
    old_sha256: str | None
    new_sha256: str | None
    old_size: int | None
    new_size: int | None
    diff: str | None = strawberry.field(
        description="Unified diff text; null for binary, unstored or over-1-MB sides."
    )
    diff_truncated: bool = strawberry.field(description="Cut at 200,000 characters.")


@strawberry.type(description="What changed from one checkpoint (`against`) to another.")
class CheckpointDiff:
    checkpoint_id: strawberry.ID
    against_id: strawberry.ID
    added: list[str]
    removed: list[str]
    changed: list[str]
    unchanged_count: int
    files: list[CheckpointFileDiff]

    @classmethod
    def from_document(cls, found: Mapping[str, Any]) -> CheckpointDiff:
        return cls(
            checkpoint_id=strawberry.ID(found["checkpoint_id"]),
            against_id=strawberry.ID(found["against_id"]),
            added=list(found["added"]), removed=list(found["removed"]),
            changed=list(found["changed"]), unchanged_count=int(found["unchanged_count"]),
            files=[CheckpointFileDiff(**item) for item in found["files"]],
        )  # fmt: skip
