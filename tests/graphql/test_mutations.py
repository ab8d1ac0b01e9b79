"""Mutations: scores created and deleted, traces updated (merged as every write path
merges) and deleted; each checked by reading back through REST."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agenttrace.db import Database
from tests.api.test_v1_reads import get, ingest
from tests.conftest import ProjectKeys, make_project
from tests.graphql.conftest import data, operation, post


@pytest.fixture
async def traced(client: httpx.AsyncClient, database: Database) -> ProjectKeys:
    """A project with one trace (tagged, with metadata) and a generation in it."""
    project = await make_project(database)
    await ingest(
        client,
        project,
        [
            ("trace-create", {"id": "t", "name": "chat", "tags": ["prod"], "metadata": {"a": 1}, "timestamp": "2026-05-01T10:00:00Z"}),
            ("generation-create", {"id": "g", "traceId": "t", "startTime": "2026-05-01T10:00:00Z"}),
        ],
    )  # fmt: skip
    return project


def without_times(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in ("timestamp", "updatedAt")}


# Tests for scores


async def test_create_score_stores_the_score_rest_reads_back(
    client: httpx.AsyncClient, traced: ProjectKeys
) -> None:
    created = await data(
        client,
        traced,
        operation("CreateScore"),
        input={"id": "s1", "traceId": "t", "observationId": "g", "name": "helpful",
               "value": 1, "dataType": "BOOLEAN", "comment": "good"},
    )  # fmt: skip
    score = created["createScore"]["score"]
    assert created["createScore"]["id"] == "s1"
    assert without_times(score) == {
        "id": "s1",
        "name": "helpful",
        "value": 1.0,
        "stringValue": "True",
        "dataType": "BOOLEAN",
        "source": "API",
        "observationId": "g",
        "comment": "good",
    }
    rest = await get(client, traced, "/v1/scores/s1")
    assert (rest["traceId"], rest["sessionId"]) == ("t", None)
    assert {key: rest[key] for key in score} == score


async def test_create_score_again_merges_into_the_same_score(
    client: httpx.AsyncClient, traced: ProjectKeys
) -> None:
    for value in (0.2, 0.7):
        await data(
            client,
            traced,
            operation("CreateScore"),
            input={"id": "s1", "traceId": "t", "name": "quality", "value": value},
        )
    scores = await get(client, traced, "/v1/scores", traceId="t")
    assert [(s["id"], s["value"]) for s in scores["data"]] == [("s1", 0.7)]


async def test_a_public_key_alone_may_create_a_score_but_not_read_it(
    client: httpx.AsyncClient, traced: ProjectKeys
) -> None:
    public = {"Authorization": f"Bearer {traced.public_key}"}
    body = await post(
        client,
        operation("CreateScore"),
        {"input": {"id": "p1", "traceId": "t", "name": "thumbs", "value": 1}},
        headers=public,
    )
    assert body == {"data": {"createScore": {"id": "p1", "score": None}}}
    assert (await get(client, traced, "/v1/scores/p1"))["name"] == "thumbs"
    read = await post(client, '{ score(id: "p1") { id } }', headers=public)
    assert read["errors"][0]["extensions"] == {"code": "FORBIDDEN"}


async def test_a_score_without_a_subject_is_bad_user_input_naming_the_field(
    client: httpx.AsyncClient, traced: ProjectKeys
) -> None:
    body = await post(
        client,
        operation("CreateScore"),
        {"input": {"name": "orphan", "value": 1}},
        headers=traced.bearer,
    )
    assert body == {
        "data": None,
        "errors": [
            {
                "message": "a score needs exactly one of traceId, sessionId or datasetRunId",
                "locations": [{"line": 3, "column": 3}],
                "path": ["createScore"],
                "extensions": {"code": "BAD_USER_INPUT", "field": "input.traceId"},
            }
        ],
    }


async def test_delete_score_removes_it_once(client: httpx.AsyncClient, traced: ProjectKeys) -> None:
    await data(
        client,
        traced,
        operation("CreateScore"),
        input={"id": "s1", "traceId": "t", "name": "q", "value": 1},
    )
    assert await data(client, traced, operation("DeleteScore"), id="s1") == {
        "deleteScore": {"id": "s1"}
    }
    assert (await client.get("/v1/scores/s1", headers=traced.bearer)).status_code == 404
    again = await post(client, operation("DeleteScore"), {"id": "s1"}, headers=traced.bearer)
    assert [(e["message"], e["extensions"]) for e in again["errors"]] == [
        ("score 's1' not found", {"code": "NOT_FOUND"})
    ]


# Tests for traces


async def test_update_trace_merges_as_every_write_path_does(
    client: httpx.AsyncClient, traced: ProjectKeys
) -> None:
    updated = await data(
        client,
        traced,
        operation("UpdateTrace"),
        id="t",
        input={"bookmarked": True, "tags": ["reviewed"], "metadata": {"b": 2}},
    )
    trace = updated["updateTrace"]
    assert {key: value for key, value in trace.items() if key != "updatedAt"} == {
        "id": "t",
        "name": "chat",  # absent: kept
        "tags": ["prod", "reviewed"],  # a union
        "public": False,
        "bookmarked": True,
        "metadata": {"a": 1, "b": 2},  # merged key by key
    }
    rest = await get(client, traced, "/v1/traces/t")
    assert {key: rest[key] for key in trace} == trace


async def test_mutations_in_one_request_each_answer_their_own_write(
    client: httpx.AsyncClient, traced: ProjectKeys
) -> None:
    found = await data(
        client,
        traced,
        """mutation { first: updateTrace(id: "t", input: {name: "one"}) { name }
                      second: updateTrace(id: "t", input: {name: "two"}) { name } }""",
    )
    assert found == {"first": {"name": "one"}, "second": {"name": "two"}}


async def test_update_of_a_missing_or_foreign_trace_is_not_found(
    client: httpx.AsyncClient, traced: ProjectKeys, database: Database
) -> None:
    other = await make_project(database)
    for project, trace_id in ((traced, "missing"), (other, "t")):
        body = await post(
            client,
            operation("UpdateTrace"),
            {"id": trace_id, "input": {"bookmarked": True}},
            headers=project.bearer,
        )
        assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
            (f"trace '{trace_id}' not found", {"code": "NOT_FOUND"})
        ]
    assert (await get(client, traced, "/v1/traces/t"))["bookmarked"] is False


async def test_writing_needs_the_write_scope(
    client: httpx.AsyncClient, traced: ProjectKeys, database: Database
) -> None:
    reader = await make_project(database, scopes=["traces:read", "scores:read"])
    body = await post(
        client,
        operation("UpdateTrace"),
        {"id": "t", "input": {"bookmarked": True}},
        headers=reader.bearer,
    )
    assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
        ("This API key lacks the 'traces:write' scope", {"code": "FORBIDDEN"})
    ]


async def test_delete_trace_leaves_nothing_behind(
    client: httpx.AsyncClient, traced: ProjectKeys, database: Database
) -> None:
    other = await make_project(database)
    foreign = await post(client, operation("DeleteTrace"), {"id": "t"}, headers=other.bearer)
    assert foreign["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    assert await data(client, traced, operation("DeleteTrace"), id="t") == {
        "deleteTrace": {"id": "t"}
    }
    for path in ("/v1/traces/t", "/v1/observations/g"):
        assert (await client.get(path, headers=traced.bearer)).status_code == 404
    gone = await post(client, '{ trace(id: "t") { id } }', headers=traced.bearer)
    assert gone["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
