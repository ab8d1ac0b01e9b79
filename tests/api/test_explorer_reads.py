"""What the web explorer reads through ``/v1``: the trace list's new filters (levels,
models, metadata, full-text search), previews and sizes, sessions of a user, and a payload
field downloaded whole; on both databases, each project seeing only its own rows."""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest

from agenttrace.db import Database
from tests.api.catalog import LONG_INPUT, make_catalog
from tests.api.test_v1_reads import get, ingest
from tests.conftest import ProjectKeys


@pytest.fixture(scope="module")
async def catalog(client: httpx.AsyncClient, database: Database) -> ProjectKeys:
    return await make_catalog(client, database)


async def trace_ids(client: httpx.AsyncClient, project: ProjectKeys, **query: Any) -> list[str]:
    page = await get(client, project, "/v1/traces", **query)
    return [item["id"] for item in page["data"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"levels": "error,warning"}, ["c2", "c1"]),
        ({"levels": "ERROR"}, ["c1"]),
        ({"models": "gpt-4o"}, ["c1"]),
        ({"models": "gpt-4o,claude-x"}, ["c2", "c1"]),
        ({"models": "nobody"}, []),
        ({"metadata": "region=eu"}, ["c1"]),
        ({"metadata": ["region=eu", "tier=2"]}, ["c1"]),
        ({"metadata": "beta=true"}, ["c1"]),
        ({"metadata": ["region=eu", "tier=3"]}, []),
        ({"search": "timed"}, ["c1"]),  # a word prefix of the output
        ({"search": "tim out"}, ["c1"]),  # every word, each as a prefix
        ({"search": "ORDER 42"}, ["c3", "c1"]),  # the input's chat and another's output
        ({"search": "checkout"}, ["c1"]),  # the name
        ({"search": "plain"}, ["c2"]),
        ({"search": "order", "fromTimestamp": "2026-05-02T00:00:00Z"}, ["c3"]),
        ({"search": "order", "levels": "error"}, ["c1"]),
        ({"search": "role"}, []),  # keys of the payload are not its words
        ({"search": "nothing-like-it"}, []),
        ({"search": "!!!"}, ["c3", "c2", "c1"]),  # no word: no filter
    ],
)
async def test_trace_list_filters(
    client: httpx.AsyncClient, catalog: ProjectKeys, query: dict[str, Any], expected: list[str]
) -> None:
    assert await trace_ids(client, catalog, **query) == expected


async def test_bad_filter_values_are_400_naming_them(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    for query, field in (({"levels": "loud"}, "levels"), ({"metadata": "region"}, "metadata")):
        response = await client.get("/v1/traces", params=query, headers=catalog.bearer)
        assert response.status_code == 400
        assert response.json()["error"]["details"]["field"] == field


async def test_list_rows_carry_previews_and_sizes_without_payloads(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    page = await get(client, catalog, "/v1/traces", fields="core")
    rows = {item["id"]: item for item in page["data"]}
    assert "input" not in rows["c1"]
    assert rows["c1"]["inputPreview"] == "Where is my order 42?"  # the last message, one line
    assert rows["c1"]["outputPreview"] == "Timed out waiting"
    assert rows["c2"]["inputPreview"] == LONG_INPUT.strip()[:199] + "…"
    assert rows["c2"]["outputPreview"] == '{"answer":"ok"}'
    assert (rows["c3"]["inputPreview"], rows["c3"]["inputBytes"]) == (None, 0)
    full = await get(client, catalog, "/v1/traces/c1")
    for field in ("input", "output", "metadata"):
        assert full[f"{field}Bytes"] == len(orjson.dumps(full[field]))
    observation = await get(client, catalog, "/v1/observations/c1-gen")
    assert observation["outputBytes"] == len(b'"Timed out waiting"')


async def test_usage_is_null_where_none_was_recorded(
    client: httpx.AsyncClient, catalog: ProjectKeys
) -> None:
    assert (await get(client, catalog, "/v1/traces/c1"))["usage"]["totalTokens"] == 110
    assert (await get(client, catalog, "/v1/traces/c2"))["usage"] is None
    assert (await get(client, catalog, "/v1/observations/c2-gen"))["usage"] is None


async def test_a_trace_written_again_is_found_by_its_new_words_only(
    client: httpx.AsyncClient, database: Database
) -> None:
    project = await make_catalog(client, database)
    await ingest(client, project, [("trace-create", {"id": "c3", "output": "Parcel lost"})])
    assert await trace_ids(client, project, search="parcel") == ["c3"]
    assert await trace_ids(client, project, search="refund") == ["c3"]  # the name stays
    assert await trace_ids(client, project, search="sent") == []
    deleted = await client.delete("/v1/traces/c3", headers=project.bearer)
    assert deleted.status_code == 204
    assert await trace_ids(client, project, search="parcel") == []


async def test_sessions_of_a_user(client: httpx.AsyncClient, catalog: ProjectKeys) -> None:
    page = await get(client, catalog, "/v1/sessions", userId="bob")
    assert [item["id"] for item in page["data"]] == ["s2"]
    assert (await get(client, catalog, "/v1/sessions", userId="nobody"))["data"] == []


@pytest.mark.parametrize("kind", ["traces", "observations"])
async def test_a_payload_field_downloads_whole(
    client: httpx.AsyncClient, catalog: ProjectKeys, kind: str
) -> None:
    row_id = "c1" if kind == "traces" else "c1-gen"
    row = await get(client, catalog, f"/v1/{kind}/{row_id}")
    response = await client.get(f"/v1/{kind}/{row_id}/fields/input", headers=catalog.bearer)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert orjson.loads(response.content) == row["input"]
    bad = await client.get(f"/v1/{kind}/{row_id}/fields/secrets", headers=catalog.bearer)
    assert (bad.status_code, bad.json()["error"]["details"]["field"]) == (400, "field")
    missing = await client.get(f"/v1/{kind}/nope/fields/input", headers=catalog.bearer)
    assert missing.status_code == 404


async def test_another_projects_key_downloads_nothing(
    client: httpx.AsyncClient, catalog: ProjectKeys, database: Database
) -> None:
    from tests.conftest import make_project

    stranger = await make_project(database)
    response = await client.get("/v1/traces/c1/fields/input", headers=stranger.bearer)
    assert response.status_code == 404
    assert await trace_ids(client, stranger, search="timed") == []
