"""Our side of the Citus plan in docs/operations.md: project_id distributes every table a
project owns, and the hot paths' statements each stay on one shard.

Citus is not installed here, so the test checks what Citus requires of us: primary keys
and unique constraints that include the distribution column, no foreign keys between
distributed tables, and, captured on PostgreSQL while the hot paths run through HTTP,
statements that filter every distributed table they touch by one ``project_id`` (joins on
``project_id`` too).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import UniqueConstraint, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool
from sqlmodel import SQLModel

import agenttrace.models  # noqa: F401  (every table in the metadata)
from agenttrace.app import create_app
from agenttrace.core import retention
from agenttrace.db import Database
from agenttrace.settings import Settings
from tests.conftest import ProjectKeys

REFERENCE = {"organization", "project", "api_key", "model_price"}
DISTRIBUTED = {
    table.name
    for table in SQLModel.metadata.sorted_tables
    if "project_id" in table.c and table.name not in REFERENCE
} | {"trace_search"}
_TABLE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE)\s+\"?(\w+)\"?", re.IGNORECASE)
_ONE_PROJECT = re.compile(r"\bproject_id = \$\d+")
_JOIN_ON = re.compile(
    r"\bJOIN\s+\"?\w+\"?(?:\s+AS\s+\w+)?\s+ON\s+(.*?)(?=\bJOIN\b|\bWHERE\b|$)", re.S
)


def test_the_check_catches_statements_that_would_fan_out() -> None:
    assert shard_problems("SELECT trace.id FROM trace WHERE trace.id = $1::VARCHAR")
    assert shard_problems(
        "SELECT 1 FROM trace WHERE trace.project_id = $1 UNION ALL SELECT 1 FROM score"
    )
    assert shard_problems("SELECT 1 FROM trace WHERE (trace.project_id, trace.id) IN ($1)")
    assert shard_problems(
        "SELECT 1 FROM score JOIN trace ON trace.id = score.trace_id WHERE score.project_id = $1"
    )
    assert shard_problems("INSERT INTO trace (id, name) VALUES ($1, $2)")
    assert not shard_problems("SELECT 1 FROM trace WHERE trace.project_id = $1::VARCHAR")


def test_distributed_tables_key_by_project_and_reference_only_reference_tables() -> None:
    for table in SQLModel.metadata.sorted_tables:
        if table.name not in DISTRIBUTED:
            continue
        assert "project_id" in [c.name for c in table.primary_key.columns], table.name
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                assert "project_id" in [c.name for c in constraint.columns], table.name
        for index in table.indexes:
            if index.unique:
                assert "project_id" in [c.name for c in index.columns], index.name
        for foreign_key in table.foreign_keys:
            assert foreign_key.column.table.name in REFERENCE, (table.name, foreign_key)


@contextmanager
def captured() -> Iterator[list[str]]:
    """Every PostgreSQL statement run meanwhile on connections opened meanwhile: through
    SQLAlchemy (its cursor event) and straight through the driver (``db/driver.py``, seen
    by asyncpg's query logger)."""
    statements: list[str] = []

    def note(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if conn.dialect.name == "postgresql":
            statements.append(" ".join(statement.split()))

    def log(record: Any) -> None:
        statements.append(" ".join(record.query.split()))

    def attach(_connection: Any, record: Any) -> None:
        if hasattr(record.driver_connection, "add_query_logger"):
            record.driver_connection.add_query_logger(log)

    event.listen(Engine, "before_cursor_execute", note)
    event.listen(Pool, "connect", attach)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", note)
        event.remove(Pool, "connect", attach)


def shard_problems(statement: str) -> list[str]:
    """Why ``statement`` would not route to one shard (empty: it would)."""
    tables = {name for name in _TABLE.findall(statement) if name in DISTRIBUTED}
    if not tables:
        return []
    verb = statement.split(" ", 1)[0].upper()
    if verb == "INSERT":
        columns = statement.split("(", 1)[1].split(")", 1)[0]
        problems = [] if "project_id" in columns else ["INSERT without project_id"]
        if "ON CONFLICT (" in statement:
            target = statement.split("ON CONFLICT (", 1)[1].split(")", 1)[0]
            if "project_id" not in target:
                problems.append("ON CONFLICT target without project_id")
        return problems
    problems = []
    for part in re.split(r"\bUNION(?: ALL)?\b", statement):
        touched = {name for name in _TABLE.findall(part) if name in DISTRIBUTED}
        if touched and not _ONE_PROJECT.search(part):
            problems.append(f"no project_id = <one value> filter on {sorted(touched)}")
    if re.search(r"\(\s*\w+\.project_id\s*,", statement) or "project_id IN" in statement:
        problems.append("project_id among several values")
    for condition in _JOIN_ON.findall(statement):
        if "project_id" not in condition:
            problems.append(f"join not on project_id: {condition[:80]}")
    return problems


async def run_hot_paths(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    trace_id = uuid.uuid4().hex
    ts = "2026-06-01T10:00:00Z"
    batch = [
        ("trace-create", {"id": trace_id, "timestamp": ts, "name": "hot", "sessionId": "s-hot"}),
        ("span-create", {"id": f"{trace_id}-s", "traceId": trace_id, "startTime": ts}),
        ("generation-create", {"id": f"{trace_id}-g", "traceId": trace_id, "startTime": ts,
                               "model": "gpt-4o", "usage": {"input": 10, "output": 5}}),
        ("span-update", {"id": f"{trace_id}-s", "endTime": "2026-06-01T10:00:01Z"}),
        ("score-create", {"id": f"{trace_id}-q", "traceId": trace_id, "name": "q", "value": 1}),
    ]  # fmt: skip
    events = [
        {"id": uuid.uuid4().hex, "type": kind, "timestamp": ts, "body": body}
        for kind, body in batch
    ]
    sent = await client.post("/api/public/ingestion", json={"batch": events}, auth=project.basic)
    assert sent.status_code == 207, sent.text
    assert not sent.json()["errors"], sent.text
    headers = project.bearer
    for path in (
        "/v1/traces",
        "/v1/traces?limit=1",
        f"/v1/traces/{trace_id}",
        f"/v1/observations?traceId={trace_id}",
        f"/v1/observations/{trace_id}-g",
        "/v1/sessions",
        "/v1/sessions/s-hot",
        f"/v1/scores?traceId={trace_id}",
        "/api/public/traces",
        f"/api/public/traces/{trace_id}",
    ):
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.text)
    patched = await client.patch(f"/v1/traces/{trace_id}", json={"name": "hot2"}, headers=headers)
    assert patched.status_code == 200
    old = uuid.uuid4().hex
    created = await client.post(
        "/v1/traces", json={"id": old, "timestamp": "2020-01-01T00:00:00Z"}, headers=headers
    )
    assert created.status_code == 201
    await retention.sweep_project(database, project_id=project.project_id, retention_days=365)
    deleted = await client.delete(f"/v1/traces/{trace_id}", headers=headers)
    assert deleted.status_code == 204


@pytest.mark.postgresql_only  # the statements Citus would route are PostgreSQL's
async def test_hot_path_statements_stay_on_one_shard(
    dialect: str, settings: Settings, project: ProjectKeys, database: Database
) -> None:
    with captured() as statements:
        # An app of its own, so that every connection it opens is watched from the start.
        async with LifespanManager(create_app(settings)) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://citus") as client:
                await run_hot_paths(client, project, database)
    assert len([s for s in statements if {*_TABLE.findall(s)} & DISTRIBUTED]) > 20
    # The ingest path's own statements, sent past SQLAlchemy, are among those checked.
    assert any(s.startswith("INSERT INTO observation") for s in statements)
    assert any("UNION ALL SELECT 'observation'" in s for s in statements)
    problems = {s: shard_problems(s) for s in statements if shard_problems(s)}
    assert problems == {}
