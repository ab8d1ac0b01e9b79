"""Merge rules: the same writes in any order give the same row; re-applying changes nothing."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from agenttrace.core.tracing.ingest.bodies import ObservationBody, TraceBody, parse
from agenttrace.core.tracing.ingest.merge import RowWrite, apply
from agenttrace.core.tracing.ingest.writes import observation_write, trace_write

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _trace(body: dict[str, Any], seconds: int) -> RowWrite:
    return trace_write(
        parse(TraceBody, body),
        project_id="p",
        trace_id="t",
        event_at=T0 + timedelta(seconds=seconds),
    )


def _fold(writes: list[RowWrite]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "metadata": {},
        "tags": [],
        "environment": "default",
        "public": False,
        "bookmarked": False,
    }
    for write in writes:
        apply(row, write)
    return row


def test_trace_writes_converge_in_every_order() -> None:
    writes = [
        _trace({"name": "first", "metadata": {"a": 1, "b": 1}, "tags": ["x"], "userId": "u"}, 0),
        _trace({"name": "second", "metadata": {"b": 2}, "tags": ["y"], "output": "done"}, 5),
        _trace({"public": True, "timestamp": "2025-12-31T23:59:00Z"}, 9),
    ]
    results = [_fold(list(order)) for order in itertools.permutations(writes)]
    assert all(result == results[0] for result in results)
    final = results[0]
    assert final["name"] == "second"
    assert final["metadata"] == {"a": 1, "b": 2}
    assert final["tags"] == ["x", "y"]
    assert final["user_id"] == "u"
    assert final["public"] is True
    assert final["timestamp"] == datetime(2025, 12, 31, 23, 59, tzinfo=UTC)


def test_metadata_keys_merge_with_the_newer_write_winning() -> None:
    """Objects carry one time for the whole object: exact for two writes in either order."""
    older = _trace({"metadata": {"a": 1, "b": 1}}, 0)
    newer = _trace({"metadata": {"b": 2, "c": 3}}, 5)
    assert (
        _fold([older, newer])["metadata"]
        == _fold([newer, older])["metadata"]
        == {"a": 1, "b": 2, "c": 3}
    )


def test_reapplying_a_write_changes_nothing() -> None:
    write = _trace({"name": "n", "metadata": {"k": "v"}, "tags": ["a"]}, 1)
    once = _fold([write])
    assert _fold([write, write, write]) == once


def test_an_update_event_type_never_retypes_an_observation() -> None:
    create = observation_write(
        parse(ObservationBody, {"traceId": "t", "name": "gen"}),
        project_id="p", observation_id="o", event_at=T0, type="GENERATION", is_update=False,
    )  # fmt: skip
    update = observation_write(
        parse(ObservationBody, {"output": "x"}),
        project_id="p", observation_id="o", event_at=T0 + timedelta(seconds=1), type="SPAN", is_update=True,
    )  # fmt: skip
    for order in ([create, update], [update, create]):
        row: dict[str, Any] = {
            "type": None,
            "metadata": {},
            "level": "DEFAULT",
            "environment": "default",
        }
        for write in order:
            apply(row, write)
        assert (row["type"], row["output"], row["name"]) == ("GENERATION", "x", "gen")
        assert row["start_time"] == T0
