"""One write to one row, and the merge rules that fold writes into rows.

Rows are plain dicts keyed by column name. Writes to one id merge field by field, each
field remembering the time of the write that last set it (``field_times``):

- a field a write gives (not null) is set when the write is at least as new as the one that
  set it last; a field nobody has set yet takes any write. Null means "not given", so it
  never erases;
- ``earliest`` fields (trace timestamp, observation start) keep the earliest value seen, so
  an update that arrives first cannot push a start time later;
- object fields (metadata, model parameters) and usage and cost maps merge key by key: the
  newer write's keys win, an older write only adds keys that are missing;
- tags are a union;
- an observation's type comes from its create events (the newest wins); an update event's
  type only types an observation no create has reached yet.

The same writes in any order therefore give the same row (up to keys that several
out-of-order writes give to one object), and re-applying a write changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from agenttrace.core.tracing import usage as usage_rules
from agenttrace.core.tracing.tables import Kind
from agenttrace.db.types import to_micros


@dataclass(slots=True)
class RowWrite:
    kind: Kind
    project_id: str
    id: str
    event_at: datetime
    fields: dict[str, Any] = field(default_factory=dict)
    # Only applied to fields no write has set yet (an update event's observation type).
    fill: dict[str, Any] = field(default_factory=dict)
    earliest: dict[str, datetime] = field(default_factory=dict)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    tags: list[str] | None = None
    usage: dict[str, int] | None = None
    costs: dict[str, float] | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.project_id, self.id)

    @property
    def trace_id(self) -> str | None:
        """The trace this write belongs to (observations and trace scores)."""
        if self.kind == "trace":
            return self.id
        value = self.fields.get("trace_id")
        return value if isinstance(value, str) else None


def _merge_map(current: dict[str, Any], given: dict[str, Any], newer: bool) -> dict[str, Any]:
    return {**current, **given} if newer else {**given, **current}


def _wins(times: dict[str, int], column: str, moment: int) -> bool:
    """Whether a write at ``moment`` sets ``column``: it is at least as new as the write that
    set it last (any write, if none has); if so, it becomes that write."""
    wins = moment >= times.get(column, -1)
    if wins:
        times[column] = moment
    return wins


def apply(row: dict[str, Any], write: RowWrite) -> None:
    """Fold ``write`` into ``row`` in place. ``_wins`` is a module function, not a closure
    over ``times`` and ``moment``: a closure makes them cell variables, slower to read in
    the per-field loop below, which runs for every field of every write (without it,
    ``apply`` takes about a tenth less time on the bench's OTLP spans, 2.7 to 2.4 µs a
    write, and a Langfuse event costs 2.2 % fewer instructions in all: bench/README)."""
    stored = row.get("field_times")
    times: dict[str, int] = dict(stored) if stored else {}
    moment = to_micros(write.event_at)
    for column, value in write.fields.items():  # the hot loop: ``_wins`` inlined
        if moment >= times.get(column, -1):
            times[column] = moment
            row[column] = value
    for column, value in write.fill.items():
        if column not in times and row.get(column) is None:
            row[column] = value
    for column, earliest in write.earliest.items():
        current = row.get(column)
        row[column] = earliest if current is None else min(current, earliest)
    for column, values in write.objects.items():
        row[column] = _merge_map(row.get(column) or {}, values, _wins(times, column, moment))
    if write.tags:
        row["tags"] = sorted(set(row.get("tags") or ()) | set(write.tags))
    for column, amounts in (("usage_details", write.usage), ("provided_cost_details", write.costs)):
        if amounts:
            current = row.get(column) or {}
            row[column] = (
                usage_rules.merge(current, amounts)
                if _wins(times, column, moment)
                else usage_rules.merge(amounts, current)
            )
    row["field_times"] = times
