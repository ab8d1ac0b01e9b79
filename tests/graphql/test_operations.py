"""The trace explorer's operations (``graphql/operations``): every one runs on both
databases, and the numbers it answers are the ones REST answers for the same rows.

Read operations are compared with ``/v1`` field by field (every field the two faces share,
the nested ``usage`` included); mutations and the subscription have their own modules,
``test_mutations.py`` and ``test_subscriptions.py``, and the guard at the end checks that
each operation file is exercised somewhere.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import httpx
import pytest

from tests.api.test_v1_reads import get
from tests.conftest import ProjectKeys
from tests.graphql.conftest import OPERATIONS, data, operation
from tests.graphql.test_ui_operations import UI_OPERATIONS
from tests.graphql.test_ui_views_operations import VIEW_OPERATIONS

# Relations the two faces answer in different shapes; each test compares them itself.
RELATIONS = frozenset({"observations", "scores", "children", "session", "traces"})


def shared(graphql: dict[str, Any], rest: dict[str, Any]) -> dict[str, Any]:
    """REST's values of the fields the GraphQL object selected (of ``usage``, the counts it
    selected); compared with ``==`` to ``common(graphql, rest)``, a full check of them."""
    return {
        key: {k: rest[key][k] for k in graphql[key]}
        if key == "usage" and graphql[key] is not None and rest[key] is not None
        else rest[key]
        for key in graphql
        if key in rest and key not in RELATIONS
    }


def common(graphql: dict[str, Any], rest: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in graphql.items() if key in rest and key not in RELATIONS}


def assert_same(graphql: dict[str, Any], rest: dict[str, Any], *, at_least: set[str]) -> None:
    assert at_least <= graphql.keys() & rest.keys()
    assert common(graphql, rest) == shared(graphql, rest)


TRACE_NUMBERS = {"id", "timestamp", "latency", "totalCost", "usage", "observationCount", "level"}
OBSERVATION_NUMBERS = {"id", "startTime", "latency", "totalCost", "usage", "type", "level"}


# Tests for the read operations against REST


async def test_trace_list_answers_what_v1_traces_answers(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    found = (await data(client, explorer, operation("TraceList"), first=50, withCount=True))[
        "traces"
    ]
    rest = await get(client, explorer, "/v1/traces", limit=50)
    assert [node["id"] for node in found["nodes"]] == ["t5", "t4", "t3", "t2", "t1"]
    for node, item in zip(found["nodes"], rest["data"], strict=True):
        assert_same(node, item, at_least=TRACE_NUMBERS | {"inputPreview", "outputPreview"})
    assert found["totalCount"] == rest["meta"]["totalCount"] == 5
    t1 = found["nodes"][-1]
    assert (t1["inputPreview"], t1["outputPreview"]) == ('{"q":"hi"}', "hello")
    # The list's chips: the trace's own scores, not its observations'.
    assert [score["id"] for score in t1["scores"]] == ["q1"]
    assert found["pageInfo"]["hasNextPage"] is False


async def test_trace_list_with_observations_answers_what_trace_details_answer(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    found = (await data(client, explorer, operation("TraceListWithObservations")))["traces"]
    for trace in found["nodes"]:
        rest = await get(
            client,
            explorer,
            f"/v1/traces/{trace['id']}",
            includeObservations="true",
            includeScores="true",
        )
        assert_same(trace, rest, at_least=TRACE_NUMBERS)
        observations = trace["observations"]
        assert observations["totalCount"] == rest["observationsMeta"]["totalCount"]
        assert [o["id"] for o in observations["nodes"]] == [o["id"] for o in rest["observations"]]
        for node, item in zip(observations["nodes"], rest["observations"], strict=True):
            assert_same(node, item, at_least=OBSERVATION_NUMBERS)
        assert [common(s, r) for s, r in zip(trace["scores"], rest["scores"], strict=True)] == [
            shared(s, r) for s, r in zip(trace["scores"], rest["scores"], strict=True)
        ]


async def test_trace_detail_answers_what_v1_trace_detail_answers(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    trace = (await data(client, explorer, operation("TraceDetail"), id="t1"))["trace"]
    rest = await get(
        client, explorer, "/v1/traces/t1", includeObservations="true", includeScores="true"
    )
    assert_same(trace, rest, at_least=TRACE_NUMBERS | {"input", "output", "metadata", "htmlPath"})
    assert trace["session"] == {"id": "s1", "traceCount": 2}
    assert [score["id"] for score in trace["scores"]] == ["q1", "h1"]
    for score, item in zip(trace["scores"], rest["scores"], strict=True):
        assert_same(score, item, at_least={"id", "value", "stringValue", "dataType"})
    observations = trace["observations"]
    assert observations["totalCount"] == 3
    assert observations["pageInfo"]["hasNextPage"] is False
    for node, item in zip(observations["nodes"], rest["observations"], strict=True):
        assert_same(node, item, at_least=OBSERVATION_NUMBERS | {"input", "timeToFirstToken"})


async def test_trace_detail_pages_observations_with_the_end_cursor(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    first = await data(client, explorer, operation("TraceDetail"), id="t1", observationsFirst=2)
    page = first["trace"]["observations"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await data(
        client,
        explorer,
        operation("TraceDetail"),
        id="t1",
        observationsFirst=2,
        observationsAfter=page["pageInfo"]["endCursor"],
    )
    walked = [n["id"] for n in page["nodes"] + rest["trace"]["observations"]["nodes"]]
    assert walked == ["t1-root", "t1-gen", "t1-log"]
    assert rest["trace"]["observations"]["pageInfo"]["hasNextPage"] is False


async def test_observation_tree_nests_as_the_v1_tree_does(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    found = (await data(client, explorer, operation("ObservationTree"), traceId="t1"))["trace"]
    rest = await get(client, explorer, "/v1/traces/t1", tree="true")

    def ids(nodes: list[dict[str, Any]]) -> list[Any]:
        return [(node["id"], ids(node.get("children", []))) for node in nodes]

    assert ids(found["rootObservations"]) == ids(rest["observations"])
    (root,) = found["rootObservations"]
    (generation,) = root["children"]
    (log,) = generation["children"]
    assert log["scores"] == []
    assert_same(
        generation,
        rest["observations"][0]["children"][0],
        at_least={"id", "type", "startTime", "endTime", "latency", "totalCost", "model"},
    )


async def test_session_view_answers_what_v1_session_answers(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    session = (await data(client, explorer, operation("SessionView"), id="s1"))["session"]
    rest = await get(client, explorer, "/v1/sessions/s1")
    assert_same(
        session,
        rest,
        at_least={"traceCount", "firstTraceTime", "lastTraceTime", "userIds", "totalCost", "usage"},
    )
    assert [trace["id"] for trace in session["traces"]["nodes"]] == ["t1", "t2"]
    for trace, item in zip(session["traces"]["nodes"], rest["traces"], strict=True):
        assert_same(trace, item, at_least={"id", "latency", "totalCost", "input", "output"})
    assert session["scores"] == [{"id": "ss1", "name": "csat", "value": 4.0, "stringValue": None}]


async def test_metrics_add_up_what_the_daily_metrics_answer(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    metrics = (await data(client, explorer, operation("Metrics")))["metrics"]
    days = (await get(client, explorer, "/api/public/metrics/daily"))["data"]
    traces = (await get(client, explorer, "/v1/traces"))["data"]
    totals = metrics["totals"]
    assert totals["traceCount"] == sum(day["countTraces"] for day in days) == 5
    assert totals["observationCount"] == sum(day["countObservations"] for day in days) == 7
    assert totals["totalCost"] == pytest.approx(sum(day["totalCost"] for day in days))
    assert totals["usage"] == {
        key: sum(trace["usage"][key] for trace in traces if trace["usage"] is not None)
        for key in ("inputTokens", "outputTokens", "totalTokens")
    }
    per_model: dict[Any, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for day in days:
        for line in day["usage"]:
            for key in ("countObservations", "countTraces", "totalUsage", "totalCost"):
                per_model[line["model"]][key] += line[key]
    assert {
        line["model"]: {
            "countObservations": line["observationCount"],
            "countTraces": line["traceCount"],
            "totalUsage": line["usage"]["totalTokens"],
            # Unpriced models answer null (unknown) where the daily metrics answer 0.
            "totalCost": pytest.approx(line["totalCost"] or 0.0),
        }
        for line in metrics["usageByModel"]
    } == per_model
    assert [line["model"] for line in metrics["usageByModel"]] == [
        "gpt-4o", "gpt-4o-mini", "house-model-x", None,
    ]  # fmt: skip


async def test_latency_percentiles_are_nearest_rank_of_trace_latencies(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    latencies = sorted(
        t["latency"]
        for t in (await get(client, explorer, "/v1/traces"))["data"]
        if t["latency"] is not None
    )
    found = (await data(client, explorer, operation("Metrics")))["metrics"]["latency"]
    # Nearest rank: the smallest value with at least p% of the values at or below it.
    n = len(latencies)
    assert found == {
        "p50": latencies[-(-50 * n // 100) - 1],
        "p95": latencies[-(-95 * n // 100) - 1],
        "p99": latencies[-(-99 * n // 100) - 1],
    }


async def test_metrics_of_a_filter_count_only_its_traces(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    metrics = (await data(client, explorer, operation("Metrics"), filter={"userId": "nobody"}))[
        "metrics"
    ]
    assert metrics == {
        "totals": {
            "traceCount": 0,
            "observationCount": 0,
            "inputCost": None,
            "outputCost": None,
            "totalCost": None,
            "usage": {"inputTokens": 0, "outputTokens": 0, "totalTokens": 0},
        },
        "latency": {"p50": None, "p95": None, "p99": None},
        "usageByModel": [],
    }


# Tests for the operation files themselves


EXERCISED = {
    "TraceList", "TraceListWithObservations", "TraceDetail", "ObservationTree", "SessionView",
    "Metrics",  # above
    "UpdateTrace", "CreateScore", "DeleteScore", "DeleteTrace",  # test_mutations.py
    "TraceUpdates",  # test_subscriptions.py
    "PromptList", "PromptDetail", "CreatePrompt", "SetPromptLabels",  # test_prompts.py
    "DatasetList", "DatasetDetail", "DatasetRunDetail", "RunComparison",  # test_datasets.py
    "CreateDatasetRun",  # test_datasets.py
    "AgentRun", "CiRunView", "GitTimeline", "SessionAgent",  # tests/test_agent_scenario.py
    "EvaluatorList", "EvaluationJobs", "TraceEvaluations",  # tests/api/test_evaluators_graphql.py
    "EvaluatorIndex", "EvaluatorView", "EvaluatorJobs",  # tests/api/test_evaluator_ui_operations.py
    "TraceEvaluationPanel",  # tests/api/test_evaluator_ui_operations.py
    *UI_OPERATIONS,  # test_ui_operations.py
    *VIEW_OPERATIONS,  # test_ui_views_operations.py
}  # fmt: skip


def test_every_operation_file_is_exercised_by_a_test() -> None:
    assert {path.stem for path in OPERATIONS.glob("*.graphql")} == EXERCISED
