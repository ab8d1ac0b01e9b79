"""``GET /metrics``: Prometheus text with requests by route template and status, ingested
events by type and dialect, the writer's batches and queue, the pools; an optional token.

Instruments are process-wide (both dialects' apps share them), so tests compare values
before and after their own requests.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from prometheus_client.parser import text_string_to_metric_families

from agenttrace.app import create_app
from agenttrace.settings import Settings
from tests.api.test_ingestion import event, ingest
from tests.conftest import ProjectKeys

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: httpx.AsyncClient, **headers: str) -> Samples:
    response = await client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_requests_are_counted_by_route_template_and_status(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    route = {"method": "GET", "route": "/v1/traces/{trace_id}"}
    before = await scrape(client)
    missing = await client.get(f"/v1/traces/{uuid.uuid4().hex}", headers=project.bearer)
    assert missing.status_code == 404
    await client.get("/v1/no/such/path")
    after = await scrape(client)

    name = "agenttrace_http_requests_total"
    assert (
        value(after, name, **route, status="404") == value(before, name, **route, status="404") + 1
    )
    unmatched = {"method": "GET", "route": "unmatched", "status": "404"}
    assert value(after, name, **unmatched) == value(before, name, **unmatched) + 1
    # No raw path (with its id) ever becomes a label.
    assert not any(
        dict(labels).get("route", "").startswith("/v1/traces/") and "{" not in dict(labels)["route"]
        for _, labels in after
    )
    latency = "agenttrace_http_request_duration_seconds_count"
    assert value(after, latency, **route) == value(before, latency, **route) + 1


async def test_ingestion_counts_events_batches_and_commits(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    before = await scrape(client)
    trace_id = uuid.uuid4().hex
    await ingest(
        client,
        project,
        event("trace-create", {"id": trace_id, "name": "t"}),
        event("span-create", {"id": f"{trace_id}-s", "traceId": trace_id, "name": "s"}),
        event("span-create", {"id": f"{trace_id}-s2", "traceId": trace_id, "name": "s2"}),
        event("no-such-type", {"id": "x"}),
    )
    after = await scrape(client)

    events = "agenttrace_ingested_events_total"
    for kind, count in (("trace-create", 1), ("span-create", 2)):
        labels = {"type": kind, "dialect": "langfuse"}
        assert value(after, events, **labels) == value(before, events, **labels) + count
    assert value(after, events, type="no-such-type", dialect="langfuse") == 0
    for histogram in (
        "agenttrace_ingest_batch_writes",
        "agenttrace_ingest_commit_duration_seconds",
    ):
        assert value(after, f"{histogram}_count") >= value(before, f"{histogram}_count") + 1
    assert value(after, "agenttrace_ingest_batch_writes_sum") >= (
        value(before, "agenttrace_ingest_batch_writes_sum") + 3
    )
    assert ("agenttrace_writer_queue_depth", frozenset()) in after
    request_events = "agenttrace_ingest_request_events_sum"
    assert value(after, request_events, dialect="langfuse") == (
        value(before, request_events, dialect="langfuse") + 4
    )


async def test_pools_and_evaluation_jobs_are_exposed(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    jobs = "agenttrace_evaluation_jobs"
    before = await scrape(client)
    trace_id = uuid.uuid4().hex
    created = await client.post(
        "/v1/traces", json={"id": trace_id, "name": "qa", "output": "Paris"},
        headers=project.bearer,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    rule = {"name": "mentions-paris", "type": "rule",
            "config": {"operator": "contains", "source": "output", "value": "Paris"}}  # fmt: skip
    made = await client.post("/v1/evaluators", json=rule, headers=project.bearer)
    assert made.status_code == 201, made.text
    ran = await client.post(
        f"/v1/evaluators/{made.json()['id']}/execute", json={"traceId": trace_id},
        headers=project.bearer,
    )  # fmt: skip
    assert ran.status_code == 200, ran.text
    samples = await scrape(client)

    # Counted in the job table at scrape time: every status, the new completed job in it.
    for status in ("pending", "running", "completed", "failed", "skipped"):
        assert (jobs, frozenset({("status", status)})) in samples
    assert value(samples, jobs, status="completed") == value(before, jobs, status="completed") + 1
    pools = {
        dict(labels)["pool"] for name, labels in samples if name.startswith("agenttrace_db_pool_")
    }
    assert "writer" in pools
    # Every connection checked out has been checked in again between requests.
    assert value(samples, "agenttrace_db_pool_connections_in_use", pool="writer") >= 0
    assert value(samples, "agenttrace_db_pool_connections_open", pool="writer") >= 1


@pytest.fixture
async def guarded(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'metrics.db'}", metrics_token="scrape-me-please"
    )
    application = create_app(settings)
    async with LifespanManager(application) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://at.test") as client:
            yield client


async def test_a_token_protects_metrics(guarded: httpx.AsyncClient) -> None:
    assert (await guarded.get("/metrics")).status_code == 401
    wrong = await guarded.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "unauthorized"
    samples = await scrape(guarded, Authorization="Bearer scrape-me-please")
    assert any(name == "agenttrace_http_requests_total" for name, _ in samples)
