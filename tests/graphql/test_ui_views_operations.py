"""The web UI's operations of the agent-run, prompt and dataset views (views 7 and 8), on
both databases with the variables the UI gives: each answers what ``/v1`` answers for the
same rows."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.agents import call, file, make_trace
from tests.conftest import ProjectKeys
from tests.graphql.conftest import data, operation

VIEW_OPERATIONS = {
    "AgentRunView", "CheckpointDiff", "BranchTimeline", "AgentRunsCompared",
    "PromptIndex", "PromptVersions", "SetVersionLabels",
    "DatasetIndex", "DatasetView", "DatasetItems", "DatasetRunsCompared",
}  # fmt: skip
T = "2026-04-01T12:00:{:02d}.000Z".format


async def _ok(response: httpx.Response) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _agent_run(client: httpx.AsyncClient, project: ProjectKeys) -> list[str]:
    """Two commits of a branch, the second costlier; a run on it with records."""
    checkpoint_ids = []
    for n, cost in ((1, 0.01), (2, 0.05)):
        trace_id = f"run-{n}"
        await make_trace(client, project, trace_id, name=f"agent {n}", timestamp=T(n))
        await _ok(await call(client, project, "POST", "/v1/observations", {
            "id": f"gen-{n}", "traceId": trace_id, "type": "generation", "model": "gpt-4o",
            "startTime": T(n), "endTime": T(n + 1), "costDetails": {"total": cost},
        }))  # fmt: skip
        await _ok(await call(client, project, "POST", "/v1/git-links", {
            "traceId": trace_id, "commitSha": f"sha-{n}", "branch": "feature",
            "commitMessage": f"step {n}", "commitTimestamp": T(10 + n), "linkType": "commit",
        }))  # fmt: skip
    for name, text in (("before", "x = 1\n"), ("after", "x = 2\n")):
        created = await _ok(await call(client, project, "POST", "/v1/checkpoints", {
            "traceId": "run-2", "name": name, "files": [file("a.py", text)],
        }))  # fmt: skip
        checkpoint_ids.append(created["id"])
    await _ok(await call(client, project, "POST", "/v1/file-operations", {
        "traceId": "run-2", "operation": "update", "filePath": "a.py", "diffPreview": "-x = 1\n+x = 2\n",
    }))  # fmt: skip
    await _ok(await call(client, project, "POST", "/v1/terminal-commands", {
        "traceId": "run-2", "command": "pytest", "exitCode": 1,
    }))  # fmt: skip
    await _ok(await call(client, project, "POST", "/v1/ci-runs", {
        "provider": "github_actions", "providerRunId": "77", "status": "failure",
        "traceIds": ["run-2"],
    }))  # fmt: skip
    return checkpoint_ids


async def test_the_agent_run_operations(client: httpx.AsyncClient, project: ProjectKeys) -> None:
    before, after = await _agent_run(client, project)
    found = await data(client, project, operation("AgentRunView"), traceId="run-2")
    rest_replay = await _ok(await call(client, project, "GET", "/v1/traces/run-2/replay"))
    assert [e["id"] for e in found["replay"]["events"]] == [e["id"] for e in rest_replay["events"]]
    assert found["replay"]["summary"]["commandsFailed"] == 1
    trace = found["trace"]
    assert [c["name"] for c in trace["checkpoints"]] == ["before", "after"]
    assert [link["commitSha"] for link in trace["gitLinks"]] == ["sha-2"]
    assert [(r["providerRunId"], r["status"]) for r in trace["ciRuns"]] == [("77", "failure")]

    diff = (
        await data(
            client, project, operation("CheckpointDiff"), checkpointId=after, againstId=before
        )
    )["checkpointDiff"]
    rest_diff = await _ok(
        await call(client, project, "GET", f"/v1/checkpoints/{after}/diff?against={before}")
    )
    assert diff["changed"] == rest_diff["changed"] == ["a.py"]
    assert diff["files"][0]["diff"] == rest_diff["files"][0]["diff"]

    commits = (
        await data(
            client, project, operation("BranchTimeline"), branch="feature", repoUrl=None, first=50
        )
    )["gitTimeline"]["nodes"]
    rest_timeline = await _ok(
        await call(client, project, "GET", "/v1/git-links/timeline?branch=feature")
    )
    assert [c["commitSha"] for c in commits] == [c["commitSha"] for c in rest_timeline["data"]]
    assert [c["commitSha"] for c in commits] == ["sha-2", "sha-1"]
    assert commits[0]["regressions"] == ["cost"]
    assert [t["id"] for t in commits[1]["traces"]] == ["run-1"]

    compared = (
        await data(
            client, project, operation("AgentRunsCompared"), traceId1="run-1", traceId2="run-2"
        )
    )["compareReplays"]
    rest_compared = await _ok(
        await call(
            client,
            project,
            "POST",
            "/v1/replay/compare",
            {"traceId1": "run-1", "traceId2": "run-2"},
        )
    )
    assert compared["differences"] == rest_compared["differences"]
    assert compared["deltas"] == rest_compared["deltas"]
    assert compared["files"]["onlyIn2"] == ["a.py"]
    assert compared["summary2"]["commandsFailed"] == 1


async def test_the_prompt_operations(client: httpx.AsyncClient, project: ProjectKeys) -> None:
    for text, labels in (("Hello {{name}}", ["production"]), ("Hi {{name}}!", ["staging"])):
        body = {"name": "greet", "type": "text", "prompt": text, "labels": labels}
        await _ok(await call(client, project, "POST", "/v1/prompts", body))
    listed = (
        await data(
            client, project, operation("PromptIndex"), filter={"label": "staging"}, first=50,
            after=None, withCount=True,
        )
    )["prompts"]  # fmt: skip
    assert (listed["totalCount"], listed["nodes"][0]["name"]) == (1, "greet")
    assert listed["nodes"][0]["versionNumbers"] == [1, 2]
    versions = (await data(client, project, operation("PromptVersions"), name="greet"))["prompts"][
        "nodes"
    ][0]["versions"]
    assert [(v["version"], v["prompt"]) for v in versions] == [
        (2, "Hi {{name}}!"),
        (1, "Hello {{name}}"),
    ]
    moved = await data(
        client, project, operation("SetVersionLabels"), name="greet", version=2,
        labels=["production", "staging"],
    )  # fmt: skip
    assert sorted(moved["setPromptLabels"]["labels"]) == ["latest", "production", "staging"]
    rest = await _ok(await call(client, project, "GET", "/v1/prompts/greet?label=production"))
    assert rest["version"] == 2


async def test_the_dataset_operations(client: httpx.AsyncClient, project: ProjectKeys) -> None:
    await _ok(await call(client, project, "POST", "/v1/datasets", {"name": "qa"}))
    for n in (1, 2):
        item = {"id": f"qa-{n}", "input": f"q{n}", "expectedOutput": f"a{n}"}
        await _ok(await call(client, project, "POST", "/v1/datasets/qa/items", item))
        for run in ("r1", "r2"):
            await make_trace(client, project, f"{run}-t{n}", output=f"{run} says {n}")
            score = {"traceId": f"{run}-t{n}", "name": "acc", "value": 1.0 if run == "r2" else 0.5}
            await _ok(await call(client, project, "POST", "/v1/scores", score))
    for run in ("r1", "r2"):
        items = [{"datasetItemId": f"qa-{n}", "traceId": f"{run}-t{n}"} for n in (1, 2)]
        await _ok(
            await call(
                client, project, "POST", "/v1/datasets/qa/runs", {"name": run, "items": items}
            )
        )
    index = (
        await data(client, project, operation("DatasetIndex"), first=50, after=None, withCount=True)
    )["datasets"]
    assert (index["totalCount"], index["nodes"][0]["itemCount"], len(index["nodes"][0]["runs"])) == (
        1, 2, 2,
    )  # fmt: skip
    dataset_id = index["nodes"][0]["id"]
    view = (await data(client, project, operation("DatasetView"), id=dataset_id))["dataset"]
    assert sorted(run["name"] for run in view["runs"]) == ["r1", "r2"]
    r2 = next(run for run in view["runs"] if run["name"] == "r2")
    assert r2["summary"]["scores"] == [{"name": "acc", "average": 1.0, "count": 2}]
    page = (
        await data(
            client, project, operation("DatasetItems"), id=dataset_id, first=1, after=None,
            withCount=True,
        )
    )["dataset"]["items"]  # fmt: skip
    rest_items = await _ok(await call(client, project, "GET", "/v1/datasets/qa/items"))
    assert page["totalCount"] == 2
    assert page["nodes"][0]["id"] == rest_items["data"][0]["id"]
    compared = (
        await data(
            client, project, operation("DatasetRunsCompared"), datasetId=dataset_id,
            runIds=[run["id"] for run in view["runs"]],
        )
    )["datasetRunComparison"]  # fmt: skip
    assert len(compared["items"]) == 2
    first = compared["items"][0]
    assert sorted(r["output"] for r in first["results"]) == ["r1 says 1", "r2 says 1"]
    assert sorted(r["scores"]["acc"] for r in first["results"]) == [0.5, 1.0]
