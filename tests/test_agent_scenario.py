"""A scripted coding-agent run, end to end on both databases: a CI run starts; two traces
follow with tool calls, file edits, commands (one leaking a secret, one failing) and
checkpoints, one sent as the SDKs send it (batch ingestion), one through /v1; a commit
links both; the run completes. Then every view, REST and GraphQL, must tell the same story."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.agents import call, file
from tests.conftest import ProjectKeys
from tests.graphql.conftest import data, operation

SECRET = "ghp_" + "A1b2C3d4E5f6G7h8I9j0" * 2
T = "2026-04-01T12:00:{:02d}.000Z".format


async def _ok(response: httpx.Response, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json()  # type: ignore[no-any-return]


async def _play(client: httpx.AsyncClient, project: ProjectKeys) -> dict[str, str]:
    run = await _ok(
        await call(
            client,
            project,
            "POST",
            "/v1/ci-runs",
            {
                "provider": "github",
                "runId": "run-1001",
                "workflow": "agent",
                "branch": "feature",
                "commitSha": "c1",
                "status": "in_progress",
                "startedAt": T(0),
            },
        )
    )
    event = {"timestamp": T(1)}
    batch = [
        {**event, "id": "ev-1", "type": "trace-create", "body": {
            "id": "agent-t1", "name": "fix bug", "sessionId": "agent-session", "timestamp": T(1)}},
        {**event, "id": "ev-2", "type": "generation-create", "body": {
            "id": "g1", "traceId": "agent-t1", "name": "plan", "model": "gpt-4o",
            "startTime": T(1), "endTime": T(2), "usage": {"input": 1000, "output": 200}}},
        {**event, "id": "ev-3", "type": "span-create", "body": {
            "id": "s1", "traceId": "agent-t1", "name": "tool-read_file", "startTime": T(3), "endTime": T(4)}},
        {**event, "id": "ev-4", "type": "file-operation-create", "body": {
            "traceId": "agent-t1", "operation": "update", "filePath": "src/app.py", "linesAdded": 2,
            "linesRemoved": 1, "startedAt": T(5), "toolName": "edit"}},
        {**event, "id": "ev-5", "type": "terminal-command-create", "body": {
            "traceId": "agent-t1", "command": "git", "args": ["push", f"https://{SECRET}@github.com/x/y"],
            "exitCode": 0, "startedAt": T(6), "durationMs": 800}},
        {**event, "id": "ev-6", "type": "checkpoint-create", "body": {
            "traceId": "agent-t1", "name": "after edit", "type": "post_edit", "timestamp": T(7),
            "files": [file("src/app.py", "def f():\n    return 1\n")]}},
    ]  # fmt: skip
    ingested = await _ok(
        await client.post("/api/public/ingestion", json={"batch": batch}, auth=project.basic), 207
    )
    assert ingested["errors"] == []
    await _ok(
        await call(
            client,
            project,
            "POST",
            "/v1/traces",
            {
                "id": "agent-t2",
                "name": "run tests",
                "sessionId": "agent-session",
                "timestamp": T(10),
            },
        )
    )
    await _ok(
        await call(
            client,
            project,
            "POST",
            "/v1/observations",
            {
                "id": "g2",
                "traceId": "agent-t2",
                "type": "generation",
                "model": "gpt-4o",
                "name": "fix",
                "startTime": T(10),
                "endTime": T(12),
                "usage": {"inputTokens": 500, "outputTokens": 100},
            },
        )
    )
    await _ok(
        await call(
            client,
            project,
            "POST",
            "/v1/observations",
            {
                "id": "e2",
                "traceId": "agent-t2",
                "type": "event",
                "name": "test failure",
                "level": "ERROR",
                "startTime": T(14),
            },
        )
    )
    await _ok(
        await call(
            client,
            project,
            "POST",
            "/v1/file-operations/batch",
            {
                "operations": [
                    {
                        "traceId": "agent-t2",
                        "operation": "update",
                        "filePath": "src/app.py",
                        "startedAt": T(11),
                    },
                    {
                        "traceId": "agent-t2",
                        "operation": "create",
                        "filePath": "tests/test_app.py",
                        "startedAt": T(12),
                    },
                ]
            },
        )
    )
    await _ok(
        await call(
            client,
            project,
            "POST",
            "/v1/terminal-commands",
            {
                "traceId": "agent-t2",
                "command": "pytest",
                "exitCode": 1,
                "startedAt": T(13),
                "durationMs": 900,
            },
        )
    )
    await _ok(
        await call(
            client,
            project,
            "POST",
            "/v1/checkpoints",
            {
                "traceId": "agent-t2",
                "name": "after tests",
                "timestamp": T(15),
                "files": [
                    file("src/app.py", "def f():\n    return 2\n"),
                    file("tests/test_app.py", "assert True\n"),
                ],
            },
        )
    )
    await _ok(
        await call(
            client,
            project,
            "POST",
            "/v1/scores",
            {"traceId": "agent-t2", "name": "quality", "value": 0.7},
        )
    )
    for trace_id in ("agent-t1", "agent-t2"):
        await _ok(
            await call(
                client, project, "POST", f"/v1/ci-runs/{run['id']}/traces", {"traceId": trace_id}
            ),
            200,
        )
        await _ok(
            await call(
                client,
                project,
                "POST",
                "/v1/git-links",
                {
                    "traceId": trace_id,
                    "commitSha": "c2",
                    "parentSha": "c1",
                    "branch": "feature",
                    "commitMessage": "fix f",
                    "commitTimestamp": T(20),
                    "linkType": "commit",
                    "filesModified": ["src/app.py"],
                    "filesAdded": ["tests/test_app.py"],
                },
            )
        )
    await _ok(
        await call(
            client, project, "POST", f"/v1/ci-runs/{run['id']}/complete", {"status": "completed"}
        ),
        200,
    )
    return {"run": run["id"]}  # fmt: skip


async def test_a_coding_agent_run_tells_the_same_story_in_every_view(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    ids = await _play(client, project)

    # REST: the CI run, with totals from both traces.
    run = await _ok(await call(client, project, "GET", "/v1/ci-runs/provider/run-1001"), 200)
    assert (run["id"], run["status"], run["provider"]) == (ids["run"], "success", "github_actions")
    assert (run["traceIds"], run["traceCount"]) == (["agent-t1", "agent-t2"], 2)
    assert (run["totalObservations"], run["totalTokens"], run["errorCount"]) == (4, 1800, 1)

    # REST: the commit, the timeline and each trace's replay.
    commit = (await _ok(await call(client, project, "GET", "/v1/git-links/commit/c2"), 200))[
        "commit"
    ]
    assert (commit["traceCount"], commit["totalTokens"], commit["errorCount"]) == (2, 1800, 1)
    timeline = await _ok(
        await call(client, project, "GET", "/v1/git-links/timeline?branch=feature"), 200
    )
    assert [c["commitSha"] for c in timeline["data"]] == ["c2"]
    replays = {
        trace_id: await _ok(
            await call(client, project, "GET", f"/v1/traces/{trace_id}/replay"), 200
        )
        for trace_id in ("agent-t1", "agent-t2")
    }
    assert [e["type"] for e in replays["agent-t1"]["events"]] == [
        "llm_call", "tool_call", "file_operation", "terminal_command", "checkpoint", "git_operation",
    ]  # fmt: skip
    first, second = replays["agent-t1"]["summary"], replays["agent-t2"]["summary"]
    assert (first["commandsRun"], first["commandsFailed"], second["commandsFailed"]) == (1, 0, 1)
    assert second["filesTouched"] == ["src/app.py", "tests/test_app.py"]
    assert (first["commits"], second["errors"]) == (
        ["c2"],
        2,
    )  # the ERROR event, the failed command
    command = replays["agent-t1"]["events"][3]
    assert SECRET not in command["title"]
    assert "[REDACTED:github_token]" in command["title"]

    # REST: the session sums its traces' agent records; the checkpoints diff.
    session = await _ok(await call(client, project, "GET", "/v1/sessions/agent-session"), 200)
    assert session["agent"] == {
        "filesTouched": 2, "fileOperations": 3, "commands": 2, "failedCommands": 1,
        "commits": 1, "checkpoints": 2, "ciRuns": 1,
    }  # fmt: skip
    cp1 = (await _ok(await call(client, project, "GET", "/v1/traces/agent-t1/checkpoints"), 200))[
        "data"
    ][0]
    cp2 = (await _ok(await call(client, project, "GET", "/v1/traces/agent-t2/checkpoints"), 200))[
        "data"
    ][0]
    diff = await _ok(
        await call(client, project, "GET", f"/v1/checkpoints/{cp2['id']}/diff?against={cp1['id']}"),
        200,
    )
    assert (diff["added"], diff["changed"]) == (["tests/test_app.py"], ["src/app.py"])

    # GraphQL tells the same story.
    gql_run = await data(client, project, operation("CiRunView"), providerRunId="run-1001")
    assert {k: run[k] for k in gql_run["ciRunByProviderRunId"]} == gql_run["ciRunByProviderRunId"]
    assert gql_run["ciRunStats"]["totalTokens"] == 1800
    for trace_id, rest in replays.items():
        found = await data(client, project, operation("AgentRun"), traceId=trace_id)
        assert {k: rest["summary"][k] for k in found["replay"]["summary"]} == found["replay"][
            "summary"
        ]
        events = [{k: e[k] for k in found["replay"]["events"][0]} for e in rest["events"]]
        assert found["replay"]["events"] == events
        trace = found["trace"]
        for field, path in (("fileOperations", "file-operations"), ("terminalCommands", "terminal-commands"),
                            ("checkpoints", "checkpoints")):  # fmt: skip
            listed = (
                await _ok(await call(client, project, "GET", f"/v1/traces/{trace_id}/{path}"), 200)
            )["data"]
            assert trace[field] == [{k: r[k] for k in trace[field][0]} for r in listed], field
        assert [link["commitSha"] for link in trace["gitLinks"]] == ["c2"]
        assert [r["id"] for r in trace["ciRuns"]] == [ids["run"]]
    gql_timeline = (await data(client, project, operation("GitTimeline"), branch="feature"))[
        "gitTimeline"
    ]
    assert gql_timeline["totalCount"] == 1
    (node,) = gql_timeline["nodes"]
    assert {k: timeline["data"][0][k] for k in node if k != "traces"} == {
        k: v for k, v in node.items() if k != "traces"
    }
    assert [t["id"] for t in node["traces"]] == ["agent-t1", "agent-t2"]
    gql_session = (await data(client, project, operation("SessionAgent"), id="agent-session"))[
        "session"
    ]
    assert gql_session["agent"] == session["agent"]
