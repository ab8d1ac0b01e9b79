"""A project for the explorer's filters, previews, sizes and search, and its twin: another
project holding the same words, which no read of the first may see."""

from __future__ import annotations

from typing import Any

import httpx

from agenttrace.db import Database
from tests.api.test_v1_reads import ingest
from tests.conftest import ProjectKeys, make_project

CHAT_INPUT = [
    {"role": "system", "content": "Be brief"},
    {"role": "user", "content": "Where is   my\norder 42?"},
]
LONG_INPUT = "plain words " * 40  # 480 characters
AT = "2026-05-0{}T{}Z".format


def events() -> list[tuple[str, dict[str, Any]]]:
    return [
        ("trace-create", {"id": "c1", "name": "checkout", "userId": "ann", "sessionId": "s1", "timestamp": AT(1, "10:00:00"), "input": CHAT_INPUT, "output": {"role": "assistant", "content": "Timed out waiting"}, "metadata": {"region": "eu", "tier": 2, "beta": True}}),
        ("generation-create", {"id": "c1-gen", "traceId": "c1", "name": "llm", "model": "gpt-4o", "usage": {"input": 100, "output": 10}, "startTime": AT(1, "10:00:00"), "endTime": AT(1, "10:00:02"), "input": CHAT_INPUT, "output": "Timed out waiting"}),
        ("span-create", {"id": "c1-tool", "traceId": "c1", "parentObservationId": "c1-gen", "name": "lookup", "startTime": AT(1, "10:00:01"), "level": "ERROR", "statusMessage": "timeout"}),
        ("trace-create", {"id": "c2", "name": "search", "userId": "bob", "sessionId": "s2", "timestamp": AT(1, "11:00:00"), "input": LONG_INPUT, "output": {"answer": "ok"}, "metadata": {"region": "us"}}),
        ("generation-create", {"id": "c2-gen", "traceId": "c2", "model": "claude-x", "startTime": AT(1, "11:00:00"), "endTime": AT(1, "11:00:01"), "level": "WARNING"}),
        ("trace-create", {"id": "c3", "name": "refund", "userId": "zoe", "sessionId": "s3", "environment": "staging", "tags": ["vip"], "timestamp": AT(2, "09:00:00"), "output": "Refund of order 42 sent"}),
        ("score-create", {"id": "c1-own", "traceId": "c1", "name": "quality", "value": 1, "timestamp": AT(1, "10:05:00")}),
        ("score-create", {"id": "c1-obs", "traceId": "c1", "observationId": "c1-gen", "name": "helpful", "value": 0, "timestamp": AT(1, "10:06:00")}),
    ]  # fmt: skip


async def make_catalog(client: httpx.AsyncClient, database: Database) -> ProjectKeys:
    project = await make_project(database)
    await ingest(client, project, events())
    twin = await make_project(database)
    await ingest(client, twin, events())
    return project
