"""Alembic environment. Runs on a connection handed over by ``agenttrace.db.migrate``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import agenttrace.models  # noqa: F401  (registers every table on SQLModel.metadata)
from agenttrace.db.migrate import is_modelled

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `agenttrace migrate`, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    compare_type=True,
    include_name=is_modelled,
    # SQLite cannot ALTER most columns; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
