"""What Schemathesis found (tests/api/test_openapi_fuzz.py), pinned as plain cases on both
databases: each was a 500 or an undocumented status before its fix."""

from __future__ import annotations

import httpx

from tests.conftest import ProjectKeys


async def test_an_event_type_that_is_no_string_is_that_events_400(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    event = {"id": "e1", "timestamp": "2024-01-01T00:00:00Z", "type": {"a": 1}, "body": {}}
    response = await client.post(
        "/api/public/ingestion", json={"batch": [event]}, auth=project.basic
    )
    assert response.status_code == 207
    assert response.json()["errors"] == [
        {
            "id": "e1",
            "status": 400,
            "message": "Invalid request data",
            "error": "Unknown event type {'a': 1}",
        }
    ]


async def test_a_graphql_body_that_is_json_but_no_object_is_a_400(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for body in (b'"AAA"', b"[1]", b"3"):
        response = await client.post(
            "/graphql",
            content=body,
            headers={**project.bearer, "Content-Type": "application/json"},
        )
        assert response.status_code == 400, body
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_prompt_version_that_is_no_integer_is_a_400_naming_it(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for path in ("/v1/prompts/p/versions/x", "/v1/prompts/p/versions/99999999999"):
        response = await client.patch(path, json={"labels": []}, headers=project.bearer)
        assert response.status_code == 400, path
        assert response.json()["error"]["details"] == {"field": "version"}
    response = await client.patch(
        "/api/public/v2/prompts/p/versions/0", json={"newLabels": []}, auth=project.basic
    )
    assert response.status_code == 400
    assert response.json()["field"] == "version"


async def test_nul_in_a_path_or_query_means_the_value_without_it(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    """Writes drop NUL (PostgreSQL text cannot hold it); reads drop it the same way."""
    created = await client.post("/v1/traces", json={"id": "nul\u0000id"}, headers=project.bearer)
    assert created.status_code == 201
    assert created.json()["id"] == "nulid"
    found = await client.get("/v1/traces/nul%00id", headers=project.bearer)
    assert found.status_code == 200
    assert found.json()["id"] == "nulid"
    listed = await client.get(
        "/v1/traces", params={"name": "x\u0000", "metadata": "a\u0000=b"}, headers=project.bearer
    )
    assert listed.status_code == 200
    assert listed.json()["data"] == []
    for path in ("/api/public/sessions?environment=a%00", "/v1/git-links/timeline?branch=a%00"):
        response = await client.get(path, auth=project.basic)
        assert response.status_code == 200, path
    assert (await client.get("/v1/prompts/a%00b", headers=project.bearer)).status_code == 404
