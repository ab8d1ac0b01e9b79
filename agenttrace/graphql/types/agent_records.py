"""File operations and terminal commands of an agent (secrets already redacted)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.agents import file_operations, terminal_commands
from agenttrace.graphql.types.agent_enums import FileOperationKind


@strawberry.type(description="What an agent did to a file.")
class FileOperation:
    id: strawberry.ID
    project_id: strawberry.ID
    trace_id: str
    observation_id: str | None
    operation: FileOperationKind  # type: ignore[valid-type]
    file_path: str
    new_path: str | None
    file_size: float | None = strawberry.field(description="Bytes (a float: may pass 2^31).")
    file_mode: str | None
    content_hash: str | None
    mime_type: str | None
    lines_added: int
    lines_removed: int
    diff_preview: str | None
    content_before_hash: str | None
    content_after_hash: str | None
    tool_name: str | None
    reason: str | None
    started_at: datetime
    completed_at: datetime
    duration_ms: int
    success: bool
    error_message: str | None
    redactions: int = strawberry.field(description="Secrets removed before storing.")
    created_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> FileOperation:
        return cls(**file_operations.VIEW.values(row))


@strawberry.type(description="A command an agent ran.")
class TerminalCommand:
    id: strawberry.ID
    project_id: strawberry.ID
    trace_id: str
    observation_id: str | None
    command: str
    args: list[str]
    working_directory: str | None
    shell: str | None
    env_vars: JSON
    started_at: datetime
    completed_at: datetime
    duration_ms: int
    exit_code: int
    stdout: str | None
    stderr: str | None
    stdout_truncated: bool
    stderr_truncated: bool
    success: bool
    timed_out: bool
    killed: bool
    max_memory_bytes: float | None = strawberry.field(description="Bytes (a float: may pass 2^31).")
    cpu_time_ms: int | None
    tool_name: str | None
    reason: str | None
    redactions: int = strawberry.field(description="Secrets removed before storing.")
    created_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> TerminalCommand:
        return cls(**terminal_commands.VIEW.values(row))


@strawberry.type
class FileOperationStats:
    total_operations: int
    create_count: int
    read_count: int
    update_count: int
    delete_count: int
    rename_count: int
    move_count: int
    copy_count: int
    chmod_count: int
    success_count: int
    failure_count: int
    total_lines_added: int
    total_lines_removed: int
    files_touched: int


@strawberry.type
class TerminalCommandStats:
    total_commands: int
    success_count: int
    failure_count: int
    timeout_count: int
    total_duration_ms: int
    avg_duration_ms: float | None
    redactions: int


@strawberry.type(description="What a coding agent's session did, over its traces.")
class SessionAgentTotals:
    files_touched: int
    file_operations: int
    commands: int
    failed_commands: int
    commits: int
    checkpoints: int
    ci_runs: int


@strawberry.type(description="How many agent records of each kind a trace has.")
class TraceAgentRecords:
    checkpoints: int
    file_operations: int
    terminal_commands: int
    git_links: int
    ci_runs: int

    @strawberry.field(description="All of them: 0 means the trace is no coding-agent run.")
    def total(self) -> int:
        return (
            self.checkpoints + self.file_operations + self.terminal_commands + self.git_links
            + self.ci_runs
        )  # fmt: skip
