"""Request bodies of agent records, shared by ``/v1``, batch ingestion and GraphQL.

Lenient where the reference's clients differ (every field name they sent is accepted:
``path`` for ``filePath``, ``authorName`` for ``commitAuthor``, the CI templates'
``workflow``, ``branch``, ``commitSha``…), strict where data would be lost (a wrong type,
a time without an offset, a negative count). Enum fields arrive raw and are read by
``vocabulary.py``, so an alias maps and a bad value names its field.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AliasChoices, Field, NonNegativeInt

from agenttrace.core.tracing.ingest.bodies import Body, Id, Timestamp


def _names(*names: str) -> Any:
    """A field read under any of these names (the first is the canonical camelCase one)."""
    return Field(default=None, validation_alias=AliasChoices(*names))


Count = NonNegativeInt | None


class RecordBody(Body):
    """What every record of a trace carries."""

    id: Id | None = None
    trace_id: Id
    observation_id: Id | None = None
    # /v1 only: create the trace when it does not exist (ingestion always does).
    create_trace: bool = False


class CheckpointBody(RecordBody):
    name: str | None = None
    description: str | None = None
    type: Any = None
    git_commit_sha: str | None = _names("gitCommitSha", "git_commit_sha", "commitSha")
    git_branch: str | None = _names("gitBranch", "git_branch", "branch")
    git_repo_url: str | None = _names("gitRepoUrl", "git_repo_url", "repoUrl")
    working_directory: str | None = None
    # A list of {path, size, sha256|hash, mode|permissions, content (base64)}, or the
    # SDKs' filesSnapshot: {path: {size, hash}} (an object, or that object as JSON text).
    files: Any = None
    files_snapshot: Any = None
    files_changed: list[str] | None = None
    metadata: dict[str, Any] | None = None
    timestamp: Timestamp | None = _names("timestamp", "createdAt", "created_at")


class RestoreBody(Body):
    trace_id: Id | None = None
    name: str | None = None
    create_trace: bool = False
    include_contents: bool = True


class GitLinkBody(RecordBody):
    commit_sha: Annotated[str, Field(min_length=1)] = Field(
        validation_alias=AliasChoices("commitSha", "commit_sha", "sha", "gitCommitSha")
    )
    parent_sha: str | None = _names("parentSha", "parent_sha")
    branch: str | None = _names("branch", "gitBranch")
    tag: str | None = None
    repo_url: str | None = _names("repoUrl", "repo_url", "repository", "gitRepoUrl")
    commit_message: str | None = _names("commitMessage", "commit_message", "message")
    commit_author: str | None = _names(
        "commitAuthor", "commit_author", "authorName", "author_name", "author"
    )
    commit_author_email: str | None = _names(
        "commitAuthorEmail", "commit_author_email", "authorEmail", "author_email", "commitEmail"
    )
    commit_timestamp: Timestamp | None = _names(
        "commitTimestamp", "commit_timestamp", "commitTime", "timestamp"
    )
    files_added: list[str] | None = None
    files_modified: list[str] | None = None
    files_deleted: list[str] | None = None
    # The SDKs and docs send one list of changed files: it counts as modified.
    files_changed: list[str] | None = None
    additions: Count = None
    deletions: Count = None
    link_type: Any = _names("linkType", "link_type", "type")
    ci_run_id: str | None = None


class TimedBody(RecordBody):
    started_at: Timestamp | None = _names("startedAt", "started_at", "startTime", "timestamp")
    completed_at: Timestamp | None = _names("completedAt", "completed_at", "endTime")
    duration_ms: Count = None
    tool_name: str | None = None
    reason: str | None = None


class FileOperationBody(TimedBody):
    operation: Any = None
    file_path: Annotated[str, Field(min_length=1)] = Field(
        validation_alias=AliasChoices("filePath", "file_path", "path")
    )
    new_path: str | None = _names("newPath", "new_path", "targetPath")
    file_size: Count = _names("fileSize", "file_size", "size")
    file_mode: str | None = _names("fileMode", "file_mode", "mode")
    content_hash: str | None = None
    mime_type: str | None = None
    lines_added: Count = None
    lines_removed: Count = None
    diff_preview: str | None = _names("diffPreview", "diff_preview", "diff")
    content_before_hash: str | None = None
    content_after_hash: str | None = None
    success: bool | None = None
    error_message: str | None = _names("errorMessage", "error_message", "error")


class TerminalCommandBody(TimedBody):
    command: Annotated[str, Field(min_length=1)]
    args: list[str] | None = None
    working_directory: str | None = _names("workingDirectory", "working_directory", "cwd")
    shell: str | None = None
    env_vars: dict[str, str] | None = _names("envVars", "env_vars", "environment", "env")
    exit_code: int | None = None
    stdout: str | None = None
    stderr: str | None = None
    stdout_truncated: bool | None = None
    stderr_truncated: bool | None = None
    success: bool | None = None
    # The OAS variant: running | completed | failed.
    status: str | None = None
    timed_out: bool | None = None
    killed: bool | None = None
    max_memory_bytes: Count = None
    cpu_time_ms: Count = None


class CiRunBody(Body):
    """Create (``provider`` and ``providerRunId`` required there) and update alike."""

    id: Id | None = None
    provider: Any = _names("provider", "ciProvider")
    provider_run_id: str | None = _names("providerRunId", "provider_run_id", "runId")
    provider_run_url: str | None = _names("providerRunUrl", "provider_run_url", "runUrl")
    pipeline_name: str | None = _names("pipelineName", "pipeline_name", "pipeline")
    workflow_name: str | None = _names("workflowName", "workflow_name", "workflow")
    job_name: str | None = _names("jobName", "job_name", "job")
    git_commit_sha: str | None = _names("gitCommitSha", "git_commit_sha", "commitSha", "sha")
    git_branch: str | None = _names("gitBranch", "git_branch", "branch")
    git_tag: str | None = _names("gitTag", "git_tag", "tag")
    git_repo_url: str | None = _names("gitRepoUrl", "git_repo_url", "repository", "repoUrl")
    git_ref: str | None = _names("gitRef", "git_ref", "ref")
    pr_number: int | None = None
    pr_title: str | None = None
    pr_source_branch: str | None = None
    pr_target_branch: str | None = None
    status: Any = None
    conclusion: str | None = None
    error_message: str | None = None
    runner_name: str | None = None
    runner_os: str | None = None
    runner_arch: str | None = None
    triggered_by: str | None = _names("triggeredBy", "triggered_by", "actor")
    trigger_event: str | None = _names("triggerEvent", "trigger_event", "event")
    started_at: Timestamp | None = None
    completed_at: Timestamp | None = None
    metadata: dict[str, Any] | None = None
    trace_ids: list[Id] | None = None
    create_trace: bool = False


class AttachBody(Body):
    trace_id: Id | None = None
    trace_ids: list[Id] | None = None
    create_trace: bool = False


class CompleteBody(Body):
    status: Any = None
    conclusion: str | None = None
    error_message: str | None = None
    completed_at: Timestamp | None = None


class CompareBody(Body):
    trace_id1: Id = Field(validation_alias=AliasChoices("traceId1", "trace_id1", "baseTraceId"))
    trace_id2: Id = Field(validation_alias=AliasChoices("traceId2", "trace_id2", "otherTraceId"))
