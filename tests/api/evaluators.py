"""Fixtures of the evaluator tests: the fake judge, and an app of its own per dialect (on
a database of its own, so no other test's app runs these jobs) with short timeouts,
backoff, quiet period and cache, pointed at the judge."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from agenttrace.app import create_app
from agenttrace.db import Database, create_database
from agenttrace.settings import Settings
from tests.api.judge import FakeJudge, fake_judge
from tests.conftest import (
    ProjectKeys,
    create_postgres_database,
    drop_postgres_database,
    make_project,
)

FAST = {
    "llm_api_key": "test-key",
    "llm_timeout_seconds": 1.0,
    "job_backoff_seconds": 0.05,
    "job_backoff_max_seconds": 0.2,
    "job_max_attempts": 3,
    "eval_quiet_seconds": 0.3,
    "evaluator_cache_seconds": 0.5,
    "worker_poll_seconds": 0.05,
}


@pytest.fixture(scope="session")
def judge() -> Iterator[FakeJudge]:
    with fake_judge() as running:
        yield running


@pytest.fixture(scope="session")
async def eval_database_url(
    dialect: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    if dialect == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('evals') / 'agenttrace.db'}"
        return
    name = f"agenttrace_evals_{os.getpid()}"
    yield await create_postgres_database(name)
    await drop_postgres_database(name)


@pytest.fixture(scope="session")
def eval_settings(eval_database_url: str, judge: FakeJudge) -> Settings:
    return Settings(database_url=eval_database_url, llm_base_url=judge.url, **FAST)


# Module-scoped: an app with workers polls its database, and the loader tests count every
# statement of every engine; it must not outlive the evaluator tests that use it.
@pytest.fixture(scope="module")
async def eval_app(eval_settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(eval_settings)
    async with LifespanManager(application) as manager:
        yield manager.app  # type: ignore[misc]


@pytest.fixture(scope="module")
async def eval_client(eval_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=eval_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://agenttrace.test") as c:
        yield c


@pytest.fixture(scope="module")
async def eval_database(eval_app: Starlette, eval_settings: Settings) -> AsyncIterator[Database]:
    handle = create_database(eval_settings)
    yield handle
    await handle.dispose()


@pytest.fixture
async def eval_project(eval_database: Database) -> ProjectKeys:
    return await make_project(eval_database)


async def post(
    client: httpx.AsyncClient, project: ProjectKeys, path: str, body: Any, status: int = 201
) -> Any:
    response = await client.post(path, json=body, headers=project.bearer)
    assert response.status_code == status, response.text
    return response.json()


async def get(client: httpx.AsyncClient, project: ProjectKeys, path: str, **query: Any) -> Any:
    response = await client.get(path, params=query, headers=project.bearer)
    assert response.status_code == 200, response.text
    return response.json()


async def wait_for(check: Any, *, within: float = 20.0, every: float = 0.1) -> Any:
    """Poll ``check`` (an async callable) until it answers something truthy."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        found = await check()
        if found:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting; last answer {found!r}")
        await asyncio.sleep(every)
