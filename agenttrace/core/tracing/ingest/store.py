"""The set-based write path: fold a batch of row writes into the database in one transaction.

For a batch, whatever its size: lock the touched traces (Postgres, several processes),
read the touched rows with one statement per table and project, merge every write in
Python (``merge.py``), price the observations, then write everything back with one
bulk upsert per table, after bringing each touched trace's aggregates up to date
(``aggregates.py``: from the trace's row, not from all of its observations). A statement
count that does not grow with the batch, and work that does not grow with the trace, are
what make ingestion fast.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Dialect, Table
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.pricing import costs as cost_rules
from agenttrace.core.pricing.costs import PriceBook
from agenttrace.core.time import utcnow
from agenttrace.core.tracing import previews, search
from agenttrace.core.tracing import usage as usage_rules
from agenttrace.core.tracing.ingest import aggregates
from agenttrace.core.tracing.ingest.merge import RowWrite, apply
from agenttrace.core.tracing.ingest.records import (
    BatchHook,
    RecordStore,
    RecordWrite,
    StoredBatch,
    Write,
)
from agenttrace.core.tracing.ingest.rows import LOAD_CHUNK, Key, Row, chunks, new_row
from agenttrace.core.tracing.tables import SESSION, TABLES, TRACE_COUNT, Kind
from agenttrace.db import bulk, driver, sql


@dataclass(frozen=True)
class _RowsById:
    """A table's rows by project and ids, in driver SQL (one trip, ``db/driver.py``), with
    SQLAlchemy's own result processors per column (times, JSON, booleans), so the rows are
    what a select through the session would give. Measured with updates arriving in the
    batch after their creates: the load went from 20 to 10 µs per event (bench/README)."""

    sql: str
    names: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]


@cache
def _rows_by_id(table: Table, dialect: Dialect) -> _RowsById:
    name: sql.Dialect = "postgresql" if dialect.name == "postgresql" else "sqlite"
    mark = sql.driver_parameter(name)
    columns = tuple(table.columns)
    quote = dialect.identifier_preparer.quote
    return _RowsById(
        sql=(
            f"SELECT {', '.join(quote(c.name) for c in columns)} FROM {quote(table.name)}"
            f" WHERE project_id = {mark(1)} AND id {sql.driver_in_list(name, 2)}"
        ),
        names=tuple(c.name for c in columns),
        processors=tuple(c.type.result_processor(dialect, None) for c in columns),
    )


async def _load(
    session: AsyncSession, table: Table, keys: Iterable[Key], dialect: sql.Dialect
) -> dict[Key, Row]:
    """Stored rows by (project, id): one statement per project and chunk of ids."""
    found: dict[Key, Row] = {}
    statement = _rows_by_id(table, session.get_bind().dialect)
    pairs = tuple(zip(statement.names, statement.processors, strict=True))
    for project_id, ids in chunks(keys):
        rows = await driver.fetch(
            session, statement.sql, [project_id, sql.driver_list(dialect, ids)]
        )
        for values in rows:
            row = {
                name: value if process is None else process(value)
                for (name, process), value in zip(pairs, values, strict=True)
            }
            found[(row["project_id"], row["id"])] = row
    return found


def _merge(
    kind: Kind, writes: Sequence[RowWrite], existing: Mapping[Key, Row], now: datetime
) -> dict[Key, Row]:
    rows: dict[Key, Row] = {}
    for write in writes:
        row = rows.get(write.key)
        if row is None:
            row = (
                dict(existing[write.key])
                if write.key in existing
                else new_row(kind, *write.key, now)
            )
            rows[write.key] = row
        apply(row, write)
    for row in rows.values():
        row["updated_at"] = now
    return rows


def _price(row: Row, prices: PriceBook) -> None:
    """Usage totals and costs of one merged observation row."""
    usage = usage_rules.with_total(row["usage_details"] or {})
    row["usage_details"] = usage
    tokens_in, tokens_out, tokens = usage_rules.sides(usage)
    row["input_usage"], row["output_usage"], row["total_usage"] = (
        tokens_in or 0,
        tokens_out or 0,
        tokens or 0,
    )
    entry = prices.match(row["project_id"], row["model"])
    row["internal_model"] = entry.name if entry else None
    provided = row["provided_cost_details"]
    if provided:
        costs: dict[str, float] | None = usage_rules.with_total(provided)
    elif entry is not None and usage:
        costs = cost_rules.cost_of(usage, entry)
    else:
        costs = None
    row["cost_details"] = costs
    row["input_cost"], row["output_cost"], row["total_cost"] = (
        usage_rules.sides(costs) if costs else (None, None, None)
    )


def _finish_observation(row: Row, prices: PriceBook) -> None:
    row["type"] = row["type"] or "SPAN"
    if row["trace_id"] is None:
        # Langfuse: an observation without a trace gets a trace of its own id.
        row["trace_id"] = row["id"]
    _price(row, prices)
    _measure(row)


def _measure(row: Row) -> None:
    for field in ("input", "output", "metadata"):
        row[f"{field}_bytes"] = previews.json_bytes(row[field])


def _finish_written_trace(row: Row) -> None:
    """What a trace write may change of the payloads' previews and sizes."""
    _measure(row)
    row["input_preview"] = previews.preview(row["input"])
    row["output_preview"] = previews.preview(row["output"])


