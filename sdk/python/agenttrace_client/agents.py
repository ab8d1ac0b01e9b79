"""Coding-agent records from code: checkpoints, git links, file operations, terminal
commands and CI runs. Each helper reads what it records itself (git, the files, the
process) and names the current trace unless given one; with no trace at all it starts one.

Git links, file operations and commands are batched events; a checkpoint and the CI-run
calls wait for the server's answer (``/v1``), since a caller goes on with their ids.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agenttrace_client import _context, _files, _git, ci
from agenttrace_client._capture import DEFAULT_MAX_OUTPUT, run_process
from agenttrace_client._core import ClientCore
from agenttrace_client._data import compact, iso, new_uuid, now
from agenttrace_client._tracing import new_trace


def checkpoint_body(
    root: Path, paths: Sequence[str | Path] | None, *, include_contents: bool,
    skip_contents: AbstractSet[str] = frozenset(),
) -> dict[str, Any]:  # fmt: skip
    """Git state and the manifest of ``paths`` (default: git's tree, else the folder)."""
    state = _git.state(root)
    listed = (
        [str(p) for p in paths]
        if paths is not None
        else (_git.tree_files(root) or _files.walk(root))
    )
    files = _files.manifest(
        root, listed, include_contents=include_contents, skip_contents=skip_contents
    )
    return compact({
        "gitCommitSha": state and state.commit_sha, "gitBranch": state and state.branch,
        "gitRepoUrl": state and state.repo_url, "workingDirectory": str(root), "files": files,
    })  # fmt: skip


def git_link_body(root: Path | None, rev: str = "HEAD") -> dict[str, Any] | None:
    found = _git.commit(rev, root)
    if found is None:
        return None
    state = _git.state(root)
    return compact({
        "commitSha": found.sha, "parentSha": found.parent_sha,
        "branch": state and state.branch, "repoUrl": state and state.repo_url,
        "commitMessage": found.message, "commitAuthor": found.author,
        "commitAuthorEmail": found.author_email, "commitTimestamp": found.timestamp,
        "filesAdded": found.added, "filesModified": found.modified, "filesDeleted": found.deleted,
        "additions": found.additions, "deletions": found.deletions,
    })  # fmt: skip


def command_body(
    command: str | Sequence[str], shell: bool, cwd: str | None, env: Mapping[str, str] | None
) -> dict[str, Any]:
    argv = [command] if isinstance(command, str) else list(command)
    return compact({
        "command": argv[0], "args": argv[1:] or None, "shell": "sh" if shell else None,
        "workingDirectory": cwd or os.getcwd(), "envVars": dict(env) if env else None,
    })  # fmt: skip


@dataclass(frozen=True)
class CommandResult:
    exit_code: int
    stdout: str
    stderr: str
    duration_ms: int
    timed_out: bool
    stdout_truncated: bool
    stderr_truncated: bool
    record_id: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


class FileOp:
    """What ``file_op`` yields: set ``new_path`` (rename, move, copy) or ``reason`` inside."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.new_path: Path | None = None
        self.reason: str | None = None


class CiRun:
    """A CI run on the server (``id`` None when it could not be created)."""

    def __init__(self, client: ClientCore, id: str | None, data: dict[str, Any] | None = None):
        self.client = client
        self.id = id
        self.data = data

    def attach(self, *trace_ids: str) -> dict[str, Any] | None:
        if self.id is None:
            return None
        body = {"traceIds": list(trace_ids), "createTrace": True}
        self.data = self.client._call("POST", f"/v1/ci-runs/{self.id}/traces", body) or self.data
        return self.data

    def complete(
        self,
        status: str = "success",
        *,
        conclusion: str | None = None,
        error_message: str | None = None,
    ) -> dict[str, Any] | None:
        if self.id is None:
            return None
        body = compact(
            {
                "status": ci.status_word(status),
                "conclusion": conclusion,
                "errorMessage": error_message,
            }
        )
        self.data = self.client._call("POST", f"/v1/ci-runs/{self.id}/complete", body) or self.data
        return self.data

    def __enter__(self) -> CiRun:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _: Any) -> None:
        self.complete(
            "success" if exc is None else "failure", error_message=None if exc is None else str(exc)
        )


class AgentsMixin(ClientCore):
    _sent_contents: set[str]

    def _target(
        self, trace_id: str | None, observation_id: str | None, name: str
    ) -> tuple[str, str | None]:
        """The record's trace and observation: given, else current, else the wrapping
        command's (``AGENTTRACE_TRACE_ID``), else a new trace named ``name``."""
        if trace_id is not None:
            return trace_id, observation_id
        observation = _context.current_observation.get()
        if observation is not None:
            return observation.trace_id, observation_id or observation.id
        trace = _context.current_trace.get()
        if trace is not None:
            return trace.id, observation_id
        if self.settings.trace_id:
            return self.settings.trace_id, observation_id or self.settings.parent_observation_id
        return new_trace(self, name=name).id, None

    def checkpoint(
        self, paths: Sequence[str | Path] | None = None, *, name: str | None = None,
        type: str = "manual", include_contents: bool = False, root: str | Path | None = None,
        description: str | None = None, metadata: dict[str, Any] | None = None,
        files_changed: Sequence[str] | None = None, trace_id: str | None = None,
        observation_id: str | None = None,
    ) -> dict[str, Any] | None:  # fmt: skip
        """Snapshot ``paths`` (default: the git tree under ``root``) with the git state;
        ``include_contents`` uploads each file (once per content per process) so the
        checkpoint can be downloaded and restored. The stored checkpoint, or None."""
        try:
            base = Path(root or os.getcwd()).resolve()
            body = checkpoint_body(
                base, paths, include_contents=include_contents, skip_contents=self._sent_contents
            )
        except OSError as exc:
            self._failed("checkpoint", exc)
            return None
        trace, observation = self._target(trace_id, observation_id, "checkpoint")
        body.update(compact({
            "traceId": trace, "observationId": observation, "type": type, "description": description,
            "name": name or f"{type} checkpoint", "metadata": metadata, "createTrace": True,
            "filesChanged": list(files_changed) if files_changed is not None else None,
        }))  # fmt: skip
        stored = self._call("POST", "/v1/checkpoints", body)
        if stored is not None:
            self._sent_contents.update(f["sha256"] for f in body["files"] if "content" in f)
        return stored  # type: ignore[no-any-return]

    def git_link(
        self, rev: str = "HEAD", *, root: str | Path | None = None, link_type: str = "current",
        ci_run_id: str | None = None, trace_id: str | None = None, observation_id: str | None = None,
    ) -> str | None:  # fmt: skip
        """Link the trace to a commit (HEAD by default), read from git; the link's id."""
        body = git_link_body(Path(root) if root else None, rev)
        if body is None:
            self._failed("git_link", ValueError(f"no commit {rev!r}: not a git repository?"))
            return None
        trace, observation = self._target(trace_id, observation_id, f"git {body['commitSha'][:12]}")
        link_id = new_uuid()
        body.update(compact({"id": link_id, "traceId": trace, "observationId": observation,
                             "linkType": link_type, "ciRunId": ci_run_id}))  # fmt: skip
        self._enqueue("git-link-create", body)
        return link_id

    @contextmanager
    def file_op(
        self, path: str | Path, operation: str | None = None, *, tool_name: str | None = None,
        reason: str | None = None, trace_id: str | None = None, observation_id: str | None = None,
    ) -> Iterator[FileOp]:  # fmt: skip
        """Record what the block does to ``path``: hashes, size and mode before and after,
        lines added and removed; the operation is inferred unless given."""
        handle = FileOp(Path(path))
        before = _files.state_of(handle.path)
        started, error = now(), None
        try:
            yield handle
        except BaseException as exc:
            error = exc
            raise
        finally:
            try:
                self._record_file_op(
                    handle,
                    before,
                    started,
                    error,
                    operation,
                    tool_name,
                    reason,
                    trace_id,
                    observation_id,
                )
            except Exception as exc:
                self._failed("file_op", exc)

    def _record_file_op(
        self, handle: FileOp, before: _files.FileState, started: str, error: BaseException | None,
        operation: str | None, tool_name: str | None, reason: str | None, trace_id: str | None,
        observation_id: str | None,
    ) -> None:  # fmt: skip
        after = _files.state_of(handle.new_path or handle.path)
        name = str(handle.path)
        trace, observation = self._target(trace_id, observation_id, f"file {name}")
        self._enqueue("file-operation-create", compact({
            "id": new_uuid(), "traceId": trace, "observationId": observation,
            "operation": operation or _files.operation_of(before, after), "filePath": name,
            "newPath": str(handle.new_path) if handle.new_path else None, "fileSize": after.size,
            "fileMode": after.mode, "contentHash": after.sha256, "contentBeforeHash": before.sha256,
            "contentAfterHash": after.sha256, "toolName": tool_name, "reason": handle.reason or reason,
            "startedAt": started, "completedAt": now(), "success": error is None,
            "errorMessage": None if error is None else f"{type(error).__name__}: {error}",
            **_files.changes(before, after, name),
        }))  # fmt: skip

    def run_cmd(
        self, command: str | Sequence[str], *, cwd: str | None = None, env: Mapping[str, str] | None = None,
        timeout: float | None = None, max_output_bytes: int = DEFAULT_MAX_OUTPUT, shell: bool | None = None,
        check: bool = False, tool_name: str | None = None, reason: str | None = None,
        trace_id: str | None = None, observation_id: str | None = None,
    ) -> CommandResult:  # fmt: skip
        """Run a command (a string runs in a shell), capture its output capped at
        ``max_output_bytes`` per stream, and record it. ``check``: raise on failure, as
        ``subprocess.run`` does; a command that cannot start raises ``OSError`` (recorded)."""
        in_shell = isinstance(command, str) if shell is None else shell
        body = command_body(command, in_shell, cwd, env)
        run_env = None if env is None else {**os.environ, **env}
        trace, observation = self._target(trace_id, observation_id, f"$ {body['command']}")
        record_id = new_uuid()
        record = {"id": record_id, "traceId": trace, "observationId": observation,
                  "toolName": tool_name, "reason": reason, **body}  # fmt: skip
        started = now()
        try:
            done = run_process(
                command,
                cwd=cwd,
                env=run_env,
                timeout=timeout,
                max_output=max_output_bytes,
                shell=in_shell,
            )
        except OSError as exc:
            self._enqueue("terminal-command-create", compact({
                **record, "startedAt": started, "completedAt": now(), "exitCode": 127,
                "stderr": f"{type(exc).__name__}: {exc}", "success": False,
            }))  # fmt: skip
            raise
        result = CommandResult(
            done.exit_code, done.stdout.text(), done.stderr.text(), done.duration_ms, done.timed_out,
            done.stdout.truncated, done.stderr.truncated, record_id,
        )  # fmt: skip
        self._enqueue("terminal-command-create", compact({
            **record, "startedAt": iso_at(done.started), "durationMs": done.duration_ms,
            "exitCode": done.exit_code, "stdout": result.stdout, "stderr": result.stderr,
            "stdoutTruncated": result.stdout_truncated, "stderrTruncated": result.stderr_truncated,
            "timedOut": done.timed_out, "killed": done.killed,
        }))  # fmt: skip
        if check and not result.ok:
            raise subprocess.CalledProcessError(
                done.exit_code, command, result.stdout, result.stderr
            )
        return result

    def ci_run(
        self, *, run_id: str | None = None, provider: str | None = None, status: str = "running",
        trace_ids: Sequence[str] = (), environ: Mapping[str, str] | None = None, **fields: Any,
    ) -> CiRun:  # fmt: skip
        """Start a CI run from this job's environment (or resume ``run_id``): ``attach``
        traces to it, ``complete`` it; as a context manager it completes by itself."""
        if run_id is not None:
            return CiRun(self, run_id)
        body = ci_start_body(
            os.environ if environ is None else environ, provider, status, trace_ids, fields
        )
        answer = self._call("POST", "/v1/ci-runs", body)
        return CiRun(self, answer["id"] if isinstance(answer, dict) else None, answer)


def iso_at(epoch: float) -> str:
    return iso(datetime.fromtimestamp(epoch, UTC))


def ci_start_body(
    env: Mapping[str, str],
    provider: str | None,
    status: str,
    trace_ids: Sequence[str],
    fields: Mapping[str, Any],
) -> dict[str, Any]:
    body = {**ci.detect(env), **compact(dict(fields))}
    if provider:
        body["provider"] = provider
    body.setdefault("providerRunId", new_uuid())
    body.update({"status": ci.status_word(status), "startedAt": now(), "createTrace": True})
    if trace_ids:
        body["traceIds"] = list(trace_ids)
    return body
