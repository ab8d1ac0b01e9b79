"""The fields the web explorer reads through GraphQL, on both databases: the columnar
skeleton (one statement), previews, sizes and heads, the new trace filters, the dashboard's
series and error count, the filter bar's choices, own scores, nullable usage and the viewer.
Each is checked against ``/v1`` or against the rows the catalog seeded."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from agenttrace.db import Database
from tests.api.catalog import make_catalog
from tests.api.test_v1_reads import get, ingest
from tests.conftest import ProjectKeys, make_project
from tests.graphql.conftest import data, post, statements


@pytest.fixture(scope="module")
async def catalog(client: httpx.AsyncClient, database: Database) -> ProjectKeys:
    return await make_catalog(client, database)


SKELETON = """
query Skeleton($id: ID!, $limit: Int) {
  trace(id: $id) {
    skeleton(limit: $limit) {
      truncated ids parentIds types names startTimes endTimes levels totalTokens totalCosts
    }
  }
}
"""


def millis(iso: str | None) -> float | None:
    if iso is None:
        return None
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(UTC).timestamp() * 1000


async def test_the_skeleton_is_the_trace_observations_in_columns_in_one_statement(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    rest = await get(client, catalog, "/v1/traces/c1", includeObservations="true")
    with statements() as seen:
        found = (await data(client, catalog, SKELETON, id="c1"))["trace"]["skeleton"]
    assert sum("FROM observation" in s for s in seen) == 1
    observations = rest["observations"]
    assert found["truncated"] is False
    assert found["ids"] == [o["id"] for o in observations] == ["c1-gen", "c1-tool"]
    assert found["parentIds"] == [o["parentObservationId"] for o in observations]
    assert found["types"] == [o["type"] for o in observations]
    assert found["names"] == [o["name"] for o in observations]
    assert found["startTimes"] == [millis(o["startTime"]) for o in observations]
    assert found["endTimes"] == [millis(o["endTime"]) for o in observations]
    assert found["levels"] == ["DEFAULT", "ERROR"]
    assert found["totalTokens"] == [110, 0]
    assert found["totalCosts"] == [o["totalCost"] for o in observations]
    assert found["totalCosts"][1] is None  # unknown, never 0


async def test_a_skeleton_past_its_limit_says_it_is_truncated(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    found = (await data(client, catalog, SKELETON, id="c1", limit=1))["trace"]["skeleton"]
    assert (found["truncated"], found["ids"]) == (True, ["c1-gen"])
    body = await post(client, SKELETON, {"id": "c1", "limit": 0}, headers=catalog.bearer)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_skeletons_of_a_list_take_one_statement(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    query = """{ traces(first: 10) { nodes { id skeleton(limit: 1) { truncated ids } } } }"""
    with statements() as seen:
        nodes = (await data(client, catalog, query))["traces"]["nodes"]
    assert sum("FROM observation" in s for s in seen) == 1
    assert {n["id"]: n["skeleton"] for n in nodes} == {
        "c3": {"truncated": False, "ids": []},
        "c2": {"truncated": False, "ids": ["c2-gen"]},
        "c1": {"truncated": True, "ids": ["c1-gen"]},
    }


async def test_a_large_trace_skeleton_keeps_start_order(
    client: httpx.AsyncClient, database: Database
) -> None:
    project = await make_project(database)
    events: list[tuple[str, dict[str, Any]]] = [
        ("trace-create", {"id": "big", "timestamp": "2026-05-01T10:00:00Z"})
    ]
    for index in range(600):
        events.append(
            (
                "span-create",
                {
                    "id": f"s{index:04d}",
                    "traceId": "big",
                    "parentObservationId": None if index == 0 else f"s{(index - 1) // 3:04d}",
                    "startTime": f"2026-05-01T10:{index // 60:02d}:{index % 60:02d}Z",
                },
            )
        )
    await ingest(client, project, events)
    found = (await data(client, project, SKELETON, id="big"))["trace"]["skeleton"]
    assert found["ids"] == [f"s{index:04d}" for index in range(600)]
    assert found["startTimes"] == sorted(found["startTimes"])


PAYLOADS = """
query Payloads($id: ID!, $obs: ID!, $max: Int!) {
  trace(id: $id) { inputPreview outputPreview inputBytes outputBytes metadataBytes usage { totalTokens } }
  observation(id: $obs) {
    inputBytes outputBytes metadataBytes usage { totalTokens }
    inputHead(maxBytes: $max) outputHead metadataHead
  }
}
"""


async def test_previews_sizes_and_heads_match_v1(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    found = await data(client, catalog, PAYLOADS, id="c1", obs="c1-gen", max=12)
    trace, observation = found["trace"], found["observation"]
    rest = await get(client, catalog, "/v1/traces/c1")
    for key in ("inputPreview", "outputPreview", "inputBytes", "outputBytes", "metadataBytes"):
        assert trace[key] == rest[key]
    assert trace["usage"] == {"totalTokens": 110}
    assert len(observation["inputHead"].encode()) <= 12
    assert observation["inputHead"].startswith("[{")
    assert observation["outputHead"] == '"Timed out waiting"'
    assert observation["metadataHead"] is not None
    unpriced = await data(client, catalog, PAYLOADS, id="c2", obs="c2-gen", max=100)
    assert unpriced["trace"]["usage"] is None
    assert unpriced["observation"]["usage"] is None
    assert unpriced["observation"]["inputHead"] is None
    refused = await post(
        client, PAYLOADS, {"id": "c1", "obs": "c1-gen", "max": 0}, headers=catalog.bearer
    )
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_heads_of_many_observations_take_one_statement(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    query = """{ trace(id: "c1") { observations { nodes { id outputHead(maxBytes: 5) } } } }"""
    with statements() as seen:
        found = await data(client, catalog, query)
    heads = [n["outputHead"] for n in found["trace"]["observations"]["nodes"]]
    assert heads == ['"Time', None]
    assert sum("substr" in s.lower() for s in seen) == 1


LIST = """
query List($filter: TraceFilterInput) {
  traces(filter: $filter, first: 50) { totalCount nodes { id scores(ownOnly: true) { id } } }
}
"""


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ({"levels": ["ERROR", "WARNING"]}, ["c2", "c1"]),
        ({"models": ["claude-x"]}, ["c2"]),
        ({"metadata": [{"key": "region", "value": "us"}]}, ["c2"]),
        ({"metadata": [{"key": "tier", "value": "2"}, {"key": "beta", "value": "true"}]}, ["c1"]),
        ({"search": "order"}, ["c3", "c1"]),
        ({"search": "order", "toTimestamp": "2026-05-02T00:00:00Z"}, ["c1"]),
        ({"search": "waiting", "models": ["claude-x"]}, []),
    ],
)
async def test_trace_filters_select_what_v1_selects(
    client: httpx.AsyncClient,
    catalog: ProjectKeys,
    filter: dict[str, Any],
    expected: list[str],
) -> None:
    found = (await data(client, catalog, LIST, filter=filter))["traces"]
    assert [n["id"] for n in found["nodes"]] == expected
    assert found["totalCount"] == len(expected)


async def test_own_scores_leave_the_observations_scores_out(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    query = """{ trace(id: "c1") { all: scores { id } own: scores(ownOnly: true) { id } } }"""
    found = (await data(client, catalog, query))["trace"]
    assert sorted(s["id"] for s in found["all"]) == ["c1-obs", "c1-own"]
    assert [s["id"] for s in found["own"]] == ["c1-own"]


async def test_own_scores_of_a_page_take_one_statement(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    with statements() as seen:
        await data(client, catalog, LIST)
    assert sum("FROM score" in s for s in seen) == 1


async def test_sessions_of_a_user(client: httpx.AsyncClient, catalog: ProjectKeys) -> None:
    query = """{ sessions(filter: {userId: "zoe"}) { nodes { id userIds } } }"""
    assert (await data(client, catalog, query))["sessions"]["nodes"] == [
        {"id": "s3", "userIds": ["zoe"]}
    ]


async def test_the_filter_bar_choices(client: httpx.AsyncClient, catalog: ProjectKeys) -> None:
    query = "{ project { environments traceNames tags models(first: 1) } }"
    found = (await data(client, catalog, query))["project"]
    assert found == {
        "environments": ["default", "staging"],
        "traceNames": ["checkout", "refund", "search"],
        "tags": ["vip"],
        "models": ["claude-x"],
    }


METRICS = """
query Dashboard($filter: TraceFilterInput, $bucket: TimeBucket!) {
  metrics(filter: $filter) {
    totals { traceCount errorCount totalCost }
    usageByModel { model totalCost }
    series(bucket: $bucket) {
      start traceCount errorCount totalCost usage { totalTokens } latency { p50 p95 }
    }
  }
}
"""


async def test_the_series_cuts_the_range_in_buckets_with_empty_ones(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    window = {"fromTimestamp": "2026-05-01T09:30:00Z", "toTimestamp": "2026-05-01T13:00:00Z"}
    found = (await data(client, catalog, METRICS, filter=window, bucket="HOUR"))["metrics"]
    series = found["series"]
    assert [b["start"] for b in series] == [
        f"2026-05-01T{hour:02d}:00:00.000Z" for hour in (9, 10, 11, 12)
    ]
    assert [b["traceCount"] for b in series] == [0, 1, 1, 0]
    assert [b["errorCount"] for b in series] == [0, 1, 0, 0]
    assert [b["usage"]["totalTokens"] for b in series] == [0, 110, 0, 0]
    assert [b["latency"]["p50"] for b in series] == [None, 2.0, 1.0, None]
    assert [b["totalCost"] for b in series][::2] == [None, None]  # nothing priced there
    assert found["totals"]["traceCount"] == sum(b["traceCount"] for b in series) == 2
    assert found["totals"]["errorCount"] == 1
    costs = {line["model"]: line["totalCost"] for line in found["usageByModel"]}
    assert costs["claude-x"] is None  # unpriced: unknown, never 0


async def test_a_series_without_a_start_begins_at_the_first_trace(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    window = {"toTimestamp": "2026-05-03T00:00:00Z"}
    series = (await data(client, catalog, METRICS, filter=window, bucket="DAY"))["metrics"][
        "series"
    ]
    assert [(b["start"][:10], b["traceCount"]) for b in series] == [
        ("2026-05-01", 2),
        ("2026-05-02", 1),
    ]
    too_many = {"fromTimestamp": "2020-01-01T00:00:00Z", **window}
    body = await post(
        client, METRICS, {"filter": too_many, "bucket": "MINUTE_5"}, headers=catalog.bearer
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_viewer_is_the_key_making_the_request(
    client: httpx.AsyncClient, database: Database
) -> None:
    project = await make_project(database, expires_at=datetime(2031, 1, 2, tzinfo=UTC))
    query = "{ viewer { projectId publicKey scopes publicOnly expiresAt } }"
    assert (await data(client, project, query))["viewer"] == {
        "projectId": project.project_id,
        "publicKey": project.public_key,
        "scopes": ["*"],
        "publicOnly": False,
        "expiresAt": "2031-01-02T00:00:00.000Z",
    }
