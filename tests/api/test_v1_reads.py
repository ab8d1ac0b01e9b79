"""Our REST reads: trace lists (every filter and sort, cursor walks), trace detail with
paged observations, trees and scores, observation/score/session lists, deletion, isolation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agenttrace.db import Database
from tests.conftest import ProjectKeys, make_project


async def get(
    client: httpx.AsyncClient, project: ProjectKeys, path: str, **query: Any
) -> dict[str, Any]:
    response = await client.get(path, params=query, headers=project.bearer)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def ingest(
    client: httpx.AsyncClient, project: ProjectKeys, events: list[tuple[str, dict[str, Any]]]
) -> None:
    batch = [
        {
            "id": f"e{index}-{body.get('id')}",
            "type": kind,
            "timestamp": "2026-05-01T00:00:00Z",
            "body": body,
        }
        for index, (kind, body) in enumerate(events)
    ]
    response = await client.post("/api/public/ingestion", json={"batch": batch}, auth=project.basic)
    assert response.status_code == 207
    assert response.json()["errors"] == []


async def walk(
    client: httpx.AsyncClient, project: ProjectKeys, path: str, **query: Any
) -> list[dict[str, Any]]:
    """Every item of a list, following nextCursor."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = await get(client, project, path, **query, **({"cursor": cursor} if cursor else {}))
        items += page["data"]
        if not page["meta"]["hasMore"]:
            assert page["meta"]["nextCursor"] is None
            return items
        cursor = page["meta"]["nextCursor"]


@pytest.fixture
async def fleet(client: httpx.AsyncClient, database: Database) -> ProjectKeys:
    """A project with six traces that differ in every filterable field."""
    project = await make_project(database)
    traces = [
        {"id": "f1", "name": "chat", "userId": "ann", "sessionId": "s1", "tags": ["prod", "eu"], "environment": "production", "release": "r1", "version": "v1", "timestamp": "2026-05-01T10:00:00Z", "gitCommitSha": "abc", "gitBranch": "main"},
        {"id": "f2", "name": "chat", "userId": "bob", "sessionId": "s1", "tags": ["prod"], "environment": "production", "release": "r2", "version": "v1", "timestamp": "2026-05-01T11:00:00Z", "bookmarked": True},
        {"id": "f3", "name": "search", "userId": "ann", "sessionId": "s2", "tags": ["dev", "eu"], "environment": "staging", "release": "r1", "version": "v2", "timestamp": "2026-05-01T12:00:00Z", "gitCommitSha": "def", "gitBranch": "feature"},
        {"id": "f4", "name": "search", "userId": "cid", "tags": [], "environment": "staging", "timestamp": "2026-05-01T13:00:00Z", "level": "ERROR"},
        {"id": "f5", "name": "agent", "userId": "ann", "sessionId": "s2", "tags": ["prod", "eu", "x"], "timestamp": "2026-05-01T14:00:00Z"},
        {"id": "f6", "name": "agent", "timestamp": "2026-05-01T15:00:00Z"},
    ]  # fmt: skip
    events: list[tuple[str, dict[str, Any]]] = [("trace-create", t) for t in traces]
    costs = {"f1": (1000, 100), "f2": (10, 1), "f3": (50_000, 5_000), "f5": (500, 0)}
    for trace_id, (tokens_in, tokens_out) in costs.items():
        events.append(
            ("generation-create", {"id": f"{trace_id}-g", "traceId": trace_id, "model": "gpt-4o", "usage": {"input": tokens_in, "output": tokens_out},
              "startTime": "2026-05-01T10:00:00Z", "endTime": f"2026-05-01T10:00:0{len(trace_id) + tokens_out % 7}Z"})
        )  # fmt: skip
    await ingest(client, project, events)
    return project


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["data"]]


