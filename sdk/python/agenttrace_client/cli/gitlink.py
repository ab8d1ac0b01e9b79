"""``agenttrace git-link``: link a trace to a commit (HEAD, or ``--sha``), read from git."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from agenttrace_client.agents import git_link_body
from agenttrace_client.cli._common import (
    JsonOption,
    api,
    fail,
    handles_errors,
    print_json,
    trace_for,
)


@handles_errors
def git_link(
    ctx: typer.Context,
    sha: str = typer.Option("HEAD", help="A commit, or anything git rev-parse reads."),
    root: Path = typer.Option(Path("."), help="The repository."),
    link_type: str = typer.Option("current", help="current, start, end, commit, ci …"),
    trace_id: str | None = typer.Option(
        None, help="Default: $AGENTTRACE_TRACE_ID, $AGENTTRACE_CI_TRACE_ID, else a new trace."
    ),
    ci_run_id: str | None = typer.Option(None, help="Default: $AGENTTRACE_CI_RUN_ID."),
    as_json: bool = JsonOption,
) -> None:
    """Link a trace to a commit, with its author, message and changed files."""
    body = git_link_body(root, sha)
    if body is None:
        raise fail(f"no commit {sha!r} in {root.resolve()} (not a git repository?)")
    run = ci_run_id or os.environ.get("AGENTTRACE_CI_RUN_ID")
    body.update({"traceId": trace_for(trace_id), "linkType": link_type, "createTrace": True})
    if run:
        body["ciRunId"] = run
    link = api(ctx).post("/v1/git-links", body)
    if as_json:
        print_json(link)
    else:
        typer.echo(link["id"])
