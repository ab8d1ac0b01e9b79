"""Schema migrations: ``agenttrace migrate`` and the automatic upgrade at start-up."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from agenttrace.db.engine import configure_sqlite
from agenttrace.settings import Settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant works; it only has to be the same in every server process.
_POSTGRES_MIGRATION_LOCK = 0x61677472  # "agtr"


# Tables the migrations make that are no model: the trace search documents
# (``core/tracing/search.py``), an FTS5 table with its shadow tables on SQLite.
UNMODELLED = re.compile(r"^trace_search(_(data|idx|content|docsize|config))?$")


def is_modelled(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's ``include_name``: leave the unmodelled tables (and their indexes) out of
    the comparison with the models."""
    if type_ == "table":
        return name is None or not UNMODELLED.match(name)
    table = parent_names.get("table_name") if type_ != "schema" else None
    return table is None or not UNMODELLED.match(table)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


async def upgrade(settings: Settings, revision: str = "head") -> None:
    """Upgrade the database to ``revision``; safe to run from several processes at once."""
    engine = create_async_engine(settings.database_url, poolclass=NullPool)
    if settings.dialect == "sqlite":
        path = settings.sqlite_path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # Foreign keys off: a batch table rebuild with enforcement on would cascade deletes.
        configure_sqlite(engine, begin="BEGIN IMMEDIATE", foreign_keys=False)
    try:
        async with engine.begin() as connection:
            if settings.dialect == "postgresql":
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_MIGRATION_LOCK}
                )
            await connection.run_sync(_run, "upgrade", revision)
    finally:
        await engine.dispose()


def _run(sync_connection: Any, action: str, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = sync_connection
    if action == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


async def autogenerate_revision(message: str) -> None:
    """Write a new revision from the difference between the models and head (developers)."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{tmp}/autogen.db")
        await upgrade(settings)
        engine = create_async_engine(settings.database_url, poolclass=NullPool)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(_revision, message)
        finally:
            await engine.dispose()


def _revision(sync_connection: Any, message: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = sync_connection
    command.revision(config, message=message, autogenerate=True)
