"""payload previews and sizes, trace search

Revision ID: 2461c293a2f2
Revises: e50336fe11b0
Create Date: 2026-12-01 09:16:59.804303

Adds the stored previews and sizes of trace and observation payloads
(``core/tracing/previews.py``) and the search documents of traces
(``core/tracing/search.py``): an FTS5 table on SQLite, a table with a GIN full-text index
on PostgreSQL. Rows stored before it get their previews, sizes and documents here, a
chunk at a time, by the same functions the ingest core uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
import sqlmodel
from alembic import op

import agenttrace.db.types  # noqa: F401  (the generated header's import)
from agenttrace.db import sql

revision: str = '2461c293a2f2'
down_revision: str | None = 'e50336fe11b0'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The names and cut of ``core/tracing/search.py`` when this revision was written.
SEARCH_TABLE = "trace_search"
SEARCH_CHARS = 60_000
CHUNK = 1000
SIZES = ("input_bytes", "output_bytes", "metadata_bytes")


def _size_columns() -> list[sa.Column[Any]]:
    return [sa.Column(name, sa.BigInteger(), nullable=False, server_default="0") for name in SIZES]


def upgrade() -> None:
    with op.batch_alter_table('observation', schema=None) as batch_op:
        for size in _size_columns():
            batch_op.add_column(size)
        batch_op.create_index('ix_observation_project_model', ['project_id', 'model', 'trace_id'], unique=False)

    with op.batch_alter_table('trace', schema=None) as batch_op:
        batch_op.add_column(sa.Column('input_preview', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('output_preview', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        for size in _size_columns():
            batch_op.add_column(size)

    if op.get_bind().dialect.name == "postgresql":
        op.create_table(
            SEARCH_TABLE,
            sa.Column("project_id", sa.String(), nullable=False),
            sa.Column("trace_id", sa.String(), nullable=False),
            sa.Column("body", sa.Text(), nullable=False),
            # Stored, so neither a scan nor an index recheck recomputes it.
            sa.Column(
                "words",
                postgresql.TSVECTOR(),
                sa.Computed("to_tsvector('simple', body)", persisted=True),
            ),
            sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("project_id", "trace_id"),
        )
        op.create_index(
            f"ix_{SEARCH_TABLE}_words", SEARCH_TABLE, ["words"], postgresql_using="gin"
        )
    else:
        op.execute(
            f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5("
            "project_id UNINDEXED, trace_id UNINDEXED, body, tokenize='unicode61')"
        )
    _backfill(op.get_bind().dialect.name)


def _size(column: str, dialect: str) -> str:
    """The JSON text's size in bytes: exact on SQLite (which stores the compact text the
    ingest core measures), JSONB's own text form on Postgres (a space after each ``:`` and
    ``,``, so slightly more) for rows stored before this revision."""
    if dialect == "postgresql":
        return f"coalesce(octet_length({column}::text), 0)"
    return f"coalesce(length(CAST({column} AS BLOB)), 0)"


def _backfill(dialect: str) -> None:
    """Sizes and search documents of the rows stored before this revision, in SQL (a
    migration cannot use the core's Python rules): the documents hold the payloads' JSON
    text, keys included, cut as the core cuts. Previews are left empty until a trace is
    written again."""
    for table in ("observation", "trace"):
        sizes = ", ".join(f"{field}_bytes = {_size(field, dialect)}" for field in ("input", "output", "metadata"))
        op.execute(f"UPDATE {table} SET {sizes}")
    if dialect == "postgresql":
        body = " || ' ' || ".join(
            f"left(coalesce({c}, ''), {SEARCH_CHARS})" for c in ("name", "input::text", "output::text")
        )
        op.execute(
            f"INSERT INTO {SEARCH_TABLE} (project_id, trace_id, body) "
            f"SELECT project_id, id, {body} FROM trace"
        )
        return
    # SQLite: each document's rowid is the core's hash of (project, trace), computed here.
    bind = op.get_bind()
    body = " || ' ' || ".join(
        f"substr(coalesce({c}, ''), 1, {SEARCH_CHARS})" for c in ("name", "input", "output")
    )
    after = ("", "")
    while True:
        rows = bind.execute(
            sa.text(
                f"SELECT project_id, id, {body} AS body FROM trace "
                "WHERE (project_id, id) > (:project_id, :id) ORDER BY project_id, id LIMIT :n"
            ),
            {"project_id": after[0], "id": after[1], "n": CHUNK},
        ).all()
        if not rows:
            return
        bind.execute(
            sa.text(
                f"INSERT INTO {SEARCH_TABLE} (rowid, project_id, trace_id, body) "
                "VALUES (:rowid, :project_id, :trace_id, :body)"
            ),
            [
                {
                    "rowid": sql.lock_key("trace-search", p, t),
                    "project_id": p,
                    "trace_id": t,
                    "body": b,
                }
                for p, t, b in rows
            ],
        )
        after = (rows[-1][0], rows[-1][1])


def downgrade() -> None:
    op.execute(f"DROP TABLE {SEARCH_TABLE}")
    with op.batch_alter_table('trace', schema=None) as batch_op:
        for name in (*reversed(SIZES), 'output_preview', 'input_preview'):
            batch_op.drop_column(name)

    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.drop_index('ix_observation_project_model')
        for name in reversed(SIZES):
            batch_op.drop_column(name)
