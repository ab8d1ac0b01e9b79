"""The Langfuse read API under /api/public: traces, observations (v1 and v2), sessions,
scores (v1, v2, v3), daily metrics and trace deletion, on both databases.

Data goes in through Langfuse ingestion as an SDK sends it; every answer is checked for the
full field set the SDKs' response models require (spec §4.5), and every number against what
``/v1`` answers for the same rows.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agenttrace.db import Database
from agenttrace.rest.public import pages
from tests.api.test_ingestion import event, ingest, sdk_v2_batch, v1
from tests.conftest import ProjectKeys, make_project

TRACE_FIELDS = {
    "id", "timestamp", "name", "input", "output", "metadata", "sessionId", "userId", "release",
    "version", "tags", "public", "environment", "bookmarked", "projectId", "createdAt",
    "updatedAt", "externalId", "htmlPath", "latency", "totalCost", "observations", "scores",
}  # fmt: skip
OBSERVATION_FIELDS = {
    "id", "projectId", "traceId", "parentObservationId", "type", "name", "startTime", "endTime",
    "completionStartTime", "level", "statusMessage", "version", "environment", "input",
    "output", "metadata", "model", "modelId", "modelParameters", "usage", "usageDetails",
    "costDetails", "unit", "promptTokens", "completionTokens", "totalTokens", "inputPrice",
    "outputPrice", "totalPrice", "calculatedInputCost", "calculatedOutputCost",
    "calculatedTotalCost", "latency", "timeToFirstToken", "promptId", "promptName",
    "promptVersion", "usagePricingTierId", "usagePricingTierName", "createdAt", "updatedAt",
}  # fmt: skip
SCORE_FIELDS = {
    "id", "projectId", "traceId", "observationId", "sessionId", "datasetRunId", "name",
    "value", "stringValue", "dataType", "source", "comment", "metadata", "configId", "queueId",
    "authorUserId", "environment", "timestamp", "createdAt", "updatedAt",
}  # fmt: skip
SESSION_FIELDS = {"id", "createdAt", "projectId", "environment"}
V2_CORE = {
    "id", "traceId", "startTime", "endTime", "projectId", "parentObservationId", "type",
    "modelId", "inputPrice", "outputPrice", "totalPrice",
}  # fmt: skip
V2_BASIC = {
    "isRootObservation", "name", "level", "statusMessage", "version", "environment",
    "bookmarked", "public", "userId", "sessionId",
}  # fmt: skip
V3_CORE = {
    "id", "projectId", "name", "value", "dataType", "source", "timestamp", "environment",
    "createdAt", "updatedAt",
}  # fmt: skip
A_OBSERVATIONS = {"t-a-span", "t-a-evt", "t-a-gen"}
LONG = "x" * 300


def seed_events() -> list[dict[str, Any]]:
    """Three traces on two days: t-a (SDK 2.x sequence: span, event, priced generation, two
    scores), t-b (another day, user, session, environment and model, a categorical score),
    t-c (no observations, last millisecond of its day); and a score on session s1."""
    return [
        *sdk_v2_batch("t-a"),
        event("trace-create", {"id": "t-b", "timestamp": "2026-03-02T08:00:00Z", "name": "search", "userId": "u2", "sessionId": "s2", "tags": ["prod", "dev"], "environment": "staging", "release": "r2", "version": "v2", "input": {"q": "x"}}),
        event("generation-create", {"id": "t-b-gen", "traceId": "t-b", "name": "llm", "startTime": "2026-03-02T08:00:01Z", "endTime": "2026-03-02T08:00:03Z", "model": "gpt-6-sol", "usage": {"input": 100, "output": 50}, "environment": "staging", "modelParameters": {"temperature": 0.5, "stop": ["a"], "nested": {"k": 1}}, "input": {"messages": [1]}, "output": "done", "metadata": {"long": LONG, "short": "y"}}),
        event("score-create", {"id": "t-b-cat", "traceId": "t-b", "name": "label", "value": "good", "environment": "staging"}),
        event("trace-create", {"id": "t-c", "timestamp": "2026-03-02T23:59:59.999Z", "name": "idle"}),
        event("score-create", {"id": "s1-score", "sessionId": "s1", "name": "rating", "value": 3}),
    ]  # fmt: skip


async def seed(client: httpx.AsyncClient, project: ProjectKeys) -> None:
    outcome = await ingest(client, project, *seed_events())
    assert outcome["errors"] == []


async def get(
    client: httpx.AsyncClient, project: ProjectKeys, path: str, **query: Any
) -> dict[str, Any]:
    response = await client.get(f"/api/public{path}", params=query, auth=project.basic)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def refused(
    client: httpx.AsyncClient, project: ProjectKeys, path: str, status: int = 400, **query: Any
) -> dict[str, Any]:
    response = await client.get(f"/api/public{path}", params=query, auth=project.basic)
    assert response.status_code == status, response.text
    return response.json()  # type: ignore[no-any-return]


def ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["data"]]


# Tests for GET /traces


async def test_trace_list_items_carry_every_field_and_v1_numbers(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    body = await get(client, project, "/traces")
    assert ids(body) == ["t-c", "t-b", "t-a"]
    assert body["meta"] == {"page": 1, "limit": 50, "totalItems": 3, "totalPages": 1}
    items = {item["id"]: item for item in body["data"]}
    for item in items.values():
        assert set(item) == TRACE_FIELDS
        assert isinstance(item["latency"], float)
        assert isinstance(item["totalCost"], float)
        assert item["externalId"] is None
        assert item["htmlPath"] == f"/project/{project.project_id}/traces/{item['id']}"
    a, ours = items["t-a"], await v1(client, project, "/v1/traces/t-a")
    for field in ("timestamp", "name", "userId", "sessionId", "release", "version", "tags",
                  "public", "bookmarked", "environment", "input", "output", "metadata",
                  "latency", "totalCost", "projectId", "createdAt", "updatedAt"):  # fmt: skip
        assert a[field] == ours[field], field
    assert set(a["observations"]) == A_OBSERVATIONS
    assert set(a["scores"]) == {"t-a-score", "t-a-bool"}
    assert (items["t-c"]["latency"], items["t-c"]["totalCost"]) == (0.0, 0.0)
    assert (items["t-c"]["observations"], items["t-c"]["scores"]) == ([], [])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"userId": "u1"}, ["t-a"]),
        ({"name": "search"}, ["t-b"]),
        ({"sessionId": "s2"}, ["t-b"]),
        ({"fromTimestamp": "2026-03-02T08:00:00Z"}, ["t-c", "t-b"]),  # inclusive
        ({"toTimestamp": "2026-03-02T08:00:00Z"}, ["t-a"]),  # exclusive
        ({"tags": ["prod", "dev"]}, ["t-b"]),  # all of them
        ({"tags": "prod"}, ["t-b", "t-a"]),
        ({"version": "v1"}, ["t-a"]),
        ({"release": "r2"}, ["t-b"]),
        ({"environment": ["staging", "production"]}, ["t-b", "t-a"]),  # any of them
        ({"orderBy": "timestamp.asc"}, ["t-a", "t-b", "t-c"]),
        ({"orderBy": "name.asc"}, ["t-a", "t-c", "t-b"]),
        ({"orderBy": "name.desc"}, ["t-b", "t-c", "t-a"]),
        ({"orderBy": "userId.asc"}, ["t-a", "t-b", "t-c"]),  # no user last
    ],
    ids=lambda value: str(value),
)
async def test_trace_list_filters_and_orders(
    client: httpx.AsyncClient, project: ProjectKeys, query: dict[str, Any], expected: list[str]
) -> None:
    await seed(client, project)
    assert ids(await get(client, project, "/traces", **query)) == expected


async def test_trace_list_refuses_an_unknown_order_naming_order_by(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for value in ("cost.desc", "timestamp", "timestamp.up"):
        body = await refused(client, project, "/traces", orderBy=value)
        assert body == {
            "message": "orderBy must be <field>.<asc|desc> with a field among id, timestamp, "
            "name, userId, sessionId, release, version, public, bookmarked, environment, "
            "latency, totalCost",
            "error": "InvalidRequestError",
            "field": "orderBy",
        }


async def test_trace_list_fields_leave_groups_out(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    core = (await get(client, project, "/traces", fields="core", userId="u1"))["data"][0]
    assert set(core) == TRACE_FIELDS
    assert (core["observations"], core["scores"]) == ([], [])
    assert (core["latency"], core["totalCost"]) == (-1.0, -1.0)
    assert (core["input"], core["output"], core["metadata"]) == (None, None, None)
    assert core["name"] == "chat"
    some = (await get(client, project, "/traces", fields="core,metrics,scores", userId="u1"))[
        "data"
    ][0]
    assert some["observations"] == []
    assert set(some["scores"]) == {"t-a-score", "t-a-bool"}
    assert some["latency"] == pytest.approx(1.4)
    body = await refused(client, project, "/traces", fields="core,everything")
    assert body["field"] == "fields"


async def test_page_and_limit_meta_on_every_page_list(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    first = await get(client, project, "/traces", limit=2)
    assert first["meta"] == {"page": 1, "limit": 2, "totalItems": 3, "totalPages": 2}
    second = await get(client, project, "/traces", limit=2, page=2)
    assert ids(first) + ids(second) == ["t-c", "t-b", "t-a"]
    beyond = await get(client, project, "/traces", limit=2, page=3)
    assert beyond == {
        "data": [],
        "meta": {"page": 3, "limit": 2, "totalItems": 3, "totalPages": 2},
    }
    assert (await get(client, project, "/traces", limit=""))["meta"]["limit"] == 50
    for path in ("/traces", "/observations", "/sessions", "/scores", "/v2/scores",
                 "/metrics/daily"):  # fmt: skip
        empty = await get(client, project, path, userId="nobody", fromTimestamp="2030-01-01")
        assert empty == {
            "data": [],
            "meta": {"page": 1, "limit": 50, "totalItems": 0, "totalPages": 0},
        }, path
        for bad in ({"limit": 101}, {"limit": 0}, {"page": 0}, {"page": "x"}):
            assert (await refused(client, project, path, **bad))["error"] == ("InvalidRequestError")


# Tests for GET /traces/{id}


async def test_trace_detail_holds_whole_observations_and_scores(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    trace = await get(client, project, "/traces/t-a")
    assert set(trace) == TRACE_FIELDS
    assert [o["id"] for o in trace["observations"]] == ["t-a-span", "t-a-evt", "t-a-gen"]
    for observation in trace["observations"]:
        assert set(observation) == OBSERVATION_FIELDS
    assert {s["id"] for s in trace["scores"]} == {"t-a-score", "t-a-bool"}
    for score in trace["scores"]:
        assert set(score) == SCORE_FIELDS
        assert score["dataType"] in ("NUMERIC", "CATEGORICAL", "BOOLEAN")
    ours = await v1(client, project, "/v1/traces/t-a")
    assert (trace["latency"], trace["totalCost"]) == (ours["latency"], ours["totalCost"])
    assert trace["totalCost"] == pytest.approx(
        sum(o["calculatedTotalCost"] or 0 for o in trace["observations"])
    )


async def test_trace_and_session_details_read_every_page_of_their_rows(
    client: httpx.AsyncClient, project: ProjectKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed(client, project)
    await ingest(
        client,
        project,
        *(event("trace-create", {"id": f"s1-{n}", "sessionId": "s1"}) for n in range(3)),
    )
    monkeypatch.setattr(pages, "WALK_LIMIT", 2)
    trace = await get(client, project, "/traces/t-a")
    assert [o["id"] for o in trace["observations"]] == ["t-a-span", "t-a-evt", "t-a-gen"]
    session = await get(client, project, "/sessions/s1")
    assert sorted(t["id"] for t in session["traces"]) == ["s1-0", "s1-1", "s1-2", "t-a"]


async def test_trace_detail_answers_404_for_unknown_and_foreign_traces(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    other = await make_project(database)
    await seed(client, other)
    for trace_id in ("t-a", "missing"):
        body = await refused(client, project, f"/traces/{trace_id}", 404)
        assert body == {
            "message": f"trace {trace_id!r} not found",
            "error": "LangfuseNotFoundError",
        }


# Tests for GET /observations and /observations/{id}


async def test_observation_objects_carry_every_field_and_stored_numbers(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    gen = await get(client, project, "/observations/t-a-gen")
    assert set(gen) == OBSERVATION_FIELDS
    ours = await v1(client, project, "/v1/observations/t-a-gen")
    assert gen["usage"] == {"unit": "TOKENS", "input": 1000, "output": 200, "total": 1200}
    assert (gen["promptTokens"], gen["completionTokens"], gen["totalTokens"]) == (1000, 200, 1200)
    assert (
        gen["usageDetails"] == ours["usageDetails"] == {"input": 1000, "output": 200, "total": 1200}
    )
    assert gen["costDetails"] == ours["costDetails"]
    assert gen["costDetails"]["total"] == gen["calculatedTotalCost"] == ours["totalCost"]
    assert (gen["calculatedInputCost"], gen["calculatedOutputCost"]) == (
        ours["inputCost"],
        ours["outputCost"],
    )
    assert (gen["latency"], gen["timeToFirstToken"]) == (ours["latency"], ours["timeToFirstToken"])
    assert (gen["modelId"], gen["model"], gen["environment"]) == (
        ours["modelId"],
        "gpt-4o",
        "default",
    )
    assert gen["modelParameters"] == {"temperature": "0.2", "max_tokens": 100}
    nested = await get(client, project, "/observations/t-b-gen")
    assert nested["modelParameters"] == {"temperature": 0.5, "stop": ["a"], "nested": '{"k":1}'}
    span = await get(client, project, "/observations/t-a-span")
    assert (span["modelParameters"], span["costDetails"], span["usageDetails"]) == ({}, {}, {})
    assert span["usage"] == {"unit": "TOKENS", "input": 0, "output": 0, "total": 0}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["t-b-gen", "t-a-gen", "t-a-evt", "t-a-span"]),
        ({"type": "generation"}, ["t-b-gen", "t-a-gen"]),
        ({"traceId": "t-a", "level": "WARNING"}, ["t-a-evt"]),
        ({"name": "llm", "userId": "u1"}, ["t-a-gen"]),
        ({"parentObservationId": "t-a-span"}, ["t-a-gen", "t-a-evt"]),
        ({"parentObservationId": ""}, ["t-b-gen", "t-a-span"]),
        ({"environment": ["staging"]}, ["t-b-gen"]),
        (
            {"fromStartTime": "2026-03-01T12:00:00.200Z", "toStartTime": "2026-03-02T08:00:01Z"},
            ["t-a-gen", "t-a-evt"],
        ),
        ({"version": "none"}, []),
    ],
    ids=lambda value: str(value),
)
async def test_observation_list_filters(
    client: httpx.AsyncClient, project: ProjectKeys, query: dict[str, Any], expected: list[str]
) -> None:
    await seed(client, project)
    body = await get(client, project, "/observations", **query)
    assert ids(body) == expected
    assert body["meta"]["totalItems"] == len(expected)
    assert all(set(item) == OBSERVATION_FIELDS for item in body["data"])


async def test_observation_list_refuses_unknown_types_and_levels(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    assert (await refused(client, project, "/observations", type="thing"))["field"] == "type"
    assert (await refused(client, project, "/observations", level="LOUD"))["field"] == "level"


# Tests for GET /v2/observations


async def test_v2_observations_default_to_core_and_basic_groups(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    body = await get(client, project, "/v2/observations", traceId="t-b")
    assert body["meta"] == {}
    (item,) = body["data"]
    assert set(item) == V2_CORE | V2_BASIC
    assert (item["isRootObservation"], item["userId"], item["sessionId"]) == (True, "u2", "s2")
    assert (item["bookmarked"], item["public"], item["environment"]) == (False, False, "staging")
    assert item["modelId"] is None


async def test_v2_observations_answer_each_group(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    groups = "core,basic,time,io,metadata,model,usage,prompt,metrics,trace_context"
    (item,) = (
        await get(
            client,
            project,
            "/v2/observations",
            traceId="t-b",
            fields=groups,
            expandMetadata="nothing",
        )
    )["data"]
    ours = await v1(client, project, "/v1/observations/t-b-gen")
    assert item["input"] == '{"messages":[1]}'
    assert item["output"] == "done"
    assert item["metadata"] == {"long": "x" * 200, "short": "y"}
    assert (item["providedModelName"], item["internalModelId"]) == ("gpt-6-sol", ours["modelId"])
    assert item["modelId"] == ours["modelId"]
    assert item["usageDetails"] == {"input": 100, "output": 50, "total": 150}
    assert item["totalCost"] == ours["totalCost"]
    assert (item["latency"], item["timeToFirstToken"]) == (2.0, None)
    assert (item["traceName"], item["tags"], item["release"]) == ("search", ["dev", "prod"], "r2")
    assert (item["promptName"], item["usagePricingTierName"]) == (None, None)
    assert {"completionStartTime", "createdAt", "updatedAt", "modelParameters"} <= set(item)
    expanded = await get(
        client, project, "/v2/observations", traceId="t-b", fields="metadata", expandMetadata="long"
    )
    assert expanded["data"][0]["metadata"]["long"] == LONG


async def test_v2_observations_cursor_walk_visits_every_row_once(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        query = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        body = await get(client, project, "/v2/observations", **query)
        seen += ids(body)
        cursor = body["meta"].get("cursor")
        if cursor is None:
            break
    assert seen == ["t-b-gen", "t-a-gen", "t-a-evt", "t-a-span"]
    roots = await get(client, project, "/v2/observations", isRootObservation="true")
    assert ids(roots) == ["t-b-gen", "t-a-span"]
    children = await get(client, project, "/v2/observations", isRootObservation="false")
    assert ids(children) == ["t-a-gen", "t-a-evt"]
    assert ids(await get(client, project, "/v2/observations", sessionId="s1", type="EVENT")) == [
        "t-a-evt"
    ]


async def test_v2_observations_refuse_bad_requests(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for query, field in (
        ({"parseIoAsJson": "true"}, "parseIoAsJson"),
        ({"fields": "core,secrets"}, "fields"),
        ({"limit": 1001}, "limit"),
        ({"cursor": "garbage"}, "cursor"),
    ):
        assert (await refused(client, project, "/v2/observations", **query))["field"] == field
    assert (await get(client, project, "/v2/observations", limit=1000, parseIoAsJson="false")) == {
        "data": [],
        "meta": {},
    }


# Tests for GET /sessions and /sessions/{id}


async def test_sessions_list_and_detail_with_traces(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    body = await get(client, project, "/sessions")
    assert sorted(ids(body)) == ["s1", "s2"]
    assert body["meta"]["totalItems"] == 2
    for item in body["data"]:
        assert set(item) == SESSION_FIELDS
        assert item["projectId"] == project.project_id
    staging = await get(client, project, "/sessions", environment="staging")
    assert ids(staging) == ["s2"]
    assert staging["data"][0]["environment"] == "staging"
    session = await get(client, project, "/sessions/s1")
    assert set(session) == SESSION_FIELDS | {"traces"}
    (trace,) = session["traces"]
    assert set(trace) == TRACE_FIELDS
    assert (trace["id"], set(trace["observations"])) == ("t-a", A_OBSERVATIONS)
    assert (await refused(client, project, "/sessions/none", 404))["error"] == (
        "LangfuseNotFoundError"
    )


# Tests for GET /scores, /v2/scores and their details


async def test_score_lists_carry_the_trace_of_each_score(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    legacy = await get(client, project, "/scores")
    current = await get(client, project, "/v2/scores")
    # v1 lists scores of traces only: its score object (and the v2 SDK's) needs a traceId.
    assert ids(legacy) == [i for i in ids(current) if i != "s1-score"]
    assert legacy["meta"]["totalItems"] == 3
    assert set(ids(current)) == {"t-a-score", "t-a-bool", "t-b-cat", "s1-score"}
    assert current["meta"] == {"page": 1, "limit": 50, "totalItems": 4, "totalPages": 1}
    old = {item["id"]: item for item in legacy["data"]}
    new = {item["id"]: item for item in current["data"]}
    for item in old.values():
        assert set(item) == SCORE_FIELDS | {"trace"}
    assert new["t-b-cat"]["trace"] == {
        "userId": "u2",
        "tags": ["dev", "prod"],
        "environment": "staging",
        "sessionId": "s2",
    }
    assert old["t-b-cat"]["trace"] == {
        "userId": "u2",
        "tags": ["dev", "prod"],
        "environment": "staging",
    }
    assert new["s1-score"]["trace"] == {
        "userId": None,
        "tags": [],
        "environment": None,
        "sessionId": None,
    }
    categorical = new["t-b-cat"]
    assert (categorical["dataType"], categorical["value"], categorical["stringValue"]) == (
        "CATEGORICAL",
        0,
        "good",
    )
    boolean = new["t-a-bool"]
    assert (boolean["value"], boolean["stringValue"]) == (1, "True")
    for path in ("/scores/t-a-score", "/v2/scores/t-a-score"):
        detail = await get(client, project, path)
        assert set(detail) == SCORE_FIELDS
        assert detail == {k: v for k, v in new["t-a-score"].items() if k != "trace"}
        assert (await refused(client, project, path.replace("t-a-score", "gone"), 404))[
            "error"
        ] == "LangfuseNotFoundError"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"name": "label"}, {"t-b-cat"}),
        ({"userId": "u1"}, {"t-a-score", "t-a-bool"}),
        ({"dataType": "BOOLEAN"}, {"t-a-bool"}),
        ({"source": "API"}, {"t-a-score", "t-a-bool", "t-b-cat", "s1-score"}),
        ({"source": "EVAL"}, set()),
        ({"operator": ">=", "value": 0.9}, {"t-a-score", "t-a-bool", "s1-score"}),
        # On stored numbers: a categorical score without one matches no comparison.
        ({"operator": "<", "value": 1}, {"t-a-score"}),
        ({"scoreIds": "t-a-score,s1-score"}, {"t-a-score", "s1-score"}),
        ({"traceId": "t-a"}, {"t-a-score", "t-a-bool"}),
        ({"observationId": "t-a-gen"}, {"t-a-score"}),
        ({"sessionId": "s1"}, {"s1-score"}),
        ({"traceTags": ["dev"]}, {"t-b-cat"}),
        ({"traceTags": ["prod", "dev"]}, {"t-b-cat"}),
        ({"environment": ["staging", "production"]}, {"t-b-cat", "t-a-score"}),
        ({"toTimestamp": "2000-01-01T00:00:00Z"}, set()),
        ({"datasetRunId": "run", "configId": "c", "queueId": "q"}, set()),
    ],
    ids=lambda value: str(value),
)
async def test_v2_score_list_filters(
    client: httpx.AsyncClient, project: ProjectKeys, query: dict[str, Any], expected: set[str]
) -> None:
    await seed(client, project)
    body = await get(client, project, "/v2/scores", **query)
    assert set(ids(body)) == expected
    assert body["meta"]["totalItems"] == len(expected)


async def test_v2_score_list_refuses_bad_filters(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for query, field in (
        ({"limit": 101}, "limit"),
        ({"operator": ">"}, "operator"),
        ({"operator": "~", "value": 1}, "operator"),
        ({"operator": ">", "value": "big"}, "value"),
        ({"dataType": "VECTOR"}, "dataType"),
        ({"source": "HUMAN"}, "source"),
    ):
        assert (await refused(client, project, "/v2/scores", **query))["field"] == field


# Tests for GET /v3/scores


async def test_v3_scores_have_typed_values_and_field_groups(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    body = await get(client, project, "/v3/scores")
    assert body["meta"] == {"limit": 50}
    items = {item["id"]: item for item in body["data"]}
    assert all(set(item) == V3_CORE for item in items.values())
    assert (items["t-a-score"]["value"], items["t-a-bool"]["value"]) == (0.9, True)
    assert (items["t-b-cat"]["value"], items["s1-score"]["value"]) == ("good", 3)
    full = await get(client, project, "/v3/scores", fields="details,subject,annotation")
    subjects = {item["id"]: item["subject"] for item in full["data"]}
    assert subjects == {
        "t-a-score": {"kind": "observation", "id": "t-a-gen", "traceId": "t-a"},
        "t-a-bool": {"kind": "trace", "id": "t-a"},
        "t-b-cat": {"kind": "trace", "id": "t-b"},
        "s1-score": {"kind": "session", "id": "s1"},
    }
    assert all(
        set(item)
        == V3_CORE | {"comment", "configId", "metadata", "subject", "authorUserId", "queueId"}
        for item in full["data"]
    )


async def test_v3_scores_cursor_walk_visits_every_row_once(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    everything = ids(await get(client, project, "/v3/scores"))
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        body = await get(
            client, project, "/v3/scores", limit=3, **({"cursor": cursor} if cursor else {})
        )
        assert body["meta"]["limit"] == 3
        seen += ids(body)
        cursor = body["meta"].get("cursor")
        if cursor is None:
            break
    assert seen == everything
    assert len(set(seen)) == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"name": "label,rating"}, {"t-b-cat", "s1-score"}),
        ({"dataType": "numeric", "valueMin": 1}, {"s1-score"}),
        ({"dataType": "NUMERIC", "valueMax": 1}, {"t-a-score"}),
        ({"dataType": "NUMERIC", "value": "3,0.9"}, {"s1-score", "t-a-score"}),
        ({"dataType": "BOOLEAN", "value": "true"}, {"t-a-bool"}),
        ({"dataType": "BOOLEAN", "value": "false"}, set()),
        ({"dataType": "CATEGORICAL", "value": "good"}, {"t-b-cat"}),
        ({"traceId": "t-a", "observationId": "t-a-gen"}, {"t-a-score"}),
        ({"sessionId": "s1"}, {"s1-score"}),
        ({"id": "t-a-bool,t-b-cat", "environment": "default"}, {"t-a-bool"}),
        ({"experimentId": "run"}, set()),
    ],
    ids=lambda value: str(value),
)
async def test_v3_score_filters(
    client: httpx.AsyncClient, project: ProjectKeys, query: dict[str, Any], expected: set[str]
) -> None:
    await seed(client, project)
    assert set(ids(await get(client, project, "/v3/scores", **query))) == expected


async def test_v3_scores_refuse_bad_requests(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for query, field in (
        ({"limit": 101}, "limit"),
        ({"fields": "details,everything"}, "fields"),
        ({"valueMin": 1}, "dataType"),
        ({"dataType": "NUMERIC,BOOLEAN", "value": "1"}, "value"),
        ({"dataType": "BOOLEAN", "value": "maybe"}, "value"),
        ({"observationId": "t-a-gen"}, "observationId"),
        ({"traceId": "a,b"}, "traceId"),
    ):
        assert (await refused(client, project, "/v3/scores", **query))["field"] == field


# Tests for GET /metrics/daily


async def test_daily_metrics_equal_the_sum_of_the_traces(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    await seed(client, project)
    body = await get(client, project, "/metrics/daily")
    assert [day["date"] for day in body["data"]] == ["2026-03-02", "2026-03-01"]
    assert body["meta"] == {"page": 1, "limit": 50, "totalItems": 2, "totalPages": 1}
    traces = {t: await v1(client, project, f"/v1/traces/{t}") for t in ("t-a", "t-b", "t-c")}
    observations = [
        await v1(client, project, f"/v1/observations/{o}") for o in (*A_OBSERVATIONS, "t-b-gen")
    ]
    for day in body["data"]:
        assert set(day) == {"date", "countTraces", "countObservations", "totalCost", "usage"}
        on_day = [t for t in traces.values() if t["timestamp"].startswith(day["date"])]
        assert day["countTraces"] == len(on_day)
        assert day["countObservations"] == sum(t["observationCount"] for t in on_day)
        assert day["totalCost"] == pytest.approx(sum(t["totalCost"] or 0 for t in on_day))
        lines = day["usage"]
        assert sum(line["countObservations"] for line in lines) == day["countObservations"]
        assert sum(line["totalCost"] for line in lines) == pytest.approx(day["totalCost"])
        for line in lines:
            same = [
                o for o in observations
                if o["model"] == line["model"] and o["traceId"] in {t["id"] for t in on_day}
            ]  # fmt: skip
            assert line == {
                "model": line["model"],
                "inputUsage": sum(o["usage"]["inputTokens"] for o in same if o["usage"]),
                "outputUsage": sum(o["usage"]["outputTokens"] for o in same if o["usage"]),
                "totalUsage": sum(o["usage"]["totalTokens"] for o in same if o["usage"]),
                "countObservations": len(same),
                "countTraces": len({o["traceId"] for o in same}),
                "totalCost": pytest.approx(sum(o["totalCost"] or 0 for o in same)),
            }
    first = body["data"][1]
    assert [line["model"] for line in first["usage"]] == ["gpt-4o", None]
    assert first["usage"][0]["inputUsage"] == 1000
    assert isinstance(body["data"][0]["totalCost"], float)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"traceName": "idle"}, [("2026-03-02", 1, 0)]),
        ({"userId": "u1"}, [("2026-03-01", 1, 3)]),
        ({"tags": ["dev", "prod"]}, [("2026-03-02", 1, 1)]),
        ({"environment": ["staging", "production"]}, [("2026-03-02", 1, 1), ("2026-03-01", 1, 3)]),
        ({"fromTimestamp": "2026-03-02T08:00:01Z"}, [("2026-03-02", 1, 0)]),
        ({"toTimestamp": "2026-03-02T00:00:00Z"}, [("2026-03-01", 1, 3)]),
        ({"limit": 1, "page": 2}, [("2026-03-01", 1, 3)]),
    ],
    ids=lambda value: str(value),
)
async def test_daily_metrics_filters_and_pages(
    client: httpx.AsyncClient,
    project: ProjectKeys,
    query: dict[str, Any],
    expected: list[tuple[str, int, int]],
) -> None:
    await seed(client, project)
    body = await get(client, project, "/metrics/daily", **query)
    assert [(d["date"], d["countTraces"], d["countObservations"]) for d in body["data"]] == expected
    if "limit" in query:
        assert body["meta"] == {"page": 2, "limit": 1, "totalItems": 2, "totalPages": 2}


# Tests for DELETE /traces and /traces/{id}


async def assert_nothing_of_trace_a_is_readable(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for path in (
        "/traces/t-a",
        "/observations/t-a-gen",
        "/scores/t-a-score",
        "/v2/scores/t-a-bool",
    ):
        await refused(client, project, path, 404)
    assert "t-a" not in ids(await get(client, project, "/traces"))
    assert not A_OBSERVATIONS & set(ids(await get(client, project, "/observations")))
    assert not {"t-a-score", "t-a-bool"} & set(ids(await get(client, project, "/v3/scores")))


async def test_deleting_a_trace_removes_its_observations_and_scores(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    await seed(client, project)
    deleted = await client.delete("/api/public/traces/t-a", auth=project.basic)
    assert (deleted.status_code, deleted.json()) == (200, {"message": "Trace deleted successfully"})
    await assert_nothing_of_trace_a_is_readable(client, project)
    assert ids(await get(client, project, "/traces")) == ["t-c", "t-b"]
    # Its session had no other trace: the session and the session's score went with it.
    await refused(client, project, "/sessions/s1", 404)
    assert ids(await get(client, project, "/v2/scores")) == ["t-b-cat"]
    again = await client.delete("/api/public/traces/t-a", auth=project.basic)
    assert (again.status_code, again.json()["error"]) == (404, "LangfuseNotFoundError")
    other = await make_project(database)
    foreign = await client.delete("/api/public/traces/t-b", auth=other.basic)
    assert foreign.status_code == 404
    assert (await get(client, project, "/traces/t-b"))["id"] == "t-b"


async def test_deleting_traces_in_bulk(client: httpx.AsyncClient, project: ProjectKeys) -> None:
    await seed(client, project)
    deleted = await client.request(
        "DELETE",
        "/api/public/traces",
        json={"traceIds": ["t-a", "t-c", "never-existed"]},
        auth=project.basic,
    )
    assert (deleted.status_code, deleted.json()) == (
        200,
        {"message": "Traces deleted successfully"},
    )
    await assert_nothing_of_trace_a_is_readable(client, project)
    assert ids(await get(client, project, "/traces")) == ["t-b"]
    for body in (
        {"traceIds": []},
        {"traceIds": ["x"] * 1001},
        {"traceIds": "t-b"},
        {},
        {"traceIds": [1]},
    ):
        refused_delete = await client.request(
            "DELETE", "/api/public/traces", json=body, auth=project.basic
        )
        assert refused_delete.status_code == 400
        assert refused_delete.json()["field"] == "traceIds"
    assert ids(await get(client, project, "/traces")) == ["t-b"]


# Tests for project isolation and scopes


async def test_another_projects_rows_are_never_visible(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    other = await make_project(database)
    await seed(client, other)
    for path in ("/traces/t-a", "/observations/t-a-gen", "/sessions/s1", "/scores/t-a-score",
                 "/v2/scores/t-a-score"):  # fmt: skip
        assert (await refused(client, project, path, 404))["error"] == "LangfuseNotFoundError"
    for path in ("/traces", "/observations", "/sessions", "/scores", "/v2/scores",
                 "/metrics/daily"):  # fmt: skip
        assert (await get(client, project, path))["meta"]["totalItems"] == 0, path
    for path in ("/v2/observations", "/v3/scores"):
        assert (await get(client, project, path))["data"] == [], path


async def test_reads_need_their_scope(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database
) -> None:
    scores_only = await make_project(database, scopes=["scores:read"])
    assert (await get(client, scores_only, "/v3/scores"))["data"] == []
    for path in ("/traces", "/observations", "/v2/observations", "/sessions", "/metrics/daily"):
        assert (await refused(client, scores_only, path, 403))["error"] == "ForbiddenError"
    traces_only = await make_project(database, scopes=["traces:read"])
    assert (await refused(client, traces_only, "/v2/scores", 403))["error"] == "ForbiddenError"
    response = await client.delete("/api/public/traces/x", auth=traces_only.basic)
    assert response.status_code == 403
