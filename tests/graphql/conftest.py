"""What the GraphQL tests share: posting operations, the explorer's data set, and a
graphql-transport-ws peer that speaks ASGI to the in-process app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from agenttrace.db import Database
from tests.api.test_v1_reads import ingest
from tests.conftest import ProjectKeys, make_project

OPERATIONS = Path(__file__).resolve().parents[2] / "graphql" / "operations"


def operation(name: str) -> str:
    """A query of the trace explorer, as kept in ``graphql/operations``."""
    return (OPERATIONS / f"{name}.graphql").read_text(encoding="utf-8")


async def post(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The whole answer (``data`` and ``errors``) to one operation."""
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def data(
    client: httpx.AsyncClient, project: ProjectKeys, query: str, **variables: Any
) -> dict[str, Any]:
    """``data`` of an operation that must not fail."""
    body = await post(client, query, variables, headers=project.bearer)
    assert "errors" not in body, body["errors"]
    return body["data"]  # type: ignore[no-any-return]


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements every engine runs meanwhile (the app's included)."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


@pytest.fixture(scope="module")
async def explorer(client: httpx.AsyncClient, database: Database) -> ProjectKeys:
    """A project as a trace explorer sees it: traces in two sessions and one without,
    observations nested three deep with priced, unpriced and unmodelled usage, and scores
    on traces, observations and a session."""
    project = await make_project(database)
    at = "2026-05-01T{}Z".format
    events: list[tuple[str, dict[str, Any]]] = [
        ("trace-create", {"id": "t1", "name": "chat", "userId": "ann", "sessionId": "s1", "tags": ["prod", "eu"], "environment": "production", "release": "r1", "timestamp": at("10:00:00"), "input": {"q": "hi"}, "output": "hello", "metadata": {"k": 1}}),
        ("span-create", {"id": "t1-root", "traceId": "t1", "name": "plan", "startTime": at("10:00:00"), "endTime": at("10:00:05")}),
        ("generation-create", {"id": "t1-gen", "traceId": "t1", "parentObservationId": "t1-root", "name": "llm", "model": "gpt-4o", "usage": {"input": 1000, "output": 100}, "startTime": at("10:00:01"), "completionStartTime": at("10:00:01.500"), "endTime": at("10:00:03"), "input": [{"role": "user", "content": "hi"}], "output": "hello"}),
        ("event-create", {"id": "t1-log", "traceId": "t1", "parentObservationId": "t1-gen", "name": "log", "startTime": at("10:00:02"), "level": "WARNING"}),
        ("trace-create", {"id": "t2", "name": "chat", "userId": "bob", "sessionId": "s1", "tags": ["prod"], "environment": "production", "timestamp": at("11:00:00")}),
        ("generation-create", {"id": "t2-gen", "traceId": "t2", "model": "gpt-4o-mini", "usage": {"input": 10, "output": 1}, "startTime": at("11:00:00"), "endTime": at("11:00:01")}),
        ("trace-create", {"id": "t3", "name": "search", "userId": "ann", "sessionId": "s2", "tags": ["dev"], "environment": "staging", "timestamp": at("12:00:00")}),
        ("generation-create", {"id": "t3-gen", "traceId": "t3", "model": "house-model-x", "usage": {"input": 50, "output": 5}, "startTime": at("12:00:00"), "endTime": at("12:00:04")}),
        ("tool-create", {"id": "t3-tool", "traceId": "t3", "name": "search", "startTime": at("12:00:01"), "endTime": at("12:00:02")}),
        ("trace-create", {"id": "t4", "name": "agent", "userId": "cid", "timestamp": at("13:00:00")}),
        ("event-create", {"id": "t4-err", "traceId": "t4", "name": "crash", "level": "ERROR", "startTime": at("13:00:00")}),
        ("trace-create", {"id": "t5", "name": "agent", "timestamp": at("14:00:00")}),
        ("score-create", {"id": "q1", "traceId": "t1", "name": "quality", "value": 0.9, "timestamp": at("10:01:00")}),
        ("score-create", {"id": "h1", "traceId": "t1", "observationId": "t1-gen", "name": "helpful", "value": True, "timestamp": at("10:02:00")}),
        ("score-create", {"id": "c3", "traceId": "t3", "name": "tone", "value": "neutral", "timestamp": at("12:01:00")}),
        ("score-create", {"id": "ss1", "sessionId": "s1", "name": "csat", "value": 4, "timestamp": at("11:30:00")}),
    ]  # fmt: skip
    await ingest(client, project, events)
    return project
