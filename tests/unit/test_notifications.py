"""The in-process notices behind ``traceUpdated``: which writes touch which trace, one
notice per burst, bounded per subscriber, and nothing kept once a subscriber leaves."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from agenttrace.core.tracing import notifications
from agenttrace.core.tracing.ingest.merge import RowWrite
from agenttrace.core.tracing.notifications import Notifier, Touched

AT = datetime(2026, 5, 1, tzinfo=UTC)


def write(kind: str, row_id: str, project: str = "p", **fields: str) -> RowWrite:
    return RowWrite(kind=kind, project_id=project, id=row_id, event_at=AT, fields=dict(fields))  # type: ignore[arg-type]


async def test_a_subscriber_hears_each_touched_trace_once_in_order() -> None:
    notifier = Notifier()
    with notifier.subscribe("p") as feed:
        notifier.publish(
            [
                write("trace", "t2"),
                write("observation", "o1", trace_id="t1"),
                write("score", "s1", trace_id="t2"),
                write("observation", "o2"),  # an update without its trace id
                write("score", "s2", session_id="s"),  # a session's score: no trace
                write("trace", "elsewhere", project="q"),
            ]
        )
        assert await feed.next() == Touched(trace_ids=("t2", "t1"), observation_ids=("o2",))


async def test_next_waits_for_a_write() -> None:
    notifier = Notifier()
    with notifier.subscribe("p") as feed:
        waiting = asyncio.create_task(feed.next())
        await asyncio.sleep(0)
        assert not waiting.done()
        notifier.publish([write("trace", "t")])
        assert await asyncio.wait_for(waiting, 1) == Touched(("t",), ())


async def test_a_subscriber_that_stops_reading_holds_a_bounded_number_of_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(notifications, "MAX_PENDING", 3)
    notifier = Notifier()
    with notifier.subscribe("p") as feed:
        notifier.publish([write("trace", f"t{n}") for n in range(5)])
        assert (await feed.next(), feed.dropped) == (Touched(("t0", "t1", "t2"), ()), 2)


async def test_a_subscriber_that_left_hears_nothing() -> None:
    notifier = Notifier()
    with notifier.subscribe("p") as feed:
        pass
    notifier.publish([write("trace", "t")])
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(feed.next(), 0.01)
