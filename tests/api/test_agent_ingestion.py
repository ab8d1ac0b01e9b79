"""The agent event types of POST /api/public/ingestion on both databases: each lands where
/v1 reads it, an unknown trace gets its shell, the same event sent again changes nothing,
and a bad event fails alone with the field named."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from agenttrace.core import ingestion
from agenttrace.core.pricing.costs import PriceBook
from agenttrace.core.tenancy.keys import Principal
from agenttrace.core.tracing.ingest import events
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.db import Database
from agenttrace.settings import Settings
from tests.api.agents import call
from tests.conftest import ProjectKeys

WHEN = "2026-03-01T10:00:00.000Z"


def _event(event_id: str, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"id": event_id, "type": kind, "timestamp": WHEN, "body": body}


async def _ingest(client: httpx.AsyncClient, project: ProjectKeys, *events: dict) -> dict:
    response = await client.post(
        "/api/public/ingestion", json={"batch": list(events)}, auth=project.basic
    )
    assert response.status_code == 207, response.text
    return response.json()


BATCH = (
    _event("e1", "checkpoint-create", {
        "traceId": "t-sdk", "name": "start", "type": "milestone",
        "filesSnapshot": {"a.py": {"size": 1, "hash": "a" * 64}}}),
    _event("e2", "git-link-create", {"traceId": "t-sdk", "commitSha": "abc", "linkType": "start"}),
    _event("e3", "file-operation-create", {"traceId": "t-sdk", "operation": "update", "filePath": "a.py"}),
    _event("e4", "terminal-command-create", {
        "traceId": "t-sdk", "command": "echo", "args": ["token=abc123secret"]}),
    _event("e5", "ci-run-create", {
        "id": "run-1", "provider": "github_actions", "providerRunId": "99", "traceIds": ["t-sdk"]}),
    _event("e6", "ci-run-update", {"id": "run-1", "status": "failed"}),
)  # fmt: skip


async def test_every_agent_event_lands_and_sending_it_again_changes_nothing(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for _ in range(2):
        answer = await _ingest(client, project, *BATCH)
        assert answer["errors"] == []
        assert [s["id"] for s in answer["successes"]] == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert (await call(client, project, "GET", "/v1/traces/t-sdk")).status_code == 200
    for path, count in (
        ("/v1/checkpoints?traceId=t-sdk", 1), ("/v1/git-links?traceId=t-sdk", 1),
        ("/v1/file-operations?traceId=t-sdk", 1), ("/v1/terminal-commands?traceId=t-sdk", 1),
    ):  # fmt: skip
        listed = await call(client, project, "GET", path)
        assert listed.json()["meta"]["totalCount"] == count, path
    checkpoint = (await call(client, project, "GET", "/v1/checkpoints?traceId=t-sdk")).json()[
        "data"
    ][0]
    assert checkpoint["type"] == "milestone"
    command = (await call(client, project, "GET", "/v1/terminal-commands?traceId=t-sdk")).json()[
        "data"
    ][0]
    assert command["args"] == ["token=[REDACTED:password]"]
    run = (await call(client, project, "GET", "/v1/ci-runs/run-1")).json()
    assert (run["status"], run["traceIds"], run["provider"]) == (
        "failure",
        ["t-sdk"],
        "github_actions",
    )


async def test_a_bad_agent_event_fails_alone_naming_its_field(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    answer = await _ingest(
        client, project,
        _event("bad-1", "file-operation-create", {"traceId": "t-x", "operation": "zap", "filePath": "a"}),
        _event("bad-2", "checkpoint-create", {"traceId": "t-x", "files": [{"path": "../x"}]}),
        _event("bad-3", "ci-run-update", {"status": "done"}),
        _event("good", "git-link-create", {"traceId": "t-x", "commitSha": "def"}),
    )  # fmt: skip
    assert [s["id"] for s in answer["successes"]] == ["good"]
    assert [(e["id"], e["status"]) for e in answer["errors"]] == [
        ("bad-1", 400), ("bad-2", 400), ("bad-3", 400),
    ]  # fmt: skip
    assert "body.operation" in answer["errors"][0]["error"]
    assert "body.files[0].path" in answer["errors"][1]["error"]


async def test_an_update_before_its_create_ends_in_the_same_run(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await _ingest(
        client, project, _event("u1", "ci-run-update", {"id": "run-late", "status": "success"})
    )
    await _ingest(client, project, _event("c1", "ci-run-create", {
        "id": "run-late", "provider": "gitlab", "providerRunId": "555"}))  # fmt: skip
    run = (await call(client, project, "GET", "/v1/ci-runs/run-late")).json()
    assert (run["provider"], run["providerRunId"], run["status"]) == ("gitlab_ci", "555", "success")


async def test_a_checkpoint_past_the_content_limits_is_a_413_entry_and_the_rest_is_stored(
    database: Database, project: ProjectKeys
) -> None:
    settings = Settings(checkpoint_max_file_bytes=8)
    writer = IngestWriter(database, PriceBook(), stores=ingestion.record_stores(settings))
    writer.start()
    caller = Principal(project.project_id, "key", project.public_key, frozenset({"*"}))
    content = base64.b64encode(b"more than eight bytes").decode()
    try:
        outcomes = await events.ingest(
            writer=writer, principal=caller, max_event_bytes=1 << 20, check_sizes=True,
            event_types=ingestion.event_types(settings),
            batch=[
                _event("big", "checkpoint-create", {"traceId": "t-big-ev", "files": [{"path": "a", "content": content}]}),
                _event("small", "git-link-create", {"traceId": "t-big-ev", "commitSha": "ok"}),
            ],
        )  # fmt: skip
    finally:
        await writer.stop()
    assert [(o.event_id, o.error.code if o.error else None) for o in outcomes] == [
        ("big", "too_large"), ("small", None),
    ]  # fmt: skip
    assert outcomes[0].error is not None
    assert outcomes[0].error.field == "body.files[0].content"
