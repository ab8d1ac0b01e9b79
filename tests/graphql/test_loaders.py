"""Loaders: a nested query's statements do not grow with the rows it returns, and each
relation answers the same whether one item or many ask for it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agenttrace.db import Database
from tests.api.test_v1_reads import ingest
from tests.conftest import ProjectKeys, make_project
from tests.graphql.conftest import data, operation, statements

# Every relation of every type, two levels down from a page of traces. Each loader is
# reached from one place, so its keys arrive in one tick whatever the timing: a loader
# reached from two depths (children of roots and of pages) batches once per depth, which
# is still a number fixed by the query, not by its rows.
NESTED = """{
  traces(first: 200) {
    totalCount
    nodes {
      id
      observations(first: 5) {
        totalCount
        nodes {
          id
          children { id }
          parent { id }
          scores { id }
          trace { id }
        }
      }
      filtered: observations(types: [EVENT], first: 5) { totalCount nodes { id } }
      rootObservations { id }
      scores { id }
      agentRecords { total }
      session {
        id
        traces(first: 5) { nodes { id } }
        scores { id }
      }
    }
  }
}"""


async def project_with(client: httpx.AsyncClient, database: Database, traces: int) -> ProjectKeys:
    """``traces`` traces in sessions of two, each a span with a generation and an event
    under it, a trace score and an observation score."""
    project = await make_project(database)
    events: list[tuple[str, dict[str, Any]]] = []
    for n in range(traces):
        trace = f"t{n:03d}"
        minute = f"2026-05-01T{n // 60 % 24:02d}:{n % 60:02d}"
        start, second, third = f"{minute}:00Z", f"{minute}:01Z", f"{minute}:02Z"
        events += [
            ("trace-create", {"id": trace, "sessionId": f"s{n // 2}", "timestamp": start}),
            ("span-create", {"id": f"{trace}-s", "traceId": trace, "startTime": start}),
            ("generation-create", {"id": f"{trace}-g", "traceId": trace, "parentObservationId": f"{trace}-s", "model": "gpt-4o", "usage": {"input": 10, "output": 1}, "startTime": second}),
            ("event-create", {"id": f"{trace}-e", "traceId": trace, "parentObservationId": f"{trace}-s", "startTime": third}),
            ("score-create", {"id": f"{trace}-q", "traceId": trace, "name": "q", "value": 1}),
            ("score-create", {"id": f"{trace}-h", "traceId": trace, "observationId": f"{trace}-g", "name": "h", "value": 0}),
        ]  # fmt: skip
    for start in range(0, len(events), 600):
        await ingest(client, project, events[start : start + 600])
    await data(client, project, "{ project { id } }")  # the key is verified and cached
    return project


@pytest.mark.parametrize(
    "query",
    [operation("TraceListWithObservations"), NESTED],
    ids=["explorer's nested trace list", "every relation"],
)
async def test_a_nested_trace_list_issues_as_many_statements_for_200_traces_as_for_5(
    client: httpx.AsyncClient, database: Database, query: str
) -> None:
    small, large = (
        await project_with(client, database, 5),
        await project_with(client, database, 200),
    )
    counted = {}
    for name, project, traces in (("small", small, 5), ("large", large, 200)):
        with statements() as seen:
            answer = await data(client, project, query, first=200, observationsFirst=5)
        counted[name] = len(seen)
        assert len(answer["traces"]["nodes"]) == traces
    assert counted["small"] == counted["large"], counted
    # A page, its count, and one statement per relation (per set of arguments), each in a
    # short read session of its own (a BEGIN on SQLite).
    assert counted["large"] <= 32


async def test_each_relation_answers_the_same_alone_as_in_a_batch(
    client: httpx.AsyncClient, database: Database
) -> None:
    project = await project_with(client, database, 6)
    together = (await data(client, project, NESTED))["traces"]["nodes"]
    for trace in together:
        alone = await data(
            client,
            project,
            NESTED.replace("traces(first: 200)", f'traces(filter: {{ids: ["{trace["id"]}"]}})'),
        )
        assert alone["traces"]["nodes"] == [trace]
    (first,) = [t for t in together if t["id"] == "t000"]
    assert first["observations"] == {
        "totalCount": 3,
        "nodes": [
            {"id": "t000-s", "children": [{"id": "t000-g"}, {"id": "t000-e"}], "parent": None, "scores": [], "trace": {"id": "t000"}},
            {"id": "t000-g", "children": [], "parent": {"id": "t000-s"}, "scores": [{"id": "t000-h"}], "trace": {"id": "t000"}},
            {"id": "t000-e", "children": [], "parent": {"id": "t000-s"}, "scores": [], "trace": {"id": "t000"}},
        ],
    }  # fmt: skip
    assert first["filtered"] == {"totalCount": 1, "nodes": [{"id": "t000-e"}]}
    assert first["session"] == {
        "id": "s0",
        "traces": {"nodes": [{"id": "t000"}, {"id": "t001"}]},
        "scores": [],
    }


@pytest.mark.parametrize("first", [1, 2])
async def test_pages_per_trace_stop_at_first_and_say_so(
    client: httpx.AsyncClient, database: Database, first: int
) -> None:
    project = await project_with(client, database, 3)
    found = await data(
        client,
        project,
        "query($n: Int!) { traces { nodes { observations(first: $n) { nodes { id } pageInfo { hasNextPage } } } } }",
        n=first,
    )
    for trace in found["traces"]["nodes"]:
        assert len(trace["observations"]["nodes"]) == first
        assert trace["observations"]["pageInfo"]["hasNextPage"] is True
