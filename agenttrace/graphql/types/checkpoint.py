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
