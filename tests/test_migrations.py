"""Migrations: an empty database upgrades to head on both dialects and then matches the models."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

import agenttrace.models  # noqa: F401  (registers the tables)
from agenttrace.db import migrate
from agenttrace.settings import Settings
from tests.conftest import create_postgres_database, drop_postgres_database


@pytest.fixture
async def empty_database_url(dialect: str, tmp_path: Path) -> AsyncIterator[str]:
    if dialect == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"agenttrace_migrations_{os.getpid()}"
    yield await create_postgres_database(name)
    await drop_postgres_database(name)


def _differences(sync_connection: Any) -> list[Any]:
    context = MigrationContext.configure(
        sync_connection, opts={"compare_type": True, "include_name": migrate.is_modelled}
    )
    return list(compare_metadata(context, SQLModel.metadata))


async def test_upgrade_to_head_matches_the_models(empty_database_url: str) -> None:
    settings = Settings(database_url=empty_database_url)
    await migrate.upgrade(settings)
    await migrate.upgrade(settings)  # a second run is a no-op, not an error
    engine = create_async_engine(settings.database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
    finally:
        await engine.dispose()
    assert differences == []
