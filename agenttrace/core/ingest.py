"""The set-based write path: fold a batch of row writes into the database in one transaction.

For a batch, whatever its size: lock the touched traces (Postgres, several processes),
read the touched rows with one statement per table and project, merge every write in
Python (``core/writes.py``), price the observations, then write everything back with one
bulk upsert per table and recompute each touched trace's aggregates with one grouped
query. A statement count that does not grow with the batch is what makes ingestion fast.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, case, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from agenttrace.core import costs as cost_rules
from agenttrace.core import usage as usage_rules
from agenttrace.core.bodies import LEVEL_SEVERITY, LEVELS
from agenttrace.core.costs import PriceBook
from agenttrace.core.ids import utcnow
from agenttrace.core.writes import Kind, RowWrite, apply
from agenttrace.db import sql
from agenttrace.models import Observation, Score, Trace, TraceSession

TABLES: dict[Kind, Table] = {
    "trace": Trace.__table__,  # type: ignore[attr-defined]
    "observation": Observation.__table__,  # type: ignore[attr-defined]
    "score": Score.__table__,  # type: ignore[attr-defined]
}
# Keys per IN list: far below both databases' bind-parameter limits.
LOAD_CHUNK = 2000

Row = dict[str, Any]
Key = tuple[str, str]


def _defaults(table: Table) -> Row:
    row: Row = {}
    for column in table.columns:
        default = column.default
        if default is None:
            row[column.name] = None
        elif default.is_callable:
            row[column.name] = default.arg(None)  # type: ignore[union-attr,operator]
        else:
            row[column.name] = default.arg  # type: ignore[union-attr]
    return row


_DEFAULTS: dict[Kind, Row] = {kind: _defaults(table) for kind, table in TABLES.items()}
# A new observation has no type until a write gives one (an update event only fills it);
# it becomes SPAN if none ever does.
_DEFAULTS["observation"]["type"] = None


def _new_row(kind: Kind, project_id: str, row_id: str, now: datetime) -> Row:
    row = {
        name: (value.copy() if isinstance(value, dict | list) else value)
        for name, value in _DEFAULTS[kind].items()
    }
    row.update(project_id=project_id, id=row_id, created_at=now)
    return row


async def _load(
    session: AsyncSession, table: Table, keys: Iterable[Key], columns: Sequence[str] | None = None
) -> dict[Key, Row]:
    """Existing rows by (project, id): one statement per project and chunk of ids."""
    by_project: dict[str, list[str]] = defaultdict(list)
    for project_id, row_id in set(keys):
        by_project[project_id].append(row_id)
    selected = [table.c[name] for name in columns] if columns else list(table.columns)
    found: dict[Key, Row] = {}
    for project_id, ids in by_project.items():
        for start in range(0, len(ids), LOAD_CHUNK):
            result = await session.exec(
                select(*selected).where(
                    table.c.project_id == project_id,
                    table.c.id.in_(ids[start : start + LOAD_CHUNK]),
                )
            )
            for row in result.mappings():
                found[(row["project_id"], row["id"])] = dict(row)
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
                else _new_row(kind, *write.key, now)
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
    row["input_usage"], row["output_usage"], row["total_usage"] = usage_rules.side_totals(usage)
    entry = prices.match(row["project_id"], row["model"])
    row["internal_model"] = entry.name if entry else None
    provided = row["provided_cost_details"]
    if provided:
        costs: dict[str, float] | None = cost_rules.with_total(provided)
    elif entry is not None and usage:
        costs = cost_rules.cost_of(usage, entry)
    else:
        costs = None
    row["cost_details"] = costs
    row["input_cost"], row["output_cost"], row["total_cost"] = cost_rules.side_costs(costs)


def _finish_observation(row: Row, prices: PriceBook) -> None:
    row["type"] = row["type"] or "SPAN"
    if row["trace_id"] is None:
        # Langfuse: an observation without a trace gets a trace of its own id.
        row["trace_id"] = row["id"]
    _price(row, prices)


async def _aggregates(session: AsyncSession, keys: Iterable[Key]) -> dict[Key, Row]:
    table = TABLES["observation"]
    severity = case(
        *((table.c.level == level, rank) for level, rank in LEVEL_SEVERITY.items()), else_=0
    )
    by_project: dict[str, list[str]] = defaultdict(list)
    for project_id, trace_id in set(keys):
        by_project[project_id].append(trace_id)
    found: dict[Key, Row] = {}
    for project_id, trace_ids in by_project.items():
        for start in range(0, len(trace_ids), LOAD_CHUNK):
            result = await session.exec(
                select(
                    table.c.trace_id,
                    func.min(table.c.start_time).label("start_time"),
                    func.max(func.coalesce(table.c.end_time, table.c.start_time)).label("end_time"),
                    func.sum(table.c.input_cost).label("input_cost"),
                    func.sum(table.c.output_cost).label("output_cost"),
                    func.sum(table.c.total_cost).label("total_cost"),
                    func.sum(table.c.input_usage).label("input_tokens"),
                    func.sum(table.c.output_usage).label("output_tokens"),
                    func.sum(table.c.total_usage).label("total_tokens"),
                    func.count().label("observation_count"),
                    func.max(severity).label("severity"),
                )
                .where(
                    table.c.project_id == project_id,
                    table.c.trace_id.in_(trace_ids[start : start + LOAD_CHUNK]),
                )
                .group_by(table.c.trace_id)
            )
            for row in result.mappings():
                found[(project_id, row["trace_id"])] = dict(row)
    return found


def _finish_trace(row: Row, aggregate: Row | None) -> None:
    """Trace aggregates: Langfuse's latency (first observation start to last end) when there
    are observations, else the trace's own timestamp and end time."""
    own_severity = LEVEL_SEVERITY[row["own_level"] or "DEFAULT"]
    if aggregate is None:
        start, end = row["timestamp"], row["ended_at"]
        row.update(
            input_cost=None, output_cost=None, total_cost=None,
            input_tokens=0, output_tokens=0, total_tokens=0, observation_count=0,
            level=LEVELS[own_severity],
        )  # fmt: skip
    else:
        start = aggregate["start_time"]
        end = max(t for t in (aggregate["end_time"], row["ended_at"]) if t is not None)
        row.update(
            input_cost=aggregate["input_cost"],
            output_cost=aggregate["output_cost"],
            total_cost=aggregate["total_cost"],
            input_tokens=int(aggregate["input_tokens"] or 0),
            output_tokens=int(aggregate["output_tokens"] or 0),
            total_tokens=int(aggregate["total_tokens"] or 0),
            observation_count=int(aggregate["observation_count"]),
            level=LEVELS[max(own_severity, int(aggregate["severity"] or 0))],
        )
    row["start_time"], row["end_time"] = start, end
    row["latency"] = None if end is None else max(0.0, (end - start).total_seconds())


