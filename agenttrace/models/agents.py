"""The records of coding agents: checkpoints (with their stored file contents), git links,
CI runs (and the traces attached to them), file operations and terminal commands.

Every table is keyed by ``(project_id, id)`` like the tracing tables. A record names its
trace by id without a foreign key: traces are deleted by a set-based statement of their
own, and a record may arrive (through ingestion) in the same batch as its trace's shell.
File contents are stored once per project and SHA-256 (``checkpoint_blob``); a
checkpoint's manifest names them by hash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, LargeBinary
from sqlmodel import Field, SQLModel

from agenttrace.db.types import JSONType, UTCDateTime


class Checkpoint(SQLModel, table=True):
    __tablename__ = "checkpoint"
    __table_args__ = (
        Index("ix_checkpoint_project_trace", "project_id", "trace_id", "created_at"),
        Index("ix_checkpoint_project_created", "project_id", "created_at", "id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    trace_id: str
    observation_id: str | None = None
    name: str
    description: str | None = None
    type: str = "manual"
    git_commit_sha: str | None = None
    git_branch: str | None = None
    git_repo_url: str | None = None
    working_directory: str | None = None
    # [{path, size, sha256, mode, stored}], sorted by path.
    files: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONType)
    files_changed: list[str] = Field(default_factory=list, sa_type=JSONType)
    total_files: int = 0
    total_size_bytes: int = Field(default=0, sa_type=BigInteger)
    stored_files: int = 0
    restored_from: str | None = None
    restored_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    meta: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSONType, sa_column_kwargs={"name": "metadata"}
    )
    created_at: datetime = Field(sa_type=UTCDateTime)


class CheckpointBlob(SQLModel, table=True):
    """One file content of a project, by its SHA-256 (hex). ``content`` is null when the
    blob store keeps the bytes elsewhere (``location``)."""

    __tablename__ = "checkpoint_blob"

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    sha256: str = Field(primary_key=True)
    size: int = Field(sa_type=BigInteger)
    location: str = "database"
    content: bytes | None = Field(default=None, sa_type=LargeBinary)
    created_at: datetime = Field(sa_type=UTCDateTime)


class GitLink(SQLModel, table=True):
    __tablename__ = "git_link"
    __table_args__ = (
        Index("ix_git_link_project_commit", "project_id", "commit_sha"),
        Index("ix_git_link_project_trace", "project_id", "trace_id"),
        Index("ix_git_link_project_created", "project_id", "created_at", "id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    trace_id: str
    observation_id: str | None = None
    commit_sha: str
    parent_sha: str | None = None
    branch: str | None = None
    tag: str | None = None
    repo_url: str | None = None
    commit_message: str | None = None
    commit_author: str | None = None
    commit_author_email: str | None = None
    commit_timestamp: datetime = Field(sa_type=UTCDateTime)
    files_added: list[str] = Field(default_factory=list, sa_type=JSONType)
    files_modified: list[str] = Field(default_factory=list, sa_type=JSONType)
    files_deleted: list[str] = Field(default_factory=list, sa_type=JSONType)
    additions: int = 0
    deletions: int = 0
    link_type: str = "current"
    ci_run_id: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)


class CiRun(SQLModel, table=True):
    __tablename__ = "ci_run"
    __table_args__ = (
        Index("ix_ci_run_project_provider_run", "project_id", "provider_run_id"),
        Index("ix_ci_run_project_started", "project_id", "started_at", "id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    provider: str
    provider_run_id: str
    provider_run_url: str | None = None
    pipeline_name: str | None = None
    workflow_name: str | None = None
    job_name: str | None = None
    git_commit_sha: str | None = None
    git_branch: str | None = None
    git_tag: str | None = None
    git_repo_url: str | None = None
    git_ref: str | None = None
    pr_number: int | None = None
    pr_title: str | None = None
    pr_source_branch: str | None = None
    pr_target_branch: str | None = None
    status: str = "pending"
    conclusion: str | None = None
    error_message: str | None = None
    runner_name: str | None = None
    runner_os: str | None = None
    runner_arch: str | None = None
    triggered_by: str | None = None
    trigger_event: str | None = None
    started_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    duration_ms: int | None = Field(default=None, sa_type=BigInteger)
    meta: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSONType, sa_column_kwargs={"name": "metadata"}
    )
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class CiRunTrace(SQLModel, table=True):
    """A trace attached to a CI run; the run's totals are read from these traces."""

    __tablename__ = "ci_run_trace"
    __table_args__ = (Index("ix_ci_run_trace_project_trace", "project_id", "trace_id"),)

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    ci_run_id: str = Field(primary_key=True)
    trace_id: str = Field(primary_key=True)
    attached_at: datetime = Field(sa_type=UTCDateTime)


class FileOperation(SQLModel, table=True):
    __tablename__ = "file_operation"
    __table_args__ = (
        Index("ix_file_operation_project_trace", "project_id", "trace_id", "started_at"),
        Index("ix_file_operation_project_started", "project_id", "started_at", "id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    trace_id: str
    observation_id: str | None = None
    operation: str
    file_path: str
    new_path: str | None = None
    file_size: int | None = Field(default=None, sa_type=BigInteger)
    file_mode: str | None = None
    content_hash: str | None = None
    mime_type: str | None = None
    lines_added: int = 0
    lines_removed: int = 0
    diff_preview: str | None = None
    content_before_hash: str | None = None
    content_after_hash: str | None = None
    tool_name: str | None = None
    reason: str | None = None
    started_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime = Field(sa_type=UTCDateTime)
    duration_ms: int = Field(default=0, sa_type=BigInteger)
    success: bool = True
    error_message: str | None = None
    redactions: int = 0
    created_at: datetime = Field(sa_type=UTCDateTime)


class TerminalCommand(SQLModel, table=True):
    __tablename__ = "terminal_command"
    __table_args__ = (
        Index("ix_terminal_command_project_trace", "project_id", "trace_id", "started_at"),
        Index("ix_terminal_command_project_started", "project_id", "started_at", "id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    trace_id: str
    observation_id: str | None = None
    command: str
    args: list[str] = Field(default_factory=list, sa_type=JSONType)
    working_directory: str | None = None
    shell: str | None = None
    env_vars: dict[str, str] = Field(default_factory=dict, sa_type=JSONType)
    started_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime = Field(sa_type=UTCDateTime)
    duration_ms: int = Field(default=0, sa_type=BigInteger)
    exit_code: int = 0
    stdout: str | None = None
    stderr: str | None = None
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    success: bool = True
    timed_out: bool = False
    killed: bool = False
    max_memory_bytes: int | None = Field(default=None, sa_type=BigInteger)
    cpu_time_ms: int | None = Field(default=None, sa_type=BigInteger)
    tool_name: str | None = None
    reason: str | None = None
    redactions: int = 0
    created_at: datetime = Field(sa_type=UTCDateTime)