# Tests for trace filters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["f6", "f5", "f4", "f3", "f2", "f1"]),
        ({"userId": "ann"}, ["f5", "f3", "f1"]),
        ({"sessionId": "s1"}, ["f2", "f1"]),
        ({"name": "search"}, ["f4", "f3"]),
        ({"tags": ["prod", "eu"]}, ["f5", "f1"]),
        ({"tags": "prod,eu"}, ["f5", "f1"]),
        ({"environment": ["staging", "production"]}, ["f4", "f3", "f2", "f1"]),
        ({"release": "r1"}, ["f3", "f1"]),
        ({"version": "v1"}, ["f2", "f1"]),
        ({"level": "error"}, ["f4"]),
        (
            {"fromTimestamp": "2026-05-01T12:00:00Z", "toTimestamp": "2026-05-01T14:00:00Z"},
            ["f4", "f3"],
        ),
        ({"bookmarked": "true"}, ["f2"]),
        ({"gitCommitSha": "def"}, ["f3"]),
        ({"gitBranch": "main"}, ["f1"]),
        ({"userId": "ann", "tags": "eu", "name": "chat"}, ["f1"]),
        ({"userId": "nobody"}, []),
    ],
)
async def test_trace_filters(
    client: httpx.AsyncClient, fleet: ProjectKeys, query: dict[str, Any], expected: list[str]
) -> None:
    page = await get(client, fleet, "/v1/traces", **query)
    assert ids(page) == expected
    assert page["meta"] == {"totalCount": len(expected), "hasMore": False, "nextCursor": None}


@pytest.mark.parametrize(
    ("order_by", "order", "expected"),
    [
        ("timestamp", "asc", ["f1", "f2", "f3", "f4", "f5", "f6"]),
        ("totalCost", "desc", ["f3", "f1", "f5", "f2", "f6", "f4"]),
        ("totalCost", "asc", ["f2", "f5", "f1", "f3", "f4", "f6"]),
    ],
)
async def test_trace_sorts_put_unknown_values_last(
    client: httpx.AsyncClient, fleet: ProjectKeys, order_by: str, order: str, expected: list[str]
) -> None:
    everything = await walk(client, fleet, "/v1/traces", orderBy=order_by, order=order, limit=2)
    assert [t["id"] for t in everything] == expected


async def test_latency_sort_orders_by_the_trace_latency(
    client: httpx.AsyncClient, fleet: ProjectKeys
) -> None:
    traces = await walk(client, fleet, "/v1/traces", orderBy="latency", order="desc", limit=1)
    latencies = [t["latency"] for t in traces]
    known = [value for value in latencies if value is not None]
    assert known == sorted(known, reverse=True)
    assert latencies[len(known) :] == [None] * (len(latencies) - len(known))


async def test_fields_core_leaves_io_out_of_lists(
    client: httpx.AsyncClient, fleet: ProjectKeys
) -> None:
    full = (await get(client, fleet, "/v1/traces", limit=1))["data"][0]
    core = (await get(client, fleet, "/v1/traces", limit=1, fields="core"))["data"][0]
    assert {"input", "output", "metadata"} <= set(full)
    assert set(full) - set(core) == {"input", "output", "metadata"}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"orderBy": "name"}, "orderBy"),
        ({"order": "sideways"}, "order"),
        ({"fromTimestamp": "last week"}, "fromTimestamp"),
        ({"bookmarked": "maybe"}, "bookmarked"),
        ({"level": "LOUD"}, "level"),
        ({"cursor": "!!"}, "cursor"),
    ],
)
async def test_bad_list_parameters_are_400_naming_them(
    client: httpx.AsyncClient, project: ProjectKeys, query: dict[str, Any], field: str
) -> None:
    response = await client.get("/v1/traces", params=query, headers=project.bearer)
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"field": field}