def _lock_keys(writes: Iterable[Write], stored_traces: Mapping[Key, str]) -> Iterator[int]:
    """Postgres advisory locks: one per touched trace (its observations, records and
    aggregates move together) and one per score. A generator: ``sql.lock`` consumes it only
    on Postgres."""
    for write in writes:
        if isinstance(write, RecordWrite):
            if write.trace_id is not None:
                yield sql.lock_key("trace", write.project_id, write.trace_id)
            continue
        if write.kind == "score":
            yield sql.lock_key("score", write.project_id, write.id)
            continue
        trace_id = write.trace_id or stored_traces.get(write.key)
        if trace_id is not None:
            yield sql.lock_key("trace", write.project_id, trace_id)


# What the probe answers per kind: (kind, the column that names the row's trace).
_PROBED: tuple[tuple[Kind, str], ...] = (
    ("trace", "id"), ("observation", "trace_id"), ("score", "id"),
)  # fmt: skip


@cache
def _probe_statement(dialect: sql.Dialect) -> str:
    """Which of the given ids exist, in all three tables, in one round trip (driver SQL:
    one trip to the driver, ``db/driver.py``). Parameters: the project, then one id list
    per kind of ``_PROBED``."""
    mark = sql.driver_parameter(dialect)
    parts = [
        f"SELECT '{kind}', id, {trace_id} FROM {kind} WHERE project_id = {mark(1)}"
        f" AND id {sql.driver_in_list(dialect, position)}"
        for position, (kind, trace_id) in enumerate(_PROBED, start=2)
    ]
    return " UNION ALL ".join(parts)


async def _probe(
    session: AsyncSession, keys: Mapping[Kind, Iterable[Key]], dialect: sql.Dialect
) -> dict[Kind, dict[Key, str]]:
    """The stored ids among ``keys``, per kind (observations map to their trace id)."""
    by_project: dict[str, dict[Kind, list[str]]] = defaultdict(lambda: {k: [] for k in TABLES})
    for kind, kind_keys in keys.items():
        for project_id, row_id in kind_keys:
            by_project[project_id][kind].append(row_id)
    found: dict[Kind, dict[Key, str]] = {kind: {} for kind in TABLES}
    for project_id, ids in by_project.items():
        unique = {kind: list(dict.fromkeys(v)) for kind, v in ids.items()}
        longest = max(len(v) for v in unique.values())
        for start in range(0, longest, LOAD_CHUNK):
            lists = [
                sql.driver_list(dialect, unique[kind][start : start + LOAD_CHUNK])
                for kind, _ in _PROBED
            ]
            rows = await driver.fetch(session, _probe_statement(dialect), [project_id, *lists])
            for kind, row_id, trace_id in rows:
                found[kind][(project_id, row_id)] = trace_id
    return found


