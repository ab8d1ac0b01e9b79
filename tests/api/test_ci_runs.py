"""CI runs through /v1 on both databases: status and provider aliases, totals computed from
the attached traces at every read, provider lookup, attach, complete, stats, isolation."""

from __future__ import annotations

import httpx

from agenttrace.db import Database
from tests.api.agents import call, error, make_trace, without_message
from tests.conftest import ProjectKeys, make_project


async def _run(client: httpx.AsyncClient, project: ProjectKeys, **body: object) -> dict:
    response = await call(client, project, "POST", "/v1/ci-runs", body)
    assert response.status_code == 201, response.text
    return response.json()


async def _observe(
    client: httpx.AsyncClient, project: ProjectKeys, trace_id: str, obs_id: str, level: str
) -> None:
    response = await call(
        client, project, "POST", "/v1/observations",
        {"id": obs_id, "traceId": trace_id, "type": "generation", "model": "gpt-4o",
         "level": level, "usage": {"inputTokens": 10, "outputTokens": 5}},
    )  # fmt: skip
    assert response.status_code == 201, response.text


# Tests for create, aliases and lookup


async def test_a_ci_run_reads_the_ci_templates_fields_and_answers_canonical_values(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    run = await _run(
        client, project, provider="GitHub", runId="gh-42", workflow="ci", job="test",
        branch="main", commitSha="abc", runUrl="https://ci.example/42", actor="ada",
        event="push", status="in_progress", startedAt="2026-03-01T10:00:00Z",
    )  # fmt: skip
    assert (run["provider"], run["providerRunId"], run["status"]) == (
        "github_actions",
        "gh-42",
        "running",
    )
    assert (run["workflowName"], run["jobName"], run["gitBranch"]) == ("ci", "test", "main")
    assert (run["triggeredBy"], run["triggerEvent"]) == ("ada", "push")
    assert (run["traceCount"], run["totalCost"], run["traceIds"]) == (0, None, [])
    found = await call(client, project, "GET", "/v1/ci-runs/provider/gh-42")
    assert found.json() == run
    assert (await call(client, project, "GET", "/v1/ci-runs/provider/none")).status_code == 404
    for status, canonical in (
        ("completed", "success"),
        ("failed", "failure"),
        ("canceled", "cancelled"),
    ):
        patched = await call(
            client, project, "PATCH", f"/v1/ci-runs/{run['id']}", {"status": status}
        )
        assert patched.json()["status"] == canonical
    listed = await call(client, project, "GET", "/v1/ci-runs?status=canceled&provider=github")
    assert [r["id"] for r in listed.json()["data"]] == [run["id"]]


async def test_bad_ci_runs_are_refused_naming_the_field(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for body, field in (
        ({"provider": "travis", "providerRunId": "1"}, "provider"),
        ({"provider": "jenkins", "providerRunId": "1", "status": "done"}, "status"),
        ({"providerRunId": "1"}, "provider"),
        ({"provider": "jenkins"}, "providerRunId"),
    ):
        response = await call(client, project, "POST", "/v1/ci-runs", body)
        assert (response.status_code, without_message(response)) == (400, error(field)), body
    run = await _run(client, project, provider="jenkins", providerRunId="j-1")
    complete = await call(client, project, "POST", f"/v1/ci-runs/{run['id']}/complete", {})
    assert (complete.status_code, without_message(complete)) == (400, error("status"))
    listed = await call(client, project, "GET", "/v1/ci-runs?status=nope")
    assert (listed.status_code, without_message(listed)) == (400, error("status"))


# Tests for totals


async def test_totals_follow_the_attached_traces_as_they_grow_and_are_re_ingested(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    run = await _run(client, project, provider="gitlab", providerRunId="gl-7", status="running")
    await make_trace(client, project, "t-ci-1")
    await _observe(client, project, "t-ci-1", "o-1", "DEFAULT")
    attach = await call(
        client, project, "POST", f"/v1/ci-runs/{run['id']}/traces", {"traceId": "t-ci-1"}
    )
    assert attach.status_code == 200, attach.text
    assert (attach.json()["traceCount"], attach.json()["totalTokens"]) == (1, 15)
    # The trace grows after it was attached; the same observation sent again changes nothing.
    await _observe(client, project, "t-ci-1", "o-2", "ERROR")
    await _observe(client, project, "t-ci-1", "o-2", "ERROR")
    again = await call(
        client, project, "POST", f"/v1/ci-runs/{run['id']}/traces", {"traceId": "t-ci-1"}
    )
    assert again.json()["traceIds"] == ["t-ci-1"]
    unknown = await call(
        client, project, "POST", f"/v1/ci-runs/{run['id']}/traces", {"traceId": "t-none"}
    )
    assert unknown.status_code == 404
    made = await call(
        client, project, "POST", f"/v1/ci-runs/{run['id']}/traces",
        {"traceIds": ["t-ci-2"], "createTrace": True},
    )  # fmt: skip
    body = made.json()
    assert body["traceIds"] == ["t-ci-1", "t-ci-2"]
    assert (body["traceCount"], body["totalObservations"], body["totalTokens"]) == (2, 2, 30)
    assert (body["errorCount"], body["failedTraceCount"]) == (1, 1)
    assert body["totalCost"] > 0
    done = await call(
        client, project, "POST", f"/v1/ci-runs/{run['id']}/complete",
        {"status": "completed", "conclusion": "all green"},
    )  # fmt: skip
    finished = done.json()
    assert (finished["status"], finished["conclusion"]) == ("success", "all green")
    assert finished["completedAt"] is not None
    assert finished["durationMs"] >= 0
    replaced = await call(
        client, project, "PATCH", f"/v1/ci-runs/{run['id']}", {"traceIds": ["t-ci-2"]}
    )
    assert (replaced.json()["traceIds"], replaced.json()["traceCount"]) == (["t-ci-2"], 1)
    stats = await call(client, project, "GET", "/v1/ci-runs/stats?provider=gitlab_ci")
    assert stats.json() == {
        "totalRuns": 1, "pendingCount": 0, "runningCount": 0, "successCount": 1,
        "failureCount": 0, "cancelledCount": 0, "skippedCount": 0,
        "avgDurationMs": float(finished["durationMs"]), "totalTraces": 1, "totalCost": None,
        "totalTokens": 0,
    }  # fmt: skip


async def test_another_project_sees_no_ci_run(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    run = await _run(client, project, provider="jenkins", providerRunId="secret-1")
    other = await make_project(database)
    assert (await call(client, other, "GET", f"/v1/ci-runs/{run['id']}")).status_code == 404
    assert (await call(client, other, "GET", "/v1/ci-runs/provider/secret-1")).status_code == 404
    patched = await call(client, other, "PATCH", f"/v1/ci-runs/{run['id']}", {"status": "failed"})
    assert patched.status_code == 404
    assert (await call(client, project, "GET", f"/v1/ci-runs/{run['id']}")).json()[
        "status"
    ] == "pending"
