"""Filters of the agent record lists; each becomes the very filter ``/v1`` fills from its
query string (``core/agents/listing.py``), so both faces select the same rows."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from agenttrace.graphql.types.agent_enums import (
    CheckpointType,
    CiProvider,
    CiRunStatus,
    FileOperationKind,
    GitLinkType,
)
from agenttrace.web.documents import camel


def to_core(given: object | None) -> dict[str, Any]:
    """An input's given fields under the names the core's filters take."""
    if given is None:
        return {}
    return {
        camel(name): value.value if isinstance(value, Enum) else value
        for name, value in vars(given).items()
        if value is not None
    }


@strawberry.input
class CheckpointFilterInput:
    trace_id: str | None = None
    observation_id: str | None = None
    type: CheckpointType | None = None  # type: ignore[valid-type]
    git_branch: str | None = None
    git_commit_sha: str | None = None
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None


@strawberry.input
class GitLinkFilterInput:
    trace_id: str | None = None
    commit_sha: str | None = None
    branch: str | None = None
    repo_url: str | None = None
    link_type: GitLinkType | None = None  # type: ignore[valid-type]
    ci_run_id: str | None = None
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None


@strawberry.input
class CiRunFilterInput:
    provider: CiProvider | None = None  # type: ignore[valid-type]
    provider_run_id: str | None = None
    git_commit_sha: str | None = None
    git_branch: str | None = None
    status: CiRunStatus | None = None  # type: ignore[valid-type]
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None


@strawberry.input
class FileOperationFilterInput:
    trace_id: str | None = None
    observation_id: str | None = None
    operation: FileOperationKind | None = None  # type: ignore[valid-type]
    file_path: str | None = None
    tool_name: str | None = None
    success: bool | None = None
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None


@strawberry.input
class TerminalCommandFilterInput:
    trace_id: str | None = None
    observation_id: str | None = None
    command: str | None = None
    tool_name: str | None = None
    exit_code: int | None = None
    success: bool | None = None
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None