async def apply_writes(
    *,
    session: AsyncSession,
    writes: Sequence[Write],
    prices: PriceBook,
    stores: Mapping[str, RecordStore] | None = None,
    hooks: Sequence[BatchHook] = (),
) -> None:
    """Merge ``writes`` into the database within the caller's transaction: tracing rows
    here, records through their capability's store (``records.py``), then the hooks."""
    if not writes:
        return
    dialect = sql.dialect_of(session)
    now = utcnow()
    ordered = sorted(writes, key=lambda w: w.event_at)  # stable: batch order breaks ties
    by_kind: dict[Kind, list[RowWrite]] = {"trace": [], "observation": [], "score": []}
    records: dict[str, list[RecordWrite]] = defaultdict(list)
    for write in ordered:
        if isinstance(write, RecordWrite):
            records[write.store].append(write)
        else:
            by_kind[write.kind].append(write)

    # Observation updates may name no trace: their trace is the stored row's.
    untraced = [w.key for w in by_kind["observation"] if w.trace_id is None]
    stored_traces = (
        (await _probe(session, {"observation": untraced}, dialect))["observation"]
        if untraced
        else {}
    )
    await sql.lock(session, _lock_keys(ordered, stored_traces))

    trace_keys = {w.key for w in by_kind["trace"]} | {
        (w.project_id, w.trace_id or stored_traces.get(w.key) or w.id)
        for w in by_kind["observation"]
    }
    stored = await _probe(
        session,
        {
            "observation": [w.key for w in by_kind["observation"]],
            "trace": trace_keys,
            "score": [w.key for w in by_kind["score"]],
        },
        dialect,
    )
    existing: dict[Kind, dict[Key, Row]] = {
        kind: await _load(session, TABLES[kind], stored[kind], dialect) if stored[kind] else {}
        for kind in ("observation", "trace", "score")
    }

    observations = _merge("observation", by_kind["observation"], existing["observation"], now)
    await prices.load(session=session, project_ids={project_id for project_id, _ in observations})
    for row in observations.values():
        _finish_observation(row, prices)
    traces = _merge("trace", by_kind["trace"], existing["trace"], now)
    for row in traces.values():
        _finish_written_trace(row)
    # Only these traces' names and payloads changed: their search documents are replaced.
    written_traces = list(traces.values())
    new_observations: dict[Key, list[Row]] = defaultdict(list)
    for row in observations.values():
        new_observations[(row["project_id"], row["trace_id"])].append(row)
    # An observation moved to another trace: the trace it left is re-aggregated too (from
    # the database, under no advisory lock of its own: it is known only now, and a lock
    # taken out of order could deadlock; moving observations is rare).
    left = {
        (row["project_id"], before["trace_id"])
        for key, row in observations.items()
        if (before := existing["observation"].get(key)) is not None
        and before["trace_id"] != row["trace_id"]
    }
    if unloaded := left - existing["trace"].keys():
        existing["trace"].update(await _load(session, TABLES["trace"], unloaded, dialect))
    for key in (new_observations.keys() | left) - traces.keys():
        if key in existing["trace"]:
            traces[key] = {**existing["trace"][key], "updated_at": now}
        elif key in new_observations:
            traces[key] = _implied_trace(key, new_observations[key], now)

    await _upsert(session, "observation", observations.values())
    totals = await _totals(session, traces, new_observations, existing, left, dialect)
    for key, row in traces.items():
        aggregates.finish_trace(row, totals.get(key))
    await _upsert(session, "trace", traces.values())
    await search.index(session, written_traces, stored=existing["trace"])
    await _count_new_traces(session, [k for k in traces if k not in existing["trace"]])
    await _register_sessions(session, traces.values(), now)
    scores = _merge("score", by_kind["score"], existing["score"], now)
    await _upsert(session, "score", scores.values())
    for name, group in records.items():
        if stores is None or name not in stores:
            raise LookupError(f"no record store named {name!r} is registered")
        await stores[name].store(session=session, writes=group)
    if hooks:
        batch = StoredBatch(
            traces=traces,
            observations=observations,
            scores=scores,
            records=[r for group in records.values() for r in group],
        )
        for hook in hooks:
            await hook(session=session, batch=batch)


async def _totals(
    session: AsyncSession,
    traces: Mapping[Key, Row],
    new_observations: Mapping[Key, Sequence[Row]],
    existing: Mapping[Kind, Mapping[Key, Row]],
    left: set[Key],
    dialect: sql.Dialect,
) -> dict[Key, Row]:
    """Each touched trace's observation aggregate: a new trace's from the batch's rows; a
    stored one's carried from its row (``aggregates.carried``), or from the database when
    that cannot tell or an observation ``left`` it for another trace."""
    stored_observations = existing["observation"]
    totals: dict[Key, Row] = {}
    asked = []
    for key, row in traces.items():
        stored = existing["trace"].get(key)
        if stored is None:
            totals.update(aggregates.in_memory(new_observations.get(key, ())))
            continue
        touched = [
            (stored_observations.get((o["project_id"], o["id"])), o)
            for o in new_observations.get(key, ())
        ]
        known, aggregate = (
            (False, None) if key in left else aggregates.carried(stored, row, touched)
        )
        if not known:
            asked.append(key)
        elif aggregate is not None:
            totals[key] = aggregate
    totals.update(await aggregates.stored(session, asked, dialect))
    return totals


async def _upsert(session: AsyncSession, kind: Kind, rows: Iterable[Row]) -> None:
    await bulk.upsert(session, TABLES[kind], list(rows))


def _implied_trace(key: Key, own: Sequence[Row], now: datetime) -> Row:
    """A trace no write created, named by observations: it starts with the first of them."""
    row = new_row("trace", *key, now)
    row.update(
        timestamp=min(o["start_time"] for o in own),
        environment=own[0]["environment"],
        updated_at=now,
    )
    return row


# The counter row is created on first use and incremented after.
_ADD_TRACES = (("traces", "trace_count.traces + excluded.traces"),)


async def _count_new_traces(session: AsyncSession, new: Iterable[Key]) -> None:
    per_project = Counter(project_id for project_id, _ in new)
    rows = [{"project_id": p, "traces": n} for p, n in sorted(per_project.items())]
    await bulk.upsert(session, TRACE_COUNT, rows, assign=_ADD_TRACES)


async def _register_sessions(session: AsyncSession, traces: Iterable[Row], now: datetime) -> None:
    # Sorted, so concurrent writers inserting the same sessions wait in one order.
    rows = {
        (t["project_id"], t["session_id"]): {
            "project_id": t["project_id"],
            "id": t["session_id"],
            "environment": t["environment"],
            "bookmarked": False,
            "public": False,
            "created_at": now,
        }
        for t in traces
        if t["session_id"] is not None
    }
    await bulk.upsert(session, SESSION, [rows[key] for key in sorted(rows)], on_conflict="ignore")
