"""GraphQL reads beyond the explorer's operations: one object by id, every root list with
its filters and cursor walks, the relations of each type, and what a caller may see
(another project's ids answer NOT_FOUND; scopes as in REST; codes on every error)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agenttrace.db import Database
from agenttrace.models import Project
from tests.api.test_v1_reads import get
from tests.conftest import ProjectKeys, make_project
from tests.graphql.conftest import data, post

# Tests for objects by id and their relations


async def test_an_observation_reaches_its_parent_children_trace_and_scores(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    found = await data(
        client,
        explorer,
        """{ observation(id: "t1-gen") {
              id parent { id } children { id } trace { id name } scores { id name value }
        } }""",
    )
    assert found == {
        "observation": {
            "id": "t1-gen",
            "parent": {"id": "t1-root"},
            "children": [{"id": "t1-log"}],
            "trace": {"id": "t1", "name": "chat"},
            "scores": [{"id": "h1", "name": "helpful", "value": 1.0}],
        }
    }


async def test_a_score_reaches_its_trace_observation_and_session(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    found = await data(
        client,
        explorer,
        """{ h1: score(id: "h1") { dataType stringValue trace { id } observation { id } session { id } }
             ss1: score(id: "ss1") { dataType trace { id } session { id traceCount userIds } } }""",
    )
    assert found == {
        "h1": {
            "dataType": "BOOLEAN",
            "stringValue": "True",
            "trace": {"id": "t1"},
            "observation": {"id": "t1-gen"},
            "session": None,
        },
        "ss1": {
            "dataType": "NUMERIC",
            "trace": None,
            "session": {"id": "s1", "traceCount": 2, "userIds": ["ann", "bob"]},
        },
    }


async def test_a_trace_without_a_session_has_none(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    found = await data(client, explorer, '{ trace(id: "t4") { session { id } level } }')
    assert found == {"trace": {"session": None, "level": "ERROR"}}


async def test_filtered_observations_of_a_trace_are_counted_by_the_filter(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    found = await data(
        client,
        explorer,
        """{ trace(id: "t1") {
              generations: observations(types: [GENERATION]) { totalCount nodes { id } }
              warnings: observations(level: WARNING) { totalCount nodes { id } }
              all: observations(first: 1) { totalCount nodes { id } pageInfo { hasNextPage } }
        } }""",
    )
    assert found == {
        "trace": {
            "generations": {"totalCount": 1, "nodes": [{"id": "t1-gen"}]},
            "warnings": {"totalCount": 1, "nodes": [{"id": "t1-log"}]},
            "all": {
                "totalCount": 3,
                "nodes": [{"id": "t1-root"}],
                "pageInfo": {"hasNextPage": True},
            },
        }
    }


# Tests for root lists


@pytest.mark.parametrize(
    ("graphql_filter", "rest_query"),
    [
        ({}, {}),
        ({"userId": "ann"}, {"userId": "ann"}),
        ({"sessionId": "s1"}, {"sessionId": "s1"}),
        ({"tags": ["prod", "eu"]}, {"tags": "prod,eu"}),
        ({"environments": ["staging", "production"]}, {"environment": "staging,production"}),
        ({"level": "ERROR"}, {"level": "ERROR"}),
        ({"name": "agent"}, {"name": "agent"}),
        (
            {"fromTimestamp": "2026-05-01T11:00:00Z", "toTimestamp": "2026-05-01T13:00:00Z"},
            {"fromTimestamp": "2026-05-01T11:00:00Z", "toTimestamp": "2026-05-01T13:00:00Z"},
        ),
        ({"ids": ["t2", "t4", "elsewhere"]}, None),  # GraphQL only
    ],
)
async def test_trace_filters_select_what_rest_selects(
    client: httpx.AsyncClient,
    explorer: ProjectKeys,
    graphql_filter: dict[str, Any],
    rest_query: dict[str, Any] | None,
) -> None:
    found = await data(
        client,
        explorer,
        "query($f: TraceFilterInput) { traces(filter: $f) { totalCount nodes { id } } }",
        f=graphql_filter,
    )
    ids = [node["id"] for node in found["traces"]["nodes"]]
    if rest_query is None:
        assert ids == ["t4", "t2"]
    else:
        rest = await get(client, explorer, "/v1/traces", **rest_query)
        assert ids == [item["id"] for item in rest["data"]]
    assert found["traces"]["totalCount"] == len(ids)


@pytest.mark.parametrize(
    ("field", "direction", "expected"),
    [
        ("TIMESTAMP", "ASC", ["t1", "t2", "t3", "t4", "t5"]),
        # Unknown costs (t3's model has no price; t4, t5 use no model) last, by id.
        ("TOTAL_COST", "DESC", ["t1", "t2", "t5", "t4", "t3"]),
        # t5 has no observations and no end: no latency.
        ("LATENCY", "DESC", ["t1", "t3", "t2", "t4", "t5"]),
    ],
)
async def test_a_cursor_walk_visits_every_trace_once_in_order(
    client: httpx.AsyncClient,
    explorer: ProjectKeys,
    field: str,
    direction: str,
    expected: list[str],
) -> None:
    query = """query($order: TraceOrder, $after: String) {
        traces(orderBy: $order, first: 2, after: $after) {
            edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor }
        } }"""
    walked: list[str] = []
    after = None
    while True:
        page = (
            await data(
                client,
                explorer,
                query,
                order={"field": field, "direction": direction},
                after=after,
            )
        )["traces"]
        walked += [edge["node"]["id"] for edge in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    rest = await get(
        client,
        explorer,
        "/v1/traces",
        orderBy={"TIMESTAMP": "timestamp", "TOTAL_COST": "totalCost", "LATENCY": "latency"}[field],
        order=direction.lower(),
    )
    assert walked == [item["id"] for item in rest["data"]] == expected


async def test_observation_list_filters_and_orders_as_v1_observations(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    found = await data(
        client,
        explorer,
        """{ generations: observations(filter: {types: [GENERATION]}) { totalCount nodes { id } }
             ofAnn: observations(filter: {userId: "ann"}, order: ASC) { nodes { id } }
             roots: observations(filter: {traceId: "t1", parentObservationId: ""}) { nodes { id } } }""",
    )
    rest = await get(client, explorer, "/v1/observations", type="GENERATION")
    assert found == {
        "generations": {
            "totalCount": 3,
            "nodes": [{"id": item["id"]} for item in rest["data"]],
        },
        "ofAnn": {
            "nodes": [{"id": i} for i in ("t1-root", "t1-gen", "t1-log", "t3-gen", "t3-tool")]
        },
        "roots": {"nodes": [{"id": "t1-root"}]},
    }


async def test_score_and_session_lists_answer_as_v1(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    found = await data(
        client,
        explorer,
        """{ scores { totalCount nodes { id } }
             onT1: scores(filter: {traceId: "t1"}) { nodes { id } }
             categorical: scores(filter: {dataTypes: [CATEGORICAL]}) { nodes { id stringValue } }
             sessions { totalCount nodes { id traceCount totalCost } } }""",
    )
    scores = await get(client, explorer, "/v1/scores")
    sessions = await get(client, explorer, "/v1/sessions")
    assert found == {
        "scores": {"totalCount": 4, "nodes": [{"id": item["id"]} for item in scores["data"]]},
        "onT1": {"nodes": [{"id": "h1"}, {"id": "q1"}]},
        "categorical": {"nodes": [{"id": "c3", "stringValue": "neutral"}]},
        "sessions": {
            "totalCount": 2,
            "nodes": [
                {"id": item["id"], "traceCount": item["traceCount"], "totalCost": item["totalCost"]}
                for item in sessions["data"]
            ],
        },
    }


async def test_a_session_pages_its_traces(client: httpx.AsyncClient, explorer: ProjectKeys) -> None:
    query = """query($after: String) { session(id: "s1") {
        traces(first: 1, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } }
    } }"""
    first = (await data(client, explorer, query))["session"]["traces"]
    second = await data(client, explorer, query, after=first["pageInfo"]["endCursor"])
    second_page = second["session"]["traces"]
    assert (first["nodes"], first["totalCount"], first["pageInfo"]["hasNextPage"]) == (
        [{"id": "t1"}],
        2,
        True,
    )
    assert (second_page["nodes"], second_page["pageInfo"]["hasNextPage"]) == ([{"id": "t2"}], False)


async def test_sessions_in_one_list_page_their_traces_with_one_statement(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    found = await data(
        client, explorer, "{ sessions { nodes { id traces(first: 1) { nodes { id } } } } }"
    )
    assert found == {
        "sessions": {
            "nodes": [
                {"id": "s2", "traces": {"nodes": [{"id": "t3"}]}},
                {"id": "s1", "traces": {"nodes": [{"id": "t1"}]}},
            ]
        }
    }


# Tests for bad input, auth and isolation


@pytest.mark.parametrize(
    ("query", "message", "field"),
    [
        ("{ traces(first: 0) { totalCount } }", "first must be from 1 to 1000, got 0", "first"),
        (
            "{ traces(first: 1001) { totalCount } }",
            "first must be from 1 to 1000, got 1001",
            "first",
        ),
        (
            '{ traces(after: "!!") { totalCount } }',
            "cursor is not a cursor this API gave out",
            "cursor",
        ),
    ],
)
async def test_bad_arguments_are_bad_user_input_naming_the_field(
    client: httpx.AsyncClient, explorer: ProjectKeys, query: str, message: str, field: str
) -> None:
    body = await post(client, query, headers=explorer.bearer)
    assert body == {
        "data": None,
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": 3}],
                "path": ["traces"],
                "extensions": {"code": "BAD_USER_INPUT", "field": field},
            }
        ],
    }


async def test_a_cursor_of_another_order_is_refused(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    cursor = (await data(client, explorer, "{ traces(first: 1) { pageInfo { endCursor } } }"))[
        "traces"
    ]["pageInfo"]["endCursor"]
    body = await post(
        client,
        "query($c: String) { traces(after: $c, orderBy: {field: LATENCY}) { totalCount } }",
        {"c": cursor},
        headers=explorer.bearer,
    )
    assert body["errors"][0]["message"] == "cursor belongs to another sort order or list"


async def test_a_bad_time_in_a_variable_is_bad_user_input(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    body = await post(
        client,
        "query($f: TraceFilterInput) { traces(filter: $f) { totalCount } }",
        {"f": {"fromTimestamp": "last week"}},
        headers=explorer.bearer,
    )
    assert [error["extensions"] for error in body["errors"]] == [{"code": "BAD_USER_INPUT"}]


async def test_another_projects_ids_answer_not_found(
    client: httpx.AsyncClient, explorer: ProjectKeys, database: Database
) -> None:
    other = await make_project(database)
    body = await post(
        client,
        """{ trace(id: "t1") { id } observation(id: "t1-gen") { id }
             session(id: "s1") { id } score(id: "q1") { id } }""",
        headers=other.bearer,
    )
    assert body["data"] == {"trace": None, "observation": None, "session": None, "score": None}
    # Errors come in the order their fields finish.
    assert sorted((e["path"], e["message"], e["extensions"]) for e in body["errors"]) == [
        (["observation"], "observation 't1-gen' not found", {"code": "NOT_FOUND"}),
        (["score"], "score 'q1' not found", {"code": "NOT_FOUND"}),
        (["session"], "session 's1' not found", {"code": "NOT_FOUND"}),
        (["trace"], "trace 't1' not found", {"code": "NOT_FOUND"}),
    ]
    lists = await data(
        client,
        other,
        """{ traces { totalCount } observations { totalCount } scores { totalCount }
             sessions { totalCount } metrics { totals { traceCount } } }""",
    )
    assert lists == {
        "traces": {"totalCount": 0},
        "observations": {"totalCount": 0},
        "scores": {"totalCount": 0},
        "sessions": {"totalCount": 0},
        "metrics": {"totals": {"traceCount": 0}},
    }


async def test_without_a_key_every_field_is_unauthenticated(client: httpx.AsyncClient) -> None:
    body = await post(client, "{ traces { totalCount } }")
    assert body == {
        "data": None,
        "errors": [
            {
                "message": "No authorization header; send 'Authorization: Bearer <secret key>'",
                "locations": [{"line": 1, "column": 3}],
                "path": ["traces"],
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ],
    }


async def test_a_wrong_key_is_unauthenticated(client: httpx.AsyncClient) -> None:
    body = await post(
        client, "{ project { id } }", headers={"Authorization": "Bearer sk-at-not-a-key"}
    )
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]


async def test_a_key_without_the_scope_is_forbidden_as_in_rest(
    client: httpx.AsyncClient, database: Database
) -> None:
    project = await make_project(database, scopes=["traces:read"])
    body = await post(
        client, "{ traces { totalCount } scores { totalCount } }", headers=project.bearer
    )
    assert body == {
        "data": None,
        "errors": [
            {
                "message": "This API key lacks the 'scores:read' scope",
                "locations": [{"line": 1, "column": 25}],
                "path": ["scores"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }
    rest = await client.get("/v1/scores", headers=project.bearer)
    assert rest.status_code == 403


async def test_basic_auth_works_as_in_rest(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ traces { totalCount } }"}, auth=explorer.basic
    )
    assert response.json() == {"data": {"traces": {"totalCount": 5}}}


async def test_over_the_rate_limit_graphql_answers_rate_limited(
    client: httpx.AsyncClient, database: Database
) -> None:
    project = await make_project(database)
    async with database.write() as session:
        row = await session.get(Project, project.project_id)
        assert row is not None
        row.rate_limit_tier = "free"  # a burst of 10
        session.add(row)
    answers = [await post(client, "{ project { id } }", headers=project.bearer) for _ in range(10)]
    assert all("errors" not in answer for answer in answers)
    refused = await client.post(
        "/graphql", json={"query": "{ project { id } }"}, headers=project.bearer
    )
    assert refused.status_code == 429
    assert refused.json() == {
        "data": None,
        "errors": [
            {
                "message": "Rate limit of 60 requests per minute exceeded; retry in 1 s",
                "extensions": {"code": "RATE_LIMITED"},
            }
        ],
    }


async def test_a_browser_get_opens_graphiql(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
