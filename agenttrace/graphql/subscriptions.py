"""The root ``Subscription``: ``traceUpdated`` pushes each trace that a committed write
touched (created, changed, given an observation or a score) and that passes the filter.

Notices come from the ingest writer of this server process (``core/notifications.py``);
a burst of writes to one trace is pushed once. Each batch of notices is read with one
statement per thousand traces, and the context's loaded rows are dropped first, so nested
fields show the trace as it is now.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import replace

import strawberry

from agenttrace.core.tracing import listing, related
from agenttrace.core.tracing.notifications import Touched
from agenttrace.graphql.context import Context
from agenttrace.graphql.inputs import TraceFilterInput, trace_filter
from agenttrace.graphql.selection import selected, wants_io
from agenttrace.graphql.types.trace import Trace

Info = strawberry.Info[Context, None]

# Traces read per statement when a batch of notices is large.
PUSH_CHUNK = 1000


async def _touched_traces(context: Context, project_id: str, touched: Touched) -> list[str]:
    """Trace ids in the order they were touched, with the traces of observations written
    without their trace id looked up."""
    trace_ids = dict.fromkeys(touched.trace_ids)
    if touched.observation_ids:
        async with context.database.read() as session:
            rows = await related.observations_by_ids(
                session=session, project_id=project_id, observation_ids=touched.observation_ids
            )
        trace_ids.update(dict.fromkeys(row["trace_id"] for row in rows.values()))
    return list(trace_ids)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Traces as writes reach them (this server process's writes), from now on."
    )
    async def trace_updated(
        self, info: Info, filter: TraceFilterInput | None = None
    ) -> AsyncGenerator[Trace, None]:
        context = info.context
        principal = context.principal("traces:read")
        wanted = trace_filter(filter)
        with_io = wants_io(selected(info))
        database = context.database
        with context.notifier.subscribe(principal.project_id) as feed:
            while True:
                touched = await feed.next()
                context.forget_loaded()
                trace_ids = await _touched_traces(context, principal.project_id, touched)
                if wanted.ids:
                    trace_ids = [t for t in trace_ids if t in wanted.ids]
                for start in range(0, len(trace_ids), PUSH_CHUNK):
                    chunk = trace_ids[start : start + PUSH_CHUNK]
                    async with database.read() as session:
                        page = await listing.traces(
                            session=session,
                            project_id=principal.project_id,
                            filter=replace(wanted, ids=tuple(chunk)),
                            sort=listing.trace_sort(None, None),
                            limit=len(chunk),
                            cursor=None,
                            with_io=with_io,
                            count=False,
                        )
                    found = {row["id"]: row for row in page.rows}
                    for trace_id in chunk:
                        if trace_id in found:
                            yield Trace.from_row(found[trace_id])
