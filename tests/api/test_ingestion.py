"""Langfuse batch ingestion: every event type, 207 outcomes, merge and arrival order,
idempotent re-sends, partial failures, usage and cost, and what a public key may send."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from agenttrace.app import create_app
from agenttrace.core.tracing import reads
from agenttrace.db import Database
from agenttrace.settings import Settings
from tests.conftest import ProjectKeys

T = "2026-03-01T12:00:00.000000Z"


def event(
    kind: str, body: dict[str, Any], timestamp: str = T, event_id: str | None = None
) -> dict[str, Any]:
    return {"id": event_id or uuid.uuid4().hex, "type": kind, "timestamp": timestamp, "body": body}


async def ingest(
    client: httpx.AsyncClient, project: ProjectKeys, *events: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(
        "/api/public/ingestion", json={"batch": list(events)}, auth=project.basic
    )
    assert response.status_code == 207, response.text
    return response.json()  # type: ignore[no-any-return]


async def v1(client: httpx.AsyncClient, project: ProjectKeys, path: str) -> dict[str, Any]:
    response = await client.get(path, headers=project.bearer)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def without_times(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in ("createdAt", "updatedAt")}


def sdk_v2_batch(trace_id: str) -> list[dict[str, Any]]:
    """What the Langfuse Python SDK 2.x sends for trace → span → event → generation → updates → scores."""
    span, gen = f"{trace_id}-span", f"{trace_id}-gen"
    return [
        event("trace-create", {"id": trace_id, "timestamp": "2026-03-01T12:00:00Z", "name": "chat", "userId": "u1", "sessionId": "s1", "release": "r1", "version": "v1", "metadata": {"a": 1}, "tags": ["prod"], "environment": "production", "public": False}, "2026-03-01T12:00:00.001Z"),
        event("span-create", {"id": span, "traceId": trace_id, "name": "retrieve", "startTime": "2026-03-01T12:00:00.100Z", "metadata": {"k": "v"}, "input": "q", "level": "DEFAULT", "environment": "production"}, "2026-03-01T12:00:00.101Z"),
        event("event-create", {"id": f"{trace_id}-evt", "traceId": trace_id, "parentObservationId": span, "name": "cache-miss", "startTime": "2026-03-01T12:00:00.200Z", "level": "WARNING", "statusMessage": "slow"}, "2026-03-01T12:00:00.201Z"),
        event("generation-create", {"id": gen, "traceId": trace_id, "parentObservationId": span, "name": "llm", "startTime": "2026-03-01T12:00:00.300Z", "input": [{"role": "user", "content": "hi"}], "model": "gpt-4o", "modelParameters": {"temperature": "0.2", "max_tokens": 100}, "usage": {"input": 1000, "output": 200, "unit": "TOKENS"}}, "2026-03-01T12:00:00.301Z"),
        event("generation-update", {"id": gen, "traceId": trace_id, "output": "hello", "endTime": "2026-03-01T12:00:01.300Z", "completionStartTime": "2026-03-01T12:00:00.500Z"}, "2026-03-01T12:00:01.301Z"),
        event("span-update", {"id": span, "traceId": trace_id, "output": "docs", "endTime": "2026-03-01T12:00:01.500Z"}, "2026-03-01T12:00:01.501Z"),
        event("trace-create", {"id": trace_id, "output": "bye", "metadata": {"b": 2}}, "2026-03-01T12:00:01.600Z"),
        event("score-create", {"id": f"{trace_id}-score", "traceId": trace_id, "observationId": gen, "name": "accuracy", "value": 0.9, "environment": "production"}, "2026-03-01T12:00:01.700Z"),
        event("score-create", {"id": f"{trace_id}-bool", "traceId": trace_id, "name": "helpful", "value": 1.0, "dataType": "BOOLEAN"}, "2026-03-01T12:00:01.800Z"),
    ]  # fmt: skip


async def stored_state(
    client: httpx.AsyncClient, project: ProjectKeys, trace_id: str
) -> dict[str, Any]:
    return {
        "trace": without_times(await v1(client, project, f"/v1/traces/{trace_id}")),
        "span": without_times(await v1(client, project, f"/v1/observations/{trace_id}-span")),
        "gen": without_times(await v1(client, project, f"/v1/observations/{trace_id}-gen")),
        "event": without_times(await v1(client, project, f"/v1/observations/{trace_id}-evt")),
        "score": without_times(await v1(client, project, f"/v1/scores/{trace_id}-score")),
    }


# Tests for the SDK 2.x event sequence


async def test_sdk_batch_is_stored_merged_and_priced(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    outcome = await ingest(client, project, *sdk_v2_batch("t-sdk"))
    assert outcome["errors"] == []
    assert len(outcome["successes"]) == 9
    assert all(s["status"] == 201 for s in outcome["successes"])
    state = await stored_state(client, project, "t-sdk")
    trace, gen, span = state["trace"], state["gen"], state["span"]
    assert (trace["name"], trace["userId"], trace["sessionId"], trace["environment"]) == (
        "chat",
        "u1",
        "s1",
        "production",
    )
    assert trace["metadata"] == {"a": 1, "b": 2}
    assert trace["output"] == "bye"
    assert trace["observationCount"] == 3
    assert trace["level"] == "WARNING"
    assert trace["latency"] == pytest.approx(
        1.4
    )  # first start 12:00:00.100 → last end 12:00:01.500
    assert trace["usage"] == {"inputTokens": 1000, "outputTokens": 200, "totalTokens": 1200}
    assert trace["totalCost"] == pytest.approx(1000 * 2.5e-6 + 200 * 1e-5)
    assert (gen["type"], gen["output"], gen["parentObservationId"]) == (
        "GENERATION",
        "hello",
        "t-sdk-span",
    )
    assert gen["modelParameters"] == {"temperature": "0.2", "max_tokens": 100}
    assert gen["latency"] == 1.0
    assert gen["timeToFirstToken"] == pytest.approx(0.2)
    assert (span["type"], span["output"], span["input"], span["metadata"]) == (
        "SPAN",
        "docs",
        "q",
        {"k": "v"},
    )
    assert state["event"]["type"] == "EVENT"
    assert state["score"]["value"] == 0.9
    boolean = await v1(client, project, "/v1/scores/t-sdk-bool")
    assert (boolean["dataType"], boolean["value"], boolean["stringValue"]) == (
        "BOOLEAN",
        1.0,
        "True",
    )


async def test_updates_before_creates_end_in_the_same_state(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    in_order, reversed_order = "t-order-a", "t-order-b"
    for trace_id, batches in ((in_order, (0, 1)), (reversed_order, (1, 0))):
        events = sdk_v2_batch(trace_id)
        creates = [
            e for e in events if e["type"].endswith("create") and not e["body"].get("output")
        ]
        updates = [e for e in events if e not in creates]
        halves = (creates, updates)
        for index in batches:
            await ingest(client, project, *halves[index])
    first, second = (
        await stored_state(client, project, in_order),
        await stored_state(client, project, reversed_order),
    )

    def normalised(state: dict[str, Any], trace_id: str) -> str:
        return repr(state).replace(trace_id, "ID")

    assert normalised(first, in_order) == normalised(second, reversed_order)


async def test_resending_a_batch_changes_nothing(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    batch = sdk_v2_batch("t-resend")
    await ingest(client, project, *batch)
    once = await stored_state(client, project, "t-resend")
    for _ in range(2):
        await ingest(client, project, *batch)
    assert await stored_state(client, project, "t-resend") == once
    async with database.read() as session:
        trace = await reads.trace(
            session=session, project_id=project.project_id, trace_id="t-resend"
        )
    assert trace["observation_count"] == 3
    assert trace["total_cost"] == pytest.approx(0.0045)


# Tests for per-event outcomes


async def test_bad_events_fail_alone_and_good_ones_are_stored(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    good = event("trace-create", {"id": "t-partial", "name": "kept"}, event_id="good")
    outcome = await ingest(
        client,
        project,
        event("span-create", {"traceId": "t-partial", "name": "no id"}, event_id="no-body-id"),
        good,
        event("trace-create", {"id": "t-x"}, timestamp="not a time", event_id="bad-time"),
        event(
            "trace-create", {"id": "t-x"}, timestamp="2026-03-01T12:00:00", event_id="naive-time"
        ),
        event("haiku-create", {"id": "x"}, event_id="unknown-type"),
        event("generation-create", {"id": "g", "usage": {"input": -1}}, event_id="negative-usage"),
        event("score-create", {"name": "n", "value": 1}, event_id="score-no-subject"),
        {"id": "no-body", "type": "trace-create", "timestamp": T},
        event("sdk-log", {"log": "hello"}, event_id="log"),
        event("dataset-run-item-create", {}, event_id="internal"),
        "not an object",
    )
    assert outcome["successes"] == [{"id": "good", "status": 201}]
    errors = {e["id"]: e for e in outcome["errors"]}
    assert set(errors) == {
        "no-body-id", "bad-time", "naive-time", "unknown-type", "negative-usage",
        "score-no-subject", "no-body", "internal", "unknown",
    }  # fmt: skip
    assert all(
        e["status"] == 400 and e["message"] == "Invalid request data" for e in errors.values()
    )
    assert errors["no-body-id"]["error"] == "body.id is required"
    assert errors["unknown-type"]["error"] == "Unknown event type 'haiku-create'"
    assert (
        errors["negative-usage"]["error"]
        == "body.usage.input must be a non-negative integer, got -1"
    )
    assert (await v1(client, project, "/v1/traces/t-partial"))["name"] == "kept"


async def test_a_body_that_is_not_a_batch_is_400(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for body in ({"events": []}, [], {"batch": {}}):
        response = await client.post("/api/public/ingestion", json=body, auth=project.basic)
        assert response.status_code == 400
        assert response.json()["error"] == "InvalidRequestError"
    empty = await client.post("/api/public/ingestion", json={"batch": []}, auth=project.basic)
    assert (empty.status_code, empty.json()) == (207, {"successes": [], "errors": []})


async def test_public_key_alone_may_only_send_scores(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await client.post(
        "/api/public/ingestion",
        json={
            "batch": [
                event(
                    "score-create",
                    {"id": "pk-score", "traceId": "t", "name": "n", "value": 1},
                    event_id="s",
                ),
                event("trace-create", {"id": "pk-trace"}, event_id="t"),
                event("sdk-log", {"log": "x"}, event_id="l"),
            ]
        },
        headers={"Authorization": f"Bearer {project.public_key}"},
    )
    assert response.status_code == 207
    assert response.json() == {
        "successes": [{"id": "s", "status": 201}],
        "errors": [
            {
                "id": "t",
                "status": 401,
                "message": "Authentication error",
                "error": "a public key alone may not send trace-create events",
            }
        ],
    }


async def test_every_observation_event_type_lands_with_its_type(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    kinds = ["agent", "tool", "chain", "retriever", "evaluator", "embedding", "guardrail"]
    events = [
        event(f"{kind}-create", {"id": f"typed-{kind}", "traceId": "t-types"}) for kind in kinds
    ]
    events.append(
        event("observation-create", {"id": "typed-legacy", "traceId": "t-types", "type": "EVENT"})
    )
    events.append(
        event("observation-update", {"id": "typed-legacy", "traceId": "t-types", "output": 1})
    )
    outcome = await ingest(client, project, *events)
    assert outcome["errors"] == []
    for kind in kinds:
        assert (await v1(client, project, f"/v1/observations/typed-{kind}"))["type"] == kind.upper()
    legacy = await v1(client, project, "/v1/observations/typed-legacy")
    assert (legacy["type"], legacy["output"]) == ("EVENT", 1)


# Tests for usage and cost


async def test_cached_tokens_are_priced_at_the_cached_rate(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    openai = {
        "prompt_tokens": 10_000, "completion_tokens": 500, "total_tokens": 10_500,
        "prompt_tokens_details": {"cached_tokens": 8_000},
    }  # fmt: skip
    anthropic = {
        "input_tokens": 100,
        "output_tokens": 500,
        "cache_read_input_tokens": 9_000,
        "cache_creation_input_tokens": 1_000,
    }
    await ingest(
        client,
        project,
        event(
            "generation-create",
            {"id": "cost-openai", "traceId": "t-cost", "model": "gpt-4o", "usageDetails": openai},
        ),
        event(
            "generation-create",
            {
                "id": "cost-anthropic",
                "traceId": "t-cost",
                "model": "claude-sonnet-4-20250514",
                "usageDetails": anthropic,
            },
        ),
    )
    gpt = await v1(client, project, "/v1/observations/cost-openai")
    assert gpt["usageDetails"] == {
        "input": 2_000,
        "input_cached_tokens": 8_000,
        "output": 500,
        "total": 10_500,
    }
    assert gpt["costDetails"] == pytest.approx(
        {
            "input": 2_000 * 2.5e-6,
            "input_cached_tokens": 8_000 * 1.25e-6,
            "output": 500 * 1e-5,
            "total": 0.02,
        }
    )
    claude = await v1(client, project, "/v1/observations/cost-anthropic")
    assert claude["costDetails"] == pytest.approx(
        {
            "input": 100 * 3e-6,
            "input_cached_tokens": 9_000 * 3e-7,
            "input_cache_creation": 1_000 * 3.75e-6,
            "output": 500 * 1.5e-5,
            "total": 0.01425,
        }
    )
    trace = await v1(client, project, "/v1/traces/t-cost")
    assert trace["totalCost"] == pytest.approx(0.02 + 0.01425)
    assert trace["usage"]["inputTokens"] == 10_000 + 10_100


async def test_unknown_model_has_null_cost_not_zero(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await ingest(
        client,
        project,
        event(
            "generation-create",
            {
                "id": "cost-unknown",
                "traceId": "t-unpriced",
                "model": "in-house-llm",
                "usage": {"input": 10, "output": 5},
            },
        ),
    )
    generation = await v1(client, project, "/v1/observations/cost-unknown")
    assert (generation["costDetails"], generation["totalCost"], generation["modelId"]) == (
        None,
        None,
        None,
    )
    assert generation["usage"]["totalTokens"] == 15
    trace = await v1(client, project, "/v1/traces/t-unpriced")
    assert (trace["totalCost"], trace["inputCost"]) == (None, None)


async def test_client_costs_win_over_computed_ones(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await ingest(
        client,
        project,
        event(
            "generation-create",
            {
                "id": "cost-given",
                "traceId": "t-given",
                "model": "gpt-4o",
                "usage": {"input": 10, "output": 5},
                "costDetails": {"input": 1.0, "output": 2.0},
            },
        ),
    )
    generation = await v1(client, project, "/v1/observations/cost-given")
    assert generation["costDetails"] == {"input": 1.0, "output": 2.0, "total": 3.0}


# Tests for durability and concurrency


async def test_a_207_success_is_already_committed(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    await ingest(client, project, event("trace-create", {"id": "t-durable", "name": "now"}))
    async with database.read() as session:  # a separate connection, not the app's
        row = await reads.trace(
            session=session, project_id=project.project_id, trace_id="t-durable"
        )
    assert row["name"] == "now"


async def test_concurrent_batches_are_all_stored(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    async def one(index: int) -> dict[str, Any]:
        events = [
            event(
                "span-create", {"id": f"c-{index}-{n}", "traceId": "t-concurrent", "name": str(n)}
            )
            for n in range(20)
        ]
        return await ingest(client, project, *events)

    outcomes = await asyncio.gather(*(one(i) for i in range(10)))
    assert sum(len(o["successes"]) for o in outcomes) == 200
    assert (await v1(client, project, "/v1/traces/t-concurrent"))["observationCount"] == 200


@pytest.fixture
async def small_event_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update={"max_event_bytes": 2048}))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://agenttrace.test") as c:
            yield c


async def test_an_oversize_event_is_413_and_the_rest_is_kept(
    small_event_client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    outcome = await ingest(
        small_event_client,
        project,
        event("trace-create", {"id": "t-big", "input": "x" * 5000}, event_id="big"),
        event("trace-create", {"id": "t-small"}, event_id="small"),
    )
    assert outcome["successes"] == [{"id": "small", "status": 201}]
    assert outcome["errors"] == [
        {
            "id": "big",
            "status": 413,
            "message": "Payload too large",
            "error": "event exceeds 2048 bytes",
        }
    ]


# Tests for the other Langfuse writers


async def test_score_endpoint_takes_an_object_or_an_array(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    single = await client.post(
        "/api/public/scores", json={"traceId": "t", "name": "a", "value": 1}, auth=project.basic
    )
    assert single.status_code == 200
    assert set(single.json()) == {"id"}
    batch = await client.post(
        "/api/public/scores",
        json=[
            {"id": "arr-1", "traceId": "t", "name": "b", "value": 0.5, "timestamp": T},
            {"id": "arr-2", "sessionId": "s", "name": "c", "value": "ok"},
        ],
        auth=project.basic,
    )
    assert (batch.status_code, batch.json()) == (202, {"message": "Accepted"})
    mixed = await client.post(
        "/api/public/scores",
        json=[
            {"id": "arr-3", "traceId": "t", "name": "d", "value": 1},
            {"name": "no-subject", "value": 1},
        ],
        auth=project.basic,
    )
    assert mixed.status_code == 207
    assert mixed.json() == {
        "accepted": 1,
        "rejected": 1,
        "errors": [{"message": "a score needs exactly one of traceId, sessionId or datasetRunId"}],
    }
    assert (await v1(client, project, "/v1/scores/arr-2"))["dataType"] == "CATEGORICAL"
    deleted = await client.delete("/api/public/scores/arr-1", auth=project.basic)
    assert (deleted.status_code, deleted.json()) == (
        202,
        {"message": "Score deletion queued successfully"},
    )
    missing = await client.delete("/api/public/scores/arr-1", auth=project.basic)
    assert (missing.status_code, missing.json()["error"]) == (404, "LangfuseNotFoundError")


async def test_legacy_single_object_writers(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    trace = await client.post(
        "/api/public/traces", json={"id": "t-legacy", "name": "old"}, auth=project.basic
    )
    assert trace.json() == {"id": "t-legacy"}
    span = await client.post(
        "/api/public/spans", json={"id": "l-span", "traceId": "t-legacy"}, auth=project.basic
    )
    assert span.json() == {"id": "l-span"}
    patched = await client.patch(
        "/api/public/spans", json={"id": "l-span", "output": "done"}, auth=project.basic
    )
    assert patched.status_code == 200
    await client.post(
        "/api/public/generations",
        json={"id": "l-gen", "traceId": "t-legacy", "model": "gpt-4o"},
        auth=project.basic,
    )
    await client.post(
        "/api/public/events", json={"id": "l-evt", "traceId": "t-legacy"}, auth=project.basic
    )
    assert (await v1(client, project, "/v1/observations/l-span"))["output"] == "done"
    assert (await v1(client, project, "/v1/observations/l-gen"))["type"] == "GENERATION"
    assert (await v1(client, project, "/v1/observations/l-evt"))["type"] == "EVENT"
    assert (await v1(client, project, "/v1/traces/t-legacy"))["observationCount"] == 3
