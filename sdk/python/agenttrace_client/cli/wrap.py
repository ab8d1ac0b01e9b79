"""``agenttrace wrap -- <command…>``: run a command as a trace.

Its output passes through live and a capped copy (head and tail) is recorded, with its exit
code and duration: the trace (input: the command line; output: exit code, duration and
output), a span for the run, and a terminal-command record. The command's environment gets
``AGENTTRACE_TRACE_ID`` and ``AGENTTRACE_PARENT_OBSERVATION_ID``, so the SDK and the CLI
inside it record into the same trace. ``--checkpoints`` checkpoints the files the command
changed (contents included). The exit code is the command's (127 when it cannot start).

The server is asked first (one request): without a key, or with a server that cannot be
reached, the command is not run and the exit code is 2, as for every client command.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import typer

from agenttrace_client import _files, _git
from agenttrace_client._capture import DEFAULT_MAX_OUTPUT, run_process
from agenttrace_client._data import new_uuid
from agenttrace_client._fields import Level
from agenttrace_client.agents import CiRun, command_body, iso_at
from agenttrace_client.cli._common import api, handles_errors, settings
from agenttrace_client.client import AgentTrace

Snapshot = dict[str, tuple[int, int]]


def _snapshot(root: Path) -> Snapshot:
    """(size, mtime) of each file of the tree: what changed is what differs after."""
    found: Snapshot = {}
    for name in _git.tree_files(root) or _files.walk(root):
        try:
            st = (root / name).stat()
        except OSError:
            continue
        found[name] = (st.st_size, st.st_mtime_ns)
    return found


def _changes(before: Snapshot, after: Snapshot) -> tuple[list[str], list[str]]:
    written = sorted(name for name, seen in after.items() if before.get(name) != seen)
    return written, sorted(set(before) - set(after))


@handles_errors
def wrap(
    ctx: typer.Context,
    command: list[str] = typer.Argument(..., help="The command and its arguments (after --)."),
    name: str | None = typer.Option(None, help="The trace's name (default: the command's)."),
    session_id: str | None = typer.Option(None, help="Put the trace in this session."),
    user_id: str | None = typer.Option(None),
    tag: list[str] = typer.Option([], "--tag", help="Repeat for several."),
    git: bool = typer.Option(False, "--git", help="Record the git commit, branch and remote."),
    checkpoints: bool = typer.Option(
        False, "--checkpoints", help="Checkpoint the files the command changed."
    ),
    max_output: int = typer.Option(
        DEFAULT_MAX_OUTPUT, help="Bytes of each output stream kept (head and tail)."
    ),
) -> None:
    """Run a command as a trace and exit with its exit code."""
    api(ctx).get("/v1/projects/current")  # no key, wrong URL, server down: exit 2, not run
    client = AgentTrace(settings=settings(ctx))
    cwd = Path.cwd()
    state = _git.state(cwd) if git else None
    line = shlex.join(command)
    trace = client.trace(
        name or Path(command[0]).name, session_id=session_id, user_id=user_id, tags=tag or None,
        input=line, metadata={"command": command[0], "args": command[1:], "cwd": str(cwd)},
        git_commit_sha=state.commit_sha if state else None,
        git_branch=state.branch if state else None, git_repo_url=state.repo_url if state else None,
    )  # fmt: skip
    span = trace.span(Path(command[0]).name, input=command)
    before = _snapshot(cwd) if checkpoints else {}
    env = {
        **os.environ,
        "AGENTTRACE_TRACE_ID": trace.id,
        "AGENTTRACE_PARENT_OBSERVATION_ID": span.id,
    }
    record = {
        "traceId": trace.id,
        "observationId": span.id,
        **command_body(command, False, str(cwd), None),
    }
    try:
        done = run_process(command, env=env, max_output=max_output, echo=True)
    except OSError as exc:
        typer.echo(f"agenttrace wrap: cannot run {command[0]}: {exc.strerror or exc}", err=True)
        span.end(level="ERROR", status_message=str(exc))
        trace.update(output={"exitCode": 127, "error": str(exc)}, level="ERROR")
        _finish(client, trace.id)
        raise typer.Exit(127) from None
    failed = done.exit_code != 0
    outcome = {"exitCode": done.exit_code, "durationMs": done.duration_ms}
    level: Level | None = "ERROR" if failed else None
    status = f"exit code {done.exit_code}" if failed else None
    span.end(output=outcome, level=level, status_message=status)
    client._enqueue("terminal-command-create", {
        **record, "id": new_uuid(), "startedAt": iso_at(done.started),
        "durationMs": done.duration_ms, "exitCode": done.exit_code, "stdout": done.stdout.text(),
        "stderr": done.stderr.text(), "stdoutTruncated": done.stdout.truncated,
        "stderrTruncated": done.stderr.truncated, "killed": done.killed,
    })  # fmt: skip
    trace.update(
        output={**outcome, "stdout": done.stdout.text(), "stderr": done.stderr.text()},
        level=level, status_message=status,
    )  # fmt: skip
    if checkpoints:
        written, deleted = _changes(before, _snapshot(cwd))
        if written or deleted:
            client.checkpoint(
                [name for name in written if (cwd / name).is_file()], root=cwd, type="auto",
                name=f"after {line[:80]}", include_contents=True, files_changed=[*written, *deleted],
                trace_id=trace.id, observation_id=span.id,
            )  # fmt: skip
    if os.environ.get("AGENTTRACE_CI_RUN_ID"):
        CiRun(client, os.environ["AGENTTRACE_CI_RUN_ID"]).attach(trace.id)
    _finish(client, trace.id)
    raise typer.Exit(done.exit_code)


def _finish(client: AgentTrace, trace_id: str) -> None:
    client.shutdown()
    stats = client.stats()
    if stats.dropped or stats.rejected:
        last = stats.errors[-1] if stats.errors else ""
        typer.echo(
            f"agenttrace: {stats.dropped + stats.rejected} record(s) not stored: {last}", err=True
        )
    typer.echo(f"agenttrace: trace {trace_id}", err=True)
