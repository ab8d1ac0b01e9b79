"""Authentication and authorization on every surface: Bearer secret, Basic pk:sk,
Bearer public key (scores only), and each failure with its status and envelope."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from agenttrace.core import ids
from agenttrace.core.tenancy import keys
from agenttrace.core.time import utcnow
from agenttrace.db import Database
from tests.conftest import ProjectKeys, make_project

V1 = "/v1/projects/current"
PUBLIC = "/api/public/projects"


def v1_error(code: str, message: str) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "details": {}}}


# Tests for accepted credentials


async def test_bearer_secret_key_reads_own_project(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await client.get(V1, headers=project.bearer)
    assert response.status_code == 200
    assert response.json()["id"] == project.project_id


async def test_basic_key_pair_reads_own_project_on_both_dialects(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    for path in (V1, PUBLIC, "/api/v1/projects/current"):
        response = await client.get(path, auth=project.basic)
        assert response.status_code == 200, path


async def test_init_style_keys_of_any_format_authenticate(
    client: httpx.AsyncClient, database: Database
) -> None:
    suffix = ids.trace_id()
    given = await make_project(database, public_key=f"pk-lf-{suffix}", secret_key=f"sk-lf-{suffix}")
    response = await client.get(PUBLIC, auth=given.basic)
    assert response.status_code == 200
    assert response.json()["data"][0]["id"] == given.project_id


# Tests for refused credentials


async def test_missing_header_is_401_in_each_envelope(client: httpx.AsyncClient) -> None:
    message = "No authorization header; send 'Authorization: Bearer <secret key>'"
    v1 = await client.get(V1)
    assert v1.status_code == 401
    assert v1.json() == v1_error("unauthorized", message)
    public = await client.get(PUBLIC)
    assert public.status_code == 401
    assert public.json() == {"message": message, "error": "UnauthorizedError"}


async def test_wrong_secret_is_401(client: httpx.AsyncClient, project: ProjectKeys) -> None:
    response = await client.get(V1, auth=(project.public_key, "sk-at-" + "0" * 64))
    assert response.status_code == 401
    assert response.json() == v1_error(
        "unauthorized", "Invalid API key. Confirm that the key pair and host are correct."
    )


async def test_key_pair_from_two_projects_is_401(
    client: httpx.AsyncClient, database: Database
) -> None:
    first, second = await make_project(database), await make_project(database)
    response = await client.get(PUBLIC, auth=(first.public_key, second.secret_key))
    assert response.status_code == 401
    assert response.json()["error"] == "UnauthorizedError"


@pytest.mark.parametrize(
    "header",
    ["Token abc", "Basic not-base64!", "Basic " + "OnNlY3JldA==", "Bearer"],
    ids=["unknown-scheme", "bad-base64", "empty-public-key", "empty-bearer"],
)
async def test_malformed_authorization_header_is_401(
    client: httpx.AsyncClient, header: str
) -> None:
    response = await client.get(V1, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.json()["error"]["message"].startswith("Invalid authorization header")


async def test_revoked_key_is_401(client: httpx.AsyncClient, database: Database) -> None:
    given = await make_project(database)
    async with database.write() as session:
        await keys.revoke_api_key(session=session, public_key=given.public_key)
    response = await client.get(V1, headers=given.bearer)
    assert response.status_code == 401
    assert response.json() == v1_error("unauthorized", "This API key has been revoked.")


async def test_expired_key_is_401(client: httpx.AsyncClient, database: Database) -> None:
    given = await make_project(database, expires_at=utcnow() - timedelta(seconds=1))
    response = await client.get(PUBLIC, auth=given.basic)
    assert response.status_code == 401
    assert response.json() == {"message": "This API key has expired.", "error": "UnauthorizedError"}


async def test_public_key_alone_is_403_outside_scores(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await client.get(V1, headers={"Authorization": f"Bearer {project.public_key}"})
    assert response.status_code == 403
    assert response.json() == v1_error(
        "forbidden", "A public key alone may only create scores; authenticate with the secret key"
    )


async def test_graphql_without_key_is_unauthenticated(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ project { id } }"})
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
