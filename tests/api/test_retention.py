"""Retention: ``PATCH /v1/projects/current`` sets ``retentionDays``, the sweeper deletes older
traces with all their children in bounded batches (the trace counter stays right), the
project shows its last sweep; ``agenttrace projects retention|delete`` from the CLI."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from agenttrace.core import retention
from agenttrace.core.jobs.tables import JOB
from agenttrace.core.pricing.costs import PriceBook
from agenttrace.core.tenancy import projects
from agenttrace.core.time import iso, utcnow
from agenttrace.core.tracing import commands
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.db import Database
from agenttrace.settings import Settings
from tests.api.otlp import MS, T0
from tests.api.otlp_logs import METRICS, metrics_export, sum_metric
from tests.api.otlp_logs import post as post_otlp
from tests.api.test_cli import agenttrace
from tests.conftest import ProjectKeys, make_project


async def post(client: httpx.AsyncClient, project: ProjectKeys, path: str, body: Any) -> None:
    response = await client.post(path, json=body, headers=project.bearer)
    assert response.status_code == 201, response.text


async def make_trace(
    client: httpx.AsyncClient, project: ProjectKeys, trace_id: str, days_ago: float
) -> None:
    """A trace with an observation, a score, an agent record and a session."""
    at = iso(utcnow() - timedelta(days=days_ago))
    await post(
        client,
        project,
        "/v1/traces",
        {"id": trace_id, "name": "t", "timestamp": at, "sessionId": f"s-{trace_id}"},
    )
    await post(
        client,
        project,
        "/v1/observations",
        {"id": f"{trace_id}-o", "traceId": trace_id, "type": "span", "startTime": at},
    )
    await post(client, project, "/v1/scores", {"traceId": trace_id, "name": "q", "value": 1})
    await post(
        client,
        project,
        "/v1/file-operations",
        {"traceId": trace_id, "operation": "CREATE", "path": "a.py", "startedAt": at},
    )


async def wait_for_sweep(
    client: httpx.AsyncClient, project: ProjectKeys, after: str | None
) -> dict[str, Any]:
    for _ in range(200):
        body = (await client.get("/v1/projects/current", headers=project.bearer)).json()
        sweep = body["lastSweep"]
        if sweep is not None and (after is None or sweep["at"] > after):
            return body
        await asyncio.sleep(0.05)
    raise AssertionError("no sweep happened")


async def rows_of(database: Database, project_id: str) -> dict[str, int]:
    """Rows per table with a project_id column (the project's own row excluded)."""
    counts: dict[str, int] = {}
    async with database.read() as session:
        for table in SQLModel.metadata.sorted_tables:
            if "project_id" in table.c and table.name != "project":
                found = await session.execute(
                    select(func.count()).select_from(table).where(table.c.project_id == project_id)
                )
                counts[table.name] = int(found.scalar_one())
    return {name: count for name, count in counts.items() if count}


async def test_a_policy_deletes_older_traces_with_their_children_and_keeps_younger(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    for trace_id, days_ago in (("old-1", 40), ("old-2", 31), ("young", 29), ("new", 0)):
        await make_trace(client, project, trace_id, days_ago)
    before = (await client.get("/v1/projects/current", headers=project.bearer)).json()
    assert before["retentionDays"] is None
    assert before["lastSweep"] is None

    patched = await client.patch(
        "/v1/projects/current", json={"retentionDays": 30}, headers=project.bearer
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["retentionDays"] == 30
    swept = await wait_for_sweep(client, project, None)
    assert swept["retentionDays"] == 30
    assert swept["lastSweep"]["deletedTraces"] == 2

    for gone in ("old-1", "old-2"):
        response = await client.get(f"/v1/traces/{gone}", headers=project.bearer)
        assert response.status_code == 404
        observation = await client.get(f"/v1/observations/{gone}-o", headers=project.bearer)
        assert observation.status_code == 404
        for path in (f"/v1/scores?traceId={gone}", f"/v1/file-operations?traceId={gone}"):
            listed = await client.get(path, headers=project.bearer)
            assert listed.json()["data"] == [], path
        session = await client.get(f"/v1/sessions/s-{gone}", headers=project.bearer)
        assert session.status_code == 404
    for kept in ("young", "new"):
        trace = await client.get(f"/v1/traces/{kept}", headers=project.bearer)
        assert trace.status_code == 200
        assert trace.json()["observationCount"] == 1
    page = (await client.get("/v1/traces", headers=project.bearer)).json()
    assert sorted(t["id"] for t in page["data"]) == ["new", "young"]
    assert page["meta"]["totalCount"] == 2  # the trace counter, not a recount
    rows = await rows_of(database, project.project_id)
    assert rows["trace"] == 2
    assert rows["observation"] == 2
    assert rows["score"] == 2
    assert rows["trace_count"] == 1


async def test_the_policy_is_validated_and_needs_the_delete_scope(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    for bad in ({}, {"retentionDays": 0}, {"retentionDays": "30"}, {"retentionDays": True}):
        response = await client.patch("/v1/projects/current", json=bad, headers=project.bearer)
        assert response.status_code == 400, bad
        assert response.json()["error"]["details"]["field"] == "retentionDays"
    reader = await make_project(database, scopes=["traces:read"])
    refused = await client.patch(
        "/v1/projects/current", json={"retentionDays": 7}, headers=reader.bearer
    )
    assert refused.status_code == 403
    cleared = await client.patch(
        "/v1/projects/current", json={"retentionDays": None}, headers=project.bearer
    )
    assert cleared.status_code == 200
    assert cleared.json()["retentionDays"] is None


async def test_a_sweep_goes_in_bounded_batches_through_a_list_of_deleters(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    for number in range(5):
        await make_trace(client, project, f"b-{number}", 10)
    calls: list[int] = []

    class Counting(retention.TraceDeleter):
        async def __call__(
            self, *, session: AsyncSession, project_id: str, cutoff: Any, limit: int
        ) -> int:
            deleted = await super().__call__(
                session=session, project_id=project_id, cutoff=cutoff, limit=limit
            )
            calls.append(deleted)
            return deleted

    result = await retention.sweep_project(
        database,
        project_id=project.project_id,
        retention_days=5,
        deleters=[Counting()],
        batch=2,
    )
    assert calls == [2, 2, 1]
    assert result.deleted == {"trace": 5}
    assert await rows_of(database, project.project_id) == {"api_key": 1, "trace_count": 1}


async def test_cli_sets_retention_and_deletes_a_project(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database, settings: Settings
) -> None:
    await make_trace(client, project, "cli-old", 100)
    await make_trace(client, project, "cli-new", 1)
    url = settings.database_url
    set_policy = agenttrace(
        "projects", "retention", project.project_id, "--days", "50", "--database-url", url
    )
    assert set_policy.returncode == 0, set_policy.stderr
    assert "swept: 1 traces deleted" in set_policy.stdout
    body = (await client.get("/v1/projects/current", headers=project.bearer)).json()
    assert body["retentionDays"] == 50
    assert (await client.get("/v1/traces/cli-old", headers=project.bearer)).status_code == 404

    missing = agenttrace("projects", "delete", "no-such-project", "--yes", "--database-url", url)
    assert missing.returncode == 1
    deleted = agenttrace("projects", "delete", project.project_id, "--yes", "--database-url", url)
    assert deleted.returncode == 0, deleted.stderr
    assert await rows_of(database, project.project_id) == {}
    # The key went with the project (the key cache holds a verified key a few seconds).
    for _ in range(100):
        response = await client.get("/v1/projects/current", headers=project.bearer)
        if response.status_code == 401:
            break
        await asyncio.sleep(0.1)
    assert response.status_code == 401


async def test_the_sweeper_runs_again_after_its_interval(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    """No request() here: the policy is written behind the sweeper's back (as another
    process would), and the periodic sweep finds it."""
    await make_trace(client, project, "p-old", 9)
    sweeper = retention.Sweeper(database, interval=0.1)
    sweeper.start()
    try:
        async with database.write() as session:
            await projects.set_retention(
                session=session, project_id=project.project_id, retention_days=3
            )
        body = await wait_for_sweep(client, project, None)
    finally:
        await sweeper.stop()
    assert body["lastSweep"]["deletedTraces"] == 1
    assert (await client.get("/v1/traces/p-old", headers=project.bearer)).status_code == 404


async def test_a_sweep_never_holds_up_ingestion(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    """The sweep's batches join the ingest writer's queue: writes complete between them,
    not after the whole sweep."""
    old = iso(utcnow() - timedelta(days=60))
    for start in range(0, 2000, 200):
        events = [
            {"id": f"ev-{n}", "type": "trace-create", "timestamp": old,
             "body": {"id": f"sweep-{n}", "timestamp": old}}
            for n in range(start, start + 200)
        ]  # fmt: skip
        sent = await client.post(
            "/api/public/ingestion", json={"batch": events}, auth=project.basic
        )
        assert sent.status_code == 207
        assert not sent.json()["errors"]
    writer = IngestWriter(database, PriceBook())
    writer.start()
    try:
        sweep = asyncio.create_task(
            retention.sweep_project(
                database, project_id=project.project_id, retention_days=30, batch=100,
                writer=writer,
            )
        )  # fmt: skip
        during = 0
        number = 0
        while not sweep.done():
            number += 1
            await commands.create_trace(
                writer=writer, project_id=project.project_id, body={"id": f"live-{number}"}
            )
            during += not sweep.done()
        result = await sweep
    finally:
        await writer.stop()
    assert result.deleted["trace"] == 2000
    assert during >= 10, f"only {during} writes completed during 20 batches"
    page = (await client.get("/v1/traces?limit=1", headers=project.bearer)).json()
    assert page["meta"]["totalCount"] == number


async def test_metric_points_age_out_with_the_same_policy(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    now_ms = (time.time_ns() - T0) // MS
    export = metrics_export(
        sum_metric("agent.tokens", [({"k": "old"}, 0, 60_000, 5.0),
                                    ({"k": "new"}, now_ms - 120_000, now_ms - 60_000, 7.0)]),
    )  # fmt: skip
    response = await post_otlp(client, project, export, path=METRICS, encoding="json")
    assert response.status_code == 200, response.text
    assert (await rows_of(database, project.project_id))["metric_point"] == 2
    result = await retention.sweep_project(
        database, project_id=project.project_id, retention_days=30
    )
    assert result.deleted["metric_point"] == 1
    assert (await rows_of(database, project.project_id))["metric_point"] == 1


async def test_jobs_age_out_with_the_same_policy(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    trace = {"id": "judged", "name": "qa", "output": "Paris"}
    assert (await client.post("/v1/traces", json=trace, headers=project.bearer)).is_success
    rule = {"name": "mentions-paris", "type": "rule",
            "config": {"operator": "contains", "source": "output", "value": "Paris"}}  # fmt: skip
    made = (await client.post("/v1/evaluators", json=rule, headers=project.bearer)).json()
    for _ in range(2):
        ran = await client.post(
            f"/v1/evaluators/{made['id']}/execute", json={"traceId": "judged"},
            headers=project.bearer,
        )  # fmt: skip
        assert ran.status_code == 200, ran.text
    assert (await rows_of(database, project.project_id))["job"] == 2
    old = ran.json()["jobs"][0]["id"]
    async with database.write() as session:
        await session.execute(
            JOB.update()
            .where(JOB.c.project_id == project.project_id, JOB.c.id == old)
            .values(created_at=utcnow() - timedelta(days=31))
        )
    result = await retention.sweep_project(
        database, project_id=project.project_id, retention_days=30
    )
    assert result.deleted["job"] == 1
    assert (await rows_of(database, project.project_id))["job"] == 1


async def test_graphql_shows_the_policy_and_the_last_sweep(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    query = {"query": "{ project { retentionDays lastSweep { at deletedTraces } } }"}
    before = await client.post("/graphql", json=query, headers=project.bearer)
    assert before.json()["data"]["project"] == {"retentionDays": None, "lastSweep": None}
    patched = await client.patch(
        "/v1/projects/current", json={"retentionDays": 7}, headers=project.bearer
    )
    assert patched.status_code == 200, patched.text
    # The policy change starts a sweep of its own (``Sweeper.request``), which would otherwise
    # land at any moment, between the two reads below too: wait until it has noted this one.
    for _ in range(200):
        current = (await client.get("/v1/projects/current", headers=project.bearer)).json()
        if current["lastSweep"] is not None:
            break
        await asyncio.sleep(0.05)
    assert current["lastSweep"] is not None, "a policy change sweeps at once"
    await retention.sweep_project(database, project_id=project.project_id, retention_days=7)
    after = (await client.post("/graphql", json=query, headers=project.bearer)).json()
    shown = after["data"]["project"]
    assert shown["retentionDays"] == 7
    assert shown["lastSweep"]["deletedTraces"] == 0
    rest = (await client.get("/v1/projects/current", headers=project.bearer)).json()
    assert shown["lastSweep"]["at"] == rest["lastSweep"]["at"]
