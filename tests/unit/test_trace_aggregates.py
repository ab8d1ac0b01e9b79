"""``aggregates.carried``: when a stored trace's figures tell its new aggregate, and when
only the database can (``tests/api/test_trace_aggregates.py`` checks the answers against
the database over random batches)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from agenttrace.core.tracing.ingest import aggregates
from agenttrace.core.tracing.ingest.rows import Row

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _observation(id: str, start: int, end: int, **values: Any) -> Row:
    row: Row = {
        "project_id": "p", "id": id, "trace_id": "t", "start_time": T0 + timedelta(seconds=start),
        "end_time": T0 + timedelta(seconds=end), "level": "DEFAULT", "input_cost": None,
        "output_cost": None, "total_cost": None, "input_usage": 0, "output_usage": 0,
        "total_usage": 0,
    }  # fmt: skip
    row.update(values)
    return row


def _stored_trace(*observations: Row, **own: Any) -> Row:
    """A trace row as ``finish_trace`` leaves it after these observations."""
    row: Row = {"timestamp": T0, "ended_at": None, "own_level": None, **own}
    aggregates.finish_trace(row, aggregates.in_memory(observations).get(("p", "t")))
    return row


A = _observation("a", 0, 10, input_usage=3, total_usage=3, total_cost=0.5)
B = _observation("b", 5, 20, level="WARNING")


def test_new_observations_are_added_to_the_stored_figures() -> None:
    stored = _stored_trace(A, B)
    c = _observation("c", -5, 30, level="ERROR", input_usage=4, total_usage=4, total_cost=0.25)
    known, aggregate = aggregates.carried(stored, stored, [(None, c)])
    assert known
    assert aggregate == aggregates.in_memory([A, B, c])[("p", "t")]


def test_an_update_that_keeps_the_extremes_is_carried() -> None:
    stored = _stored_trace(A, B)
    later = {**A, "end_time": T0 + timedelta(seconds=15), "input_usage": 7, "total_usage": 7}
    known, aggregate = aggregates.carried(stored, stored, [(A, later)])
    assert known
    assert aggregate == aggregates.in_memory([later, B])[("p", "t")]


def test_a_trace_without_observations_stays_without() -> None:
    stored = _stored_trace()
    assert aggregates.carried(stored, stored, []) == (True, None)


def test_what_the_stored_figures_cannot_tell_is_asked_of_the_database() -> None:
    stored = _stored_trace(A, B)
    for before, after in [
        (A, {**A, "start_time": T0 + timedelta(seconds=1)}),  # the earliest start moves later
        (B, {**B, "end_time": T0 + timedelta(seconds=12)}),  # the latest end moves earlier
        (B, {**B, "level": "DEFAULT"}),  # the highest level falls
        (A, {**A, "total_cost": 0.75}),  # a stored cost changes
        (A, {**A, "trace_id": "elsewhere"}),  # an observation moves between traces
    ]:
        assert aggregates.carried(stored, stored, [(before, after)]) == (False, None)


def test_the_traces_own_end_and_level_bound_what_they_hide() -> None:
    """Where the trace's own end and level dominate, its observations' are only bounded."""
    stored = _stored_trace(A, B, ended_at=T0 + timedelta(seconds=60), own_level="ERROR")
    later = {**stored, "ended_at": T0 + timedelta(seconds=90)}
    assert aggregates.carried(stored, later, [])[0]
    for fallen in ({"ended_at": T0 + timedelta(seconds=30)}, {"own_level": "DEFAULT"}):
        assert aggregates.carried(stored, {**stored, **fallen}, []) == (False, None)
