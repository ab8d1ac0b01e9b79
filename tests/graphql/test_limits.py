"""Limits on abusive operations: depth, aliases, tokens and the cost budget refuse an
operation with BAD_USER_INPUT before any statement reaches the database."""

from __future__ import annotations

import httpx
import pytest

from agenttrace.graphql.limits import MAX_COST
from tests.conftest import ProjectKeys
from tests.graphql.conftest import data, post, statements

# 20 levels: trace, rootObservations, 17 x children, id.
DEEP = '{ trace(id: "t1") { rootObservations { ' + "children { " * 17 + "id" + " }" * 19 + " }"
MANY_ALIASES = "{ " + " ".join(f"a{n}: project {{ id }}" for n in range(1000)) + " }"
COSTLY = "{ traces(first: 1000) { nodes { observations(first: 1000) { nodes { id } } } } }"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (DEEP, "'anonymous' exceeds maximum operation depth of 12"),
        (MANY_ALIASES, "1000 aliases found. Allowed: 50"),
        (
            COSTLY,
            # The walk stops once over budget: traces, 1,000 x (nodes, observations),
            # then 1,000,000 x (nodes, id).
            f"Query cost of 2,002,001 fields or more exceeds the budget of {MAX_COST:,}; "
            "ask for smaller pages (first) or fewer nested lists",
        ),
        (
            "{ " + "project { id } " * 3000 + "}",
            "Syntax Error: Document contains more than 10000 tokens. Parsing aborted.",
        ),
    ],
    ids=["depth 20", "1,000 aliases", "cost", "tokens"],
)
async def test_an_abusive_operation_is_refused_before_any_database_work(
    client: httpx.AsyncClient, explorer: ProjectKeys, query: str, message: str
) -> None:
    await data(client, explorer, "{ project { id } }")  # the key is verified and cached
    for _ in range(2):  # the second time from the parse and validation caches
        with statements() as seen:
            body = await post(client, query, headers=explorer.bearer)
        assert seen == []
        assert body["data"] is None
        assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
            (message, {"code": "BAD_USER_INPUT"})
        ]


async def test_the_cost_counts_variables_and_connection_pages(
    client: httpx.AsyncClient, explorer: ProjectKeys
) -> None:
    query = """query($n: Int!) { traces(first: $n) { nodes {
        observations(first: $n) { nodes { id } } } } }"""
    small = await post(client, query, {"n": 100}, headers=explorer.bearer)
    large = await post(client, query, {"n": 400}, headers=explorer.bearer)
    assert "errors" not in small
    # 1 + 2 x 400 + 2 x 400²
    assert large["errors"][0]["message"].startswith("Query cost of 320,801 fields or more")


async def test_introspection_is_within_the_limits(client: httpx.AsyncClient) -> None:
    from graphql import get_introspection_query

    body = await post(client, get_introspection_query())
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"] == {"name": "Query", "kind": "OBJECT"}
