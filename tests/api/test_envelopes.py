"""Middleware and envelopes: request ids, unknown routes, body limits, malformed JSON,
rate-limit headers, and that no failure leaks a stack trace."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from agenttrace.app import create_app
from agenttrace.db import Database
from agenttrace.models import Project
from agenttrace.settings import Settings
from tests.conftest import ProjectKeys, make_project


@pytest.fixture
async def small_body_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An app on the same database whose body limit is 1 KiB."""
    app: Starlette = create_app(settings.model_copy(update={"max_body_bytes": 1024}))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://agenttrace.test") as c:
            yield c


# Tests for request ids


async def test_request_id_is_echoed_when_given(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"


async def test_request_id_is_generated_when_absent_or_unsafe(client: httpx.AsyncClient) -> None:
    for headers in ({}, {"X-Request-ID": "bad value with spaces"}):
        response = await client.get("/health", headers=headers)
        assert len(response.headers["x-request-id"]) == 32


# Tests for unknown routes and methods


async def test_unknown_route_is_404_in_the_dialect_of_its_path(client: httpx.AsyncClient) -> None:
    v1 = await client.get("/v1/nothing-here")
    assert v1.status_code == 404
    assert v1.json() == {
        "error": {
            "code": "not_found",
            "message": "No route for GET /v1/nothing-here",
            "details": {},
        }
    }
    public = await client.get("/api/public/nothing-here")
    assert public.status_code == 404
    assert public.json() == {
        "message": "No route for GET /api/public/nothing-here",
        "error": "LangfuseNotFoundError",
    }


async def test_wrong_method_is_405(client: httpx.AsyncClient) -> None:
    response = await client.delete("/health")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


# Tests for request bodies


async def test_declared_oversize_body_is_413(small_body_client: httpx.AsyncClient) -> None:
    response = await small_body_client.post("/graphql", content=b"x" * 2048)
    assert response.status_code == 413
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "Request body exceeds the limit of 1024 bytes",
                "extensions": {"code": "PAYLOAD_TOO_LARGE"},
            }
        ],
    }


async def test_streamed_oversize_body_is_413(
    small_body_client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield b"y" * 512

    response = await small_body_client.post(
        "/graphql", content=chunks(), headers={**project.bearer, "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_malformed_json_to_graphql_is_400_not_a_stack_trace(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await client.post(
        "/graphql",
        content=b"{not json",
        headers={**project.bearer, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "Unable to parse request body as JSON",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


# Tests for rate-limit headers


async def test_authenticated_responses_carry_rate_limit_headers(
    client: httpx.AsyncClient, project: ProjectKeys
) -> None:
    response = await client.get("/v1/projects/current", headers=project.bearer)
    assert response.headers["x-ratelimit-limit"] == "6000"
    assert 0 < int(response.headers["x-ratelimit-remaining"]) < 1000
    assert int(response.headers["x-ratelimit-reset"]) >= int(time.time())


async def test_free_tier_project_is_refused_after_its_burst(
    client: httpx.AsyncClient, database: Database
) -> None:
    given = await make_project(database)
    async with database.write() as session:
        row = await session.get(Project, given.project_id)
        assert row is not None
        row.rate_limit_tier = "free"
        session.add(row)
    remaining = []
    for _ in range(10):
        response = await client.get("/v1/projects/current", headers=given.bearer)
        assert response.status_code == 200
        remaining.append(int(response.headers["x-ratelimit-remaining"]))
    assert remaining == list(range(9, -1, -1))
    refused = await client.get("/v1/projects/current", headers=given.bearer)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"
    assert refused.headers["x-ratelimit-limit"] == "60"
    assert refused.json() == {
        "error": {
            "code": "rate_limited",
            "message": "Rate limit of 60 requests per minute exceeded; retry in 1 s",
            "details": {},
        }
    }
