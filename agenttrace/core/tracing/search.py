"""Search of traces by the words of their name, input and output.

Each trace with something to find has one document in ``trace_search``: the text of
``previews.search_text`` (the strings of its name, input and output). The table is kept by
the ingest core in the batch's transaction, one statement per batch whatever its size
(``index``), and by deletion (``forget``). Each database indexes it its own way, created by
the migration and not a model (``OUTSIDE_MODELS``):

- SQLite: an FTS5 table (``unicode61`` words) whose rowid is a 64-bit hash of (project,
  trace), so a batch replaces its documents by rowid with no lookup first;
- PostgreSQL: a plain table with a stored ``words`` column, ``to_tsvector('simple', body)``,
  under a GIN index (stored: a scan for a common word does not recompute it per row).

A search is the words of the query (letters and digits), each matched as a word prefix,
all of them required: ``"tim out"`` finds "Timed out". Matching stays inside the project;
the other filters of the list (the time range first) apply to the same query.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, column, delete, func, literal_column, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.tracing import previews
from agenttrace.db import driver, sql
from agenttrace.db.types import Row

SEARCH_TABLE = "trace_search"
# The words of a query: what both databases' tokenizers keep of it.
_WORD = re.compile(r"\w+")
# At most this many words count, so a pasted paragraph stays one cheap query.
MAX_WORDS = 16
# Rowids per DELETE: far below SQLite's bind-parameter limit.
DELETE_CHUNK = 1000

DOCUMENTS = table(
    SEARCH_TABLE,
    column("rowid"),
    column("project_id"),
    column("trace_id"),
    column("body"),
    column("words"),  # Postgres only: the stored tsvector
)


# The index's writes in driver SQL (``db/driver.py``: one trip per batch, not four).
_UPSERT_POSTGRES = (
    f"INSERT INTO {SEARCH_TABLE} (project_id, trace_id, body)"
    " SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::text[])"
    " ON CONFLICT (project_id, trace_id) DO UPDATE SET body = excluded.body"
)
_INSERT_SQLITE = (
    f"INSERT INTO {SEARCH_TABLE} (rowid, project_id, trace_id, body) VALUES (?, ?, ?, ?)"
)


def words(query: str | None) -> tuple[str, ...]:
    """The words a search looks for, lowercased; none for an empty or wordless query."""
    if not query:
        return ()
    return tuple(dict.fromkeys(w.lower() for w in _WORD.findall(query)))[:MAX_WORDS]


def _document_id(project_id: str, trace_id: str) -> int:
    return sql.lock_key("trace-search", project_id, trace_id)


def matching(project_id: str, query_words: Sequence[str], dialect: sql.Dialect) -> Any:
    """The ids of the project's traces whose document holds every word (as a prefix)."""
    if dialect == "postgresql":
        query = " & ".join(f"{w}:*" for w in query_words)
        found = DOCUMENTS.c.words.op("@@")(func.to_tsquery(literal_column("'simple'"), query))
    else:
        query = " ".join(f'"{w}"*' for w in query_words)
        found = literal_column(SEARCH_TABLE).op("MATCH")(query)
    return select(DOCUMENTS.c.trace_id).where(DOCUMENTS.c.project_id == project_id, found)


def condition(
    trace_id: ColumnElement[Any], project_id: str, query_words: Sequence[str], dialect: sql.Dialect
) -> ColumnElement[bool]:
    return trace_id.in_(matching(project_id, query_words, dialect))


async def index(
    session: AsyncSession, traces: Iterable[Row], stored: Container[tuple[str, str]]
) -> None:
    """Replace the documents of these trace rows (one statement for SQLite's deletes and
    one for the inserts; one upsert on Postgres). Traces with nothing to find have none;
    only those among ``stored`` (project, id) can have one to delete."""
    documents = []
    for row in traces:
        body = previews.search_text(row["name"], row["input"], row["output"])
        documents.append(
            {
                "rowid": _document_id(row["project_id"], row["id"]),
                "project_id": row["project_id"],
                "trace_id": row["id"],
                "body": body,
            }
        )
    if not documents:
        return
    if sql.dialect_of(session) == "postgresql":
        columns = ([d["project_id"] for d in documents], [d["trace_id"] for d in documents])
        bodies = [d["body"] for d in documents]
        await driver.execute_many(session, _UPSERT_POSTGRES, [(*columns, bodies)])
        return
    await _delete_rowids(
        session, [d["rowid"] for d in documents if (d["project_id"], d["trace_id"]) in stored]
    )
    written = [
        (d["rowid"], d["project_id"], d["trace_id"], d["body"]) for d in documents if d["body"]
    ]
    if written:
        await driver.execute_many(session, _INSERT_SQLITE, written)


async def _delete_rowids(session: AsyncSession, rowids: Sequence[int]) -> None:
    """SQLite's documents by rowid, a chunk of ids per statement (its bind limit)."""
    for start in range(0, len(rowids), DELETE_CHUNK):
        chunk = rowids[start : start + DELETE_CHUNK]
        await session.execute(delete(DOCUMENTS).where(DOCUMENTS.c.rowid.in_(chunk)))


async def forget(session: AsyncSession, project_id: str, trace_ids: Sequence[str]) -> None:
    """Drop the documents of deleted traces (callers pass a chunk: ``deletion.py``)."""
    if not trace_ids:
        return
    if sql.dialect_of(session) == "postgresql":
        await session.execute(
            delete(DOCUMENTS).where(
                DOCUMENTS.c.project_id == project_id, DOCUMENTS.c.trace_id.in_(list(trace_ids))
            )
        )
    else:
        await _delete_rowids(session, [_document_id(project_id, t) for t in trace_ids])


async def forget_project(session: AsyncSession, project_id: str) -> None:
    """Drop every document of a project (the project is being deleted)."""
    await session.execute(delete(DOCUMENTS).where(DOCUMENTS.c.project_id == project_id))
