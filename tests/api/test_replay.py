"""Replay through /v1 on both databases: one timeline of observations and agent records
in time order with its summary, and the comparison of two runs."""

from __future__ import annotations

import httpx

from tests.api.agents import call, make_trace
from tests.conftest import ProjectKeys


async def _post(client: httpx.AsyncClient, project: ProjectKeys, path: str, body: dict) -> None:
    response = await call(client, project, "POST", path, body)
    assert response.status_code == 201, response.text


async def _run(
    client: httpx.AsyncClient, project: ProjectKeys, trace_id: str, variant: str
) -> None:
    """A small agent run: think, read, call a tool, edit, test, commit (times interleaved)."""
    await make_trace(client, project, trace_id, gitCommitSha=f"sha-{variant}")
    t = "2026-03-01T10:00:0{}Z".format
    await _post(
        client,
        project,
        "/v1/observations",
        {
            "traceId": trace_id,
            "type": "generation",
            "name": "plan",
            "model": "gpt-4o",
            "startTime": t(0),
            "endTime": t(1),
            "usage": {"inputTokens": 100, "outputTokens": 50},
        },
    )
    await _post(
        client,
        project,
        "/v1/file-operations",
        {"traceId": trace_id, "operation": "read", "filePath": "src/app.py", "startedAt": t(2)},
    )
    await _post(
        client,
        project,
        "/v1/observations",
        {
            "traceId": trace_id,
            "type": "span",
            "name": "tool-search",
            "startTime": t(3),
            "endTime": t(4),
        },
    )
    await _post(
        client,
        project,
        "/v1/file-operations",
        {
            "traceId": trace_id,
            "operation": "update",
            "filePath": f"src/{variant}.py",
            "startedAt": t(5),
        },
    )
    await _post(
        client,
        project,
        "/v1/terminal-commands",
        {
            "traceId": trace_id,
            "command": "pytest",
            "exitCode": 0 if variant == "a" else 1,
            "startedAt": t(6),
            "durationMs": 500,
        },
    )
    await _post(
        client,
        project,
        "/v1/checkpoints",
        {"traceId": trace_id, "name": "after tests", "timestamp": t(7)},
    )
    await _post(
        client,
        project,
        "/v1/git-links",
        {
            "traceId": trace_id,
            "commitSha": f"sha-{variant}",
            "commitMessage": "done",
            "commitTimestamp": t(8),
            "linkType": "commit",
        },
    )
    await _post(client, project, "/v1/scores", {
        "traceId": trace_id, "name": "quality", "value": 0.9 if variant == "a" else 0.4})  # fmt: skip


async def test_a_replay_merges_every_source_in_time_order(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _run(client, project, "t-replay", "a")
    response = await call(client, project, "GET", "/v1/traces/t-replay/replay")
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(e["type"], e["title"]) for e in body["events"]] == [
        ("llm_call", "plan"),
        ("file_operation", "read src/app.py"),
        ("tool_call", "tool-search"),
        ("file_operation", "update src/a.py"),
        ("terminal_command", "pytest"),
        ("checkpoint", "after tests"),
        ("git_operation", "commit sha-a done"),
    ]
    summary = body["summary"]
    assert summary["durationMs"] == 8000
    assert (summary["totalTokens"], summary["llmCalls"], summary["toolCalls"]) == (150, 1, 1)
    assert summary["filesTouched"] == ["src/a.py", "src/app.py"]
    assert (summary["commandsRun"], summary["commandsFailed"], summary["commits"]) == (
        1,
        0,
        ["sha-a"],
    )
    assert summary["scores"] == {"quality": 0.9}
    assert "input" not in body["events"][0]["data"]
    with_io = await call(client, project, "GET", "/v1/traces/t-replay/replay?includeIo=true")
    assert "input" in with_io.json()["events"][0]["data"]
    assert (await call(client, project, "GET", "/v1/traces/none/replay")).status_code == 404


async def test_compare_tells_what_each_run_did_and_the_deltas(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _run(client, project, "t-cmp-a", "a")
    await _run(client, project, "t-cmp-b", "b")
    response = await call(
        client,
        project,
        "POST",
        "/v1/replay/compare",
        {"traceId1": "t-cmp-a", "traceId2": "t-cmp-b"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["files"] == {
        "onlyIn1": ["src/a.py"],
        "onlyIn2": ["src/b.py"],
        "inBoth": ["src/app.py"],
    }
    assert {(d["type"], d["description"]) for d in body["differences"]} == {
        ("removed", "update src/a.py"), ("added", "update src/b.py"),
        ("removed", "commit sha-a done"), ("added", "commit sha-b done"),
    }  # fmt: skip
    deltas = body["deltas"]
    assert (deltas["totalCost"], deltas["totalTokens"], deltas["commandsFailed"]) == (0.0, 0, 1)
    assert round(deltas["scores"]["quality"], 6) == -0.5
    missing = await call(client, project, "POST", "/v1/replay/compare", {"traceId1": "t-cmp-a"})
    assert missing.status_code == 400
