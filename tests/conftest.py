"""Fixtures shared by every test: both databases, the app per database, fresh projects.

Every database test runs on SQLite and on PostgreSQL through the parametrised ``dialect``
fixture (``--db sqlite|postgresql|all``). Each dialect gets one migrated database and one
running app for the whole session; tests isolate themselves by creating a fresh project
with its own keys, since every query is project-scoped.

PostgreSQL comes from ``AGENTTRACE_TEST_POSTGRES_URL`` (default: the local server's ``test``
database). When it is unreachable its tests are skipped, except under ``CI=true``, where
that is an error.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from agenttrace.app import create_app
from agenttrace.core.tenancy import keys, projects
from agenttrace.db import Database, create_database
from agenttrace.settings import Settings

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=["sqlite", "postgresql", "all"],
        default="all",
        help="Which databases the database tests run on (default: all).",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "dialect" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("--db")
        dialects = ["sqlite", "postgresql"] if chosen == "all" else [chosen]
        if metafunc.definition.get_closest_marker("postgresql_only"):
            dialects = [name for name in dialects if name == "postgresql"]
        metafunc.parametrize("dialect", dialects, scope="session")


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No AGENTTRACE_* variable of the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("AGENTTRACE_") and name != "AGENTTRACE_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)


def postgres_admin_url() -> str:
    return os.environ.get("AGENTTRACE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


async def create_postgres_database(name: str) -> str:
    """Create (or re-create) an empty database next to the admin one; return its URL."""
    admin_url = postgres_admin_url()
    try:
        connection = await asyncpg.connect(admin_url, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {admin_url} is unreachable under CI=true: {exc}")
        pytest.skip(f"PostgreSQL at {admin_url} is unreachable: {exc}")
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


async def drop_postgres_database(name: str) -> None:
    connection = await asyncpg.connect(postgres_admin_url(), timeout=5)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture(scope="session")
async def database_url(
    dialect: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """An empty database of the dialect, for this session (the app migrates it)."""
    if dialect == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'agenttrace.db'}"
        return
    name = f"agenttrace_test_{os.getpid()}"
    yield await create_postgres_database(name)
    await drop_postgres_database(name)


@pytest.fixture
async def fresh_database_url(dialect: str, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of its own for one test (e.g. for a server process)."""
    if dialect == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    name = f"agenttrace_fresh_{os.getpid()}"
    yield await create_postgres_database(name)
    await drop_postgres_database(name)


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    # No background workers in the shared app: their polls would land in the statement
    # counts of the loader tests. The evaluator tests run an app with workers of its own
    # (tests/api/evaluators.py), and servers run as processes keep the default.
    return Settings(database_url=database_url, run_workers=False)


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    """The application, started once per dialect (migrations and bootstrap included)."""
    application = create_app(settings)
    async with LifespanManager(application) as manager:
        yield manager.app  # type: ignore[misc]


@pytest.fixture(scope="session")
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://agenttrace.test") as client:
        yield client


@pytest.fixture(scope="session")
async def database(app: Starlette, settings: Settings) -> AsyncIterator[Database]:
    """A second handle on the app's database, for arranging data and reading it back."""
    handle = create_database(settings)
    yield handle
    await handle.dispose()


@dataclass(frozen=True)
class ProjectKeys:
    """A fresh project and a full-scope key pair, with ready-made auth headers."""

    project_id: str
    public_key: str
    secret_key: str

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret_key}"}

    @property
    def basic(self) -> httpx.BasicAuth:
        return httpx.BasicAuth(self.public_key, self.secret_key)


async def make_project(database: Database, **key_options: Any) -> ProjectKeys:
    async with database.write() as session:
        organization = await projects.create_organization(session=session, name="test org")
        project = await projects.create_project(
            session=session, organization_id=organization.id, name=f"test-{uuid.uuid4().hex[:8]}"
        )
        created = await keys.create_api_key(session=session, project_id=project.id, **key_options)
    return ProjectKeys(project.id, created.key.public_key, created.secret_key)


@pytest.fixture
async def project(database: Database) -> ProjectKeys:
    return await make_project(database)
