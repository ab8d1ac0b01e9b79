"""The caller's project through /v1, the Langfuse API and GraphQL."""

from __future__ import annotations

import httpx

from agenttrace.db import Database
from tests.conftest import ProjectKeys, make_project


async def test_langfuse_projects_answers_every_field_strict_sdks_need(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await client.get("/api/public/projects", auth=project.basic)
    assert response.status_code == 200
    (item,) = response.json()["data"]
    assert set(item) == {"id", "name", "organization", "metadata"}
    assert item["id"] == project.project_id
    assert item["organization"] == {"id": item["organization"]["id"], "name": "test org"}
    assert item["metadata"] == {}


async def test_v1_current_project_is_the_keys_project(
    client: httpx.AsyncClient, database: Database
) -> None:
    first, second = await make_project(database), await make_project(database)
    one = (await client.get("/v1/projects/current", headers=first.bearer)).json()
    two = (await client.get("/v1/projects/current", headers=second.bearer)).json()
    assert one["id"] == first.project_id
    assert two["id"] == second.project_id
    assert one["rateLimitTier"] == "enterprise"
    assert one["createdAt"].endswith("Z")


async def test_graphql_project_matches_rest(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    rest = (await client.get("/v1/projects/current", headers=project.bearer)).json()
    response = await client.post(
        "/graphql",
        json={"query": "{ project { id name organization { id name } metadata } }"},
        headers=project.bearer,
    )
    assert response.json() == {
        "data": {
            "project": {
                "id": rest["id"],
                "name": rest["name"],
                "organization": rest["organization"],
                "metadata": {},
            }
        }
    }