def _lock_keys(writes: Iterable[RowWrite]) -> set[int]:
    keys = set()
    for write in writes:
        if write.kind == "score":
            keys.add(sql.lock_key("score", write.project_id, write.id))
        elif write.trace_id is not None:
            keys.add(sql.lock_key("trace", write.project_id, write.trace_id))
    return keys


async def apply_writes(
    session: AsyncSession, writes: Sequence[RowWrite], *, prices: PriceBook, dialect: sql.Dialect
) -> None:
    """Merge ``writes`` into the database within the caller's transaction."""
    if not writes:
        return
    now = utcnow()
    ordered = sorted(writes, key=lambda w: w.event_at)  # stable: batch order breaks ties
    by_kind: dict[Kind, list[RowWrite]] = {"trace": [], "observation": [], "score": []}
    for write in ordered:
        by_kind[write.kind].append(write)
    observation_writes, trace_writes = by_kind["observation"], by_kind["trace"]

    # Observation updates may name no trace; their trace comes from the stored row.
    untraced = [w.key for w in observation_writes if w.trace_id is None]
    known_traces = await _load(
        session, TABLES["observation"], untraced, ["project_id", "id", "trace_id"]
    )
    lock_keys = _lock_keys(ordered)
    lock_keys.update(
        sql.lock_key("trace", project_id, row["trace_id"])
        for (project_id, _), row in known_traces.items()
    )
    await sql.lock(session, dialect, lock_keys)

    existing_observations = await _load(
        session, TABLES["observation"], [w.key for w in observation_writes]
    )
    observations = _merge("observation", observation_writes, existing_observations, now)
    await prices.load(session, {project_id for project_id, _ in observations})
    for row in observations.values():
        _finish_observation(row, prices)

    trace_keys = {w.key for w in trace_writes} | {
        (row["project_id"], row["trace_id"]) for row in observations.values()
    }
    existing_traces = await _load(session, TABLES["trace"], trace_keys)
    traces = _merge("trace", trace_writes, existing_traces, now)
    for key in trace_keys - traces.keys():
        if key in existing_traces:
            traces[key] = {**existing_traces[key], "updated_at": now}
        else:
            traces[key] = _implied_trace(key, observations.values(), now)

    if observations:
        await session.exec(
            sql.upsert(TABLES["observation"], dialect), params=list(observations.values())
        )
    if traces:
        aggregates = await _aggregates(session, traces)
        for key, row in traces.items():
            _finish_trace(row, aggregates.get(key))
        await session.exec(sql.upsert(TABLES["trace"], dialect), params=list(traces.values()))
        await _register_sessions(session, dialect, traces.values(), now)

    if by_kind["score"]:
        existing_scores = await _load(session, TABLES["score"], [w.key for w in by_kind["score"]])
        scores = _merge("score", by_kind["score"], existing_scores, now)
        await session.exec(sql.upsert(TABLES["score"], dialect), params=list(scores.values()))


def _implied_trace(key: Key, observations: Iterable[Row], now: datetime) -> Row:
    """A trace no write created, named by observations: it starts with the first of them."""
    own = [row for row in observations if (row["project_id"], row["trace_id"]) == key]
    row = _new_row("trace", *key, now)
    row.update(
        timestamp=min(o["start_time"] for o in own),
        environment=own[0]["environment"],
        updated_at=now,
    )
    return row


async def _register_sessions(
    session: AsyncSession, dialect: sql.Dialect, traces: Iterable[Row], now: datetime
) -> None:
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
    if rows:
        table = TraceSession.__table__  # type: ignore[attr-defined]
        await session.exec(sql.insert_missing(table, dialect), params=list(rows.values()))
