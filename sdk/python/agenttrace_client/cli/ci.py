"""``agenttrace ci start|attach|complete``: a CI run of this job, with the provider, run
id, URL, commit, branch, PR and runner read from the job's environment (``ci.py``).

``start`` prints the run id and exports it for the later steps: ``AGENTTRACE_CI_RUN_ID``
and ``AGENTTRACE_CI_TRACE_ID`` (the job's own trace, which ``git-link`` and ``checkpoint``
record into) go to ``$GITHUB_ENV`` and ``$GITHUB_OUTPUT`` on GitHub Actions, and to
``--dotenv FILE`` anywhere (GitLab's dotenv reports). A later step that has neither finds
the run by the provider's run id.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

from agenttrace_client import ci
from agenttrace_client._data import compact, trace_id
from agenttrace_client._rest import RestApi
from agenttrace_client.agents import ci_start_body
from agenttrace_client.cli._common import JsonOption, api, fail, handles_errors, print_json
from agenttrace_client.errors import ApiError

app = typer.Typer(help="Record this CI job as a CI run.", no_args_is_help=True)

RunIdOption = typer.Option(
    None, "--run-id", help="Default: $AGENTTRACE_CI_RUN_ID, else found by the provider's run id."
)


def _export(values: dict[str, str], dotenv: Path | None) -> None:
    lines = "".join(f"{key}={value}\n" for key, value in values.items())
    for target in (os.environ.get("GITHUB_ENV"), dotenv):
        if target:
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(lines)
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as handle:
            handle.write(f"ci-run-id={values['AGENTTRACE_CI_RUN_ID']}\n")
            if "AGENTTRACE_CI_TRACE_ID" in values:
                handle.write(f"trace-id={values['AGENTTRACE_CI_TRACE_ID']}\n")


def _run_id(client: RestApi, given: str | None) -> str:
    if given or os.environ.get("AGENTTRACE_CI_RUN_ID"):
        return given or os.environ["AGENTTRACE_CI_RUN_ID"]
    detected = ci.detect(os.environ)
    provider_run_id = detected.get("providerRunId")
    if provider_run_id is None:
        raise fail("no CI run: give --run-id or set AGENTTRACE_CI_RUN_ID")
    try:
        found = client.get(f"/v1/ci-runs/provider/{provider_run_id}", provider=detected["provider"])
    except ApiError as exc:
        if exc.status == 404:
            raise fail(
                f"no CI run of {detected['provider']} run {provider_run_id}: run `agenttrace ci start` first"
            ) from None
        raise
    return str(found["id"])


@app.command()
@handles_errors
def start(
    ctx: typer.Context,
    provider: str | None = typer.Option(None, help="Default: detected from the environment."),
    status: str = typer.Option("running"),
    trace: bool = typer.Option(True, help="Create the job's own trace and attach it."),
    name: str | None = typer.Option(
        None, help="The job trace's name (default ci: <workflow/job>)."
    ),
    dotenv: Path | None = typer.Option(
        None, help="Also append the exported variables to this file."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Create the CI run; print its id and export it for later steps."""
    client = api(ctx)
    body = ci_start_body(os.environ, provider, status, (), {})
    exported: dict[str, str] = {}
    if trace:
        job = "/".join(part for part in (body.get("workflowName"), body.get("jobName")) if part)
        created = client.post("/v1/traces", compact({
            "id": trace_id(), "name": name or f"ci: {job or body['provider']}",
            "gitCommitSha": body.get("gitCommitSha"), "gitBranch": body.get("gitBranch"),
            "gitRepoUrl": body.get("gitRepoUrl"), "tags": ["ci"],
            "metadata": {"provider": body["provider"], "providerRunId": body["providerRunId"]},
        }))  # fmt: skip
        body["traceIds"] = [created["id"]]
        exported["AGENTTRACE_CI_TRACE_ID"] = created["id"]
    run = client.post("/v1/ci-runs", body)
    exported = {"AGENTTRACE_CI_RUN_ID": run["id"], **exported}
    _export(exported, dotenv)
    if as_json:
        print_json(run)
    else:
        typer.echo(run["id"])


@app.command()
@handles_errors
def attach(
    ctx: typer.Context,
    trace_ids: list[str] = typer.Argument(..., help="Traces to attach."),
    run_id: str | None = RunIdOption,
    as_json: bool = JsonOption,
) -> None:
    """Attach traces to the CI run (unknown ones are created)."""
    client = api(ctx)
    run = client.post(
        f"/v1/ci-runs/{_run_id(client, run_id)}/traces",
        {"traceIds": trace_ids, "createTrace": True},
    )
    _show(run, as_json)


@app.command()
@handles_errors
def complete(
    ctx: typer.Context,
    status: str | None = typer.Option(
        None,
        help="success, failure, cancelled, skipped (any provider's word); default: the job's status where the provider tells it, else success.",
    ),
    conclusion: str | None = typer.Option(None),
    error_message: str | None = typer.Option(None),
    run_id: str | None = RunIdOption,
    as_json: bool = JsonOption,
) -> None:
    """Finish the CI run with the job's status."""
    client = api(ctx)
    final = ci.status_word(status) if status else ci.job_status(os.environ) or "success"
    body = compact({"status": final, "conclusion": conclusion, "errorMessage": error_message})
    _show(client.post(f"/v1/ci-runs/{_run_id(client, run_id)}/complete", body), as_json)


def _show(run: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(run)
        return
    typer.echo(
        f"{run['id']}  {run['status']}  traces={run.get('traceCount', 0)}  "
        f"tokens={run.get('totalTokens', 0)}  cost={run.get('totalCost')}"
    )