async def test_a_cursor_of_another_sort_is_refused(
    client: httpx.AsyncClient, fleet: ProjectKeys
) -> None:
    cursor = (await get(client, fleet, "/v1/traces", limit=1))["meta"]["nextCursor"]
    response = await client.get(
        "/v1/traces", params={"cursor": cursor, "orderBy": "totalCost"}, headers=fleet.bearer
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "cursor belongs to another sort order or list"


# Tests for cursor walks


async def test_a_walk_visits_every_trace_once_while_new_ones_arrive(
    client: httpx.AsyncClient, database: Database
) -> None:
    project = await make_project(database)
    await ingest(
        client,
        project,
        [
            (
                "trace-create",
                {"id": f"w{n:03d}", "timestamp": f"2026-05-02T00:{n // 60:02d}:{n % 60:02d}Z"},
            )
            for n in range(120)
        ],
    )
    seen: list[str] = []
    cursor = None
    arrived = 0
    while True:
        page = await get(
            client, project, "/v1/traces", limit=7, **({"cursor": cursor} if cursor else {})
        )
        seen += ids(page)
        # Newer traces arrive between pages: they sort before the walk's position.
        await ingest(
            client,
            project,
            [("trace-create", {"id": f"late{arrived}", "timestamp": "2026-05-03T00:00:00Z"})],
        )
        arrived += 1
        if not page["meta"]["hasMore"]:
            break
        cursor = page["meta"]["nextCursor"]
    assert seen == [f"w{n:03d}" for n in reversed(range(120))]


async def test_equal_timestamps_page_by_id_without_gaps(
    client: httpx.AsyncClient, database: Database
) -> None:
    project = await make_project(database)
    await ingest(
        client,
        project,
        [
            ("trace-create", {"id": f"same-{n:02d}", "timestamp": "2026-05-02T00:00:00Z"})
            for n in range(25)
        ],
    )
    walked = await walk(client, project, "/v1/traces", limit=4)
    assert [t["id"] for t in walked] == sorted((f"same-{n:02d}" for n in range(25)), reverse=True)


# Tests for trace detail


async def test_trace_detail_pages_its_observations_and_nests_them(
    client: httpx.AsyncClient, database: Database
) -> None:
    project = await make_project(database)
    events: list[tuple[str, dict[str, Any]]] = [
        ("span-create", {"id": "root", "traceId": "big", "startTime": "2026-05-01T00:00:00Z"})
    ]
    for n in range(30):
        events.append(
            (
                "span-create",
                {
                    "id": f"c{n:02d}",
                    "traceId": "big",
                    "parentObservationId": "root",
                    "startTime": f"2026-05-01T00:00:{n + 1:02d}Z",
                },
            )
        )
        events.append(
            (
                "event-create",
                {
                    "id": f"c{n:02d}-e",
                    "traceId": "big",
                    "parentObservationId": f"c{n:02d}",
                    "startTime": f"2026-05-01T00:00:{n + 1:02d}.5Z",
                },
            )
        )
    await ingest(client, project, events)
    await client.post(
        "/v1/scores", json={"traceId": "big", "name": "q", "value": 1}, headers=project.bearer
    )

    first = await get(
        client,
        project,
        "/v1/traces/big",
        includeObservations="true",
        observationsLimit=25,
        observationFields="core",
    )
    assert first["observationCount"] == 61
    assert first["observationsMeta"]["totalCount"] == 61
    assert first["observationsMeta"]["hasMore"] is True
    assert "input" not in first["observations"][0]
    rest = await get(
        client,
        project,
        "/v1/traces/big",
        includeObservations="true",
        observationsLimit=50,
        observationsCursor=first["observationsMeta"]["nextCursor"],
    )
    walked = [o["id"] for o in first["observations"] + rest["observations"]]
    assert len(walked) == len(set(walked)) == 61
    assert rest["observationsMeta"]["hasMore"] is False

    tree = await get(client, project, "/v1/traces/big", tree="true", includeScores="true")
    (root,) = tree["observations"]
    assert root["id"] == "root"
    assert [child["id"] for child in root["children"]] == [f"c{n:02d}" for n in range(30)]
    assert [grandchild["id"] for grandchild in root["children"][0]["children"]] == ["c00-e"]
    assert [score["name"] for score in tree["scores"]] == ["q"]


# Tests for observation, score and session lists


async def test_observation_list_filters(client: httpx.AsyncClient, fleet: ProjectKeys) -> None:
    generations = await get(client, fleet, "/v1/observations", type="generation")
    assert sorted(ids(generations)) == ["f1-g", "f2-g", "f3-g", "f5-g"]
    assert ids(await get(client, fleet, "/v1/observations", traceId="f3")) == ["f3-g"]
    assert sorted(ids(await get(client, fleet, "/v1/observations", userId="ann"))) == [
        "f1-g",
        "f3-g",
        "f5-g",
    ]
    assert sorted(ids(await get(client, fleet, "/v1/observations", sessionId="s1"))) == [
        "f1-g",
        "f2-g",
    ]
    assert ids(
        await get(client, fleet, "/v1/observations", parentObservationId="", traceId="f1")
    ) == ["f1-g"]
    bad = await client.get("/v1/observations", params={"type": "thought"}, headers=fleet.bearer)
    assert bad.status_code == 400


async def test_score_list_filters(client: httpx.AsyncClient, fleet: ProjectKeys) -> None:
    for body in (
        {"id": "sc1", "traceId": "f1", "name": "quality", "value": 0.9},
        {"id": "sc2", "traceId": "f2", "name": "quality", "value": 0.1, "source": "EVAL"},
        {"id": "sc3", "sessionId": "s1", "name": "csat", "value": "good"},
        {"id": "sc4", "traceId": "f1", "observationId": "f1-g", "name": "helpful", "value": True},
    ):
        assert (await client.post("/v1/scores", json=body, headers=fleet.bearer)).status_code == 201
    assert sorted(ids(await get(client, fleet, "/v1/scores", traceId="f1"))) == ["sc1", "sc4"]
    assert ids(await get(client, fleet, "/v1/scores", source="eval")) == ["sc2"]
    assert ids(await get(client, fleet, "/v1/scores", dataType="CATEGORICAL")) == ["sc3"]
    assert ids(await get(client, fleet, "/v1/scores", observationId="f1-g")) == ["sc4"]
    assert sorted(ids(await get(client, fleet, "/v1/scores", name="quality"))) == ["sc1", "sc2"]
    assert ids(await get(client, fleet, "/v1/scores", userId="bob")) == ["sc2"]
    assert len(await walk(client, fleet, "/v1/scores", limit=1)) == 4


async def test_sessions_carry_aggregates_of_their_traces(
    client: httpx.AsyncClient, fleet: ProjectKeys
) -> None:
    listed = {s["id"]: s for s in (await get(client, fleet, "/v1/sessions"))["data"]}
    assert set(listed) == {"s1", "s2"}
    s1 = listed["s1"]
    f1, f2 = (
        (await get(client, fleet, "/v1/traces/f1")),
        (await get(client, fleet, "/v1/traces/f2")),
    )
    assert s1["traceCount"] == 2
    assert s1["userIds"] == ["ann", "bob"]
    assert s1["firstTraceTime"] == "2026-05-01T10:00:00.000Z"
    assert s1["lastTraceTime"] == "2026-05-01T11:00:00.000Z"
    assert s1["totalCost"] == pytest.approx(f1["totalCost"] + f2["totalCost"])
    assert s1["usage"]["totalTokens"] == f1["usage"]["totalTokens"] + f2["usage"]["totalTokens"]
    detail = await get(client, fleet, "/v1/sessions/s2")
    assert [t["id"] for t in detail["traces"]] == ["f3", "f5"]
    assert detail["traceCount"] == 2
    missing = await client.get("/v1/sessions/nope", headers=fleet.bearer)
    assert missing.status_code == 404


# Tests for deletion and isolation


async def test_deleting_a_trace_leaves_nothing_behind(
    client: httpx.AsyncClient, fleet: ProjectKeys
) -> None:
    await client.post(
        "/v1/scores",
        json={"id": "gone-score", "traceId": "f2", "name": "q", "value": 1},
        headers=fleet.bearer,
    )
    deleted = await client.delete("/v1/traces/f2", headers=fleet.bearer)
    assert deleted.status_code == 204
    for path in ("/v1/traces/f2", "/v1/observations/f2-g", "/v1/scores/gone-score"):
        assert (await client.get(path, headers=fleet.bearer)).status_code == 404
    assert "f2" not in ids(await get(client, fleet, "/v1/traces"))
    assert (await get(client, fleet, "/v1/sessions/s1"))["traceCount"] == 1
    await client.delete("/v1/traces/f1", headers=fleet.bearer)
    assert (await client.get("/v1/sessions/s1", headers=fleet.bearer)).status_code == 404
    assert (await client.delete("/v1/traces/f1", headers=fleet.bearer)).status_code == 404


async def test_lists_show_only_the_callers_project(
    client: httpx.AsyncClient, fleet: ProjectKeys, database: Database
) -> None:
    other = await make_project(database)
    for path in ("/v1/traces", "/v1/observations", "/v1/scores", "/v1/sessions"):
        assert (await get(client, other, path))["data"] == []
    for path in ("/v1/traces/f1", "/v1/sessions/s1", "/v1/observations/f1-g"):
        assert (await client.get(path, headers=other.bearer)).status_code == 404
    assert (await client.delete("/v1/traces/f1", headers=other.bearer)).status_code == 404
    assert (await get(client, fleet, "/v1/traces/f1"))["id"] == "f1"


async def test_the_unfiltered_total_stays_exact_through_resends_and_deletes(
    client: httpx.AsyncClient, database: Database
) -> None:
    """The unfiltered total is a counter kept by ingestion and deletion, not a COUNT(*)."""
    project = await make_project(database)
    events: list[tuple[str, dict[str, Any]]] = [("trace-create", {"id": f"n{n}"}) for n in range(5)]
    events.append(("span-create", {"id": "implied-span", "traceId": "implied"}))
    for _ in range(3):  # re-sent batches add nothing
        await ingest(client, project, events)
    assert (await get(client, project, "/v1/traces"))["meta"]["totalCount"] == 6
    await client.delete("/v1/traces/n0", headers=project.bearer)
    await client.request(
        "DELETE",
        "/api/public/traces",
        json={"traceIds": ["n1", "n2", "missing"]},
        auth=project.basic,
    )
    page = await get(client, project, "/v1/traces")
    assert page["meta"]["totalCount"] == len(page["data"]) == 3


async def test_filtered_totals_are_remembered_but_never_stale_after_a_write(
    client: httpx.AsyncClient, database: Database
) -> None:
    """A filtered count is served again from memory only until the next committed write."""
    project = await make_project(database)
    await ingest(
        client, project, [("trace-create", {"id": f"c{n}", "userId": "u"}) for n in range(3)]
    )
    assert (await get(client, project, "/v1/traces", userId="u"))["meta"]["totalCount"] == 3
    assert (await get(client, project, "/v1/traces", userId="u", limit=1))["meta"][
        "totalCount"
    ] == 3
    await ingest(client, project, [("trace-create", {"id": "c3", "userId": "u"})])
    assert (await get(client, project, "/v1/traces", userId="u"))["meta"]["totalCount"] == 4
    await client.delete("/v1/traces/c0", headers=project.bearer)
    assert (await get(client, project, "/v1/traces", userId="u"))["meta"]["totalCount"] == 3
    patched = await client.patch("/v1/traces/c1", json={"bookmarked": True}, headers=project.bearer)
    assert patched.status_code == 200
    assert (await get(client, project, "/v1/traces", userId="u", bookmarked="true"))["meta"][
        "totalCount"
    ] == 1
    assert (await get(client, project, "/v1/traces", userId="u", bookmarked="false"))["meta"][
        "totalCount"
    ] == 2
