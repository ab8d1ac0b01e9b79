"""Reading CI runs: each with its totals computed from the traces attached to it as they
are now (a trace that gains observations after it was attached shows at the next read),
by id or by the provider's run id, per trace, and project statistics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.ci_runs import KIND
from agenttrace.core.agents.listing import one
from agenttrace.core.agents.tables import CI_RUN, CI_RUN_TRACE
from agenttrace.core.agents.vocabulary import CI_STATUSES
from agenttrace.core.errors import NotFound
from agenttrace.core.tracing.tables import OBSERVATION, TRACE
from agenttrace.db.types import Row


async def totals(
    *, session: AsyncSession, project_id: str, run_ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Per run, from its attached traces as they are now: ids (in attachment order),
    count, observations, tokens, cost, observations at ERROR and traces at ERROR."""
    found: dict[str, dict[str, Any]] = {
        run_id: {"trace_ids": [], "trace_count": 0, "total_observations": 0, "total_tokens": 0,
                 "total_cost": None, "error_count": 0, "failed_trace_count": 0}
        for run_id in run_ids
    }  # fmt: skip
    if not run_ids:
        return found
    link = CI_RUN_TRACE
    mine = (link.c.project_id == project_id, link.c.ci_run_id.in_(list(run_ids)))
    attached = await session.execute(
        select(link.c.ci_run_id, link.c.trace_id)
        .where(*mine)
        .order_by(link.c.ci_run_id, link.c.attached_at, link.c.trace_id)
    )
    for run_id, trace_id in attached.all():
        found[run_id]["trace_ids"].append(trace_id)
    trace = TRACE
    grouped = await session.execute(
        select(
            link.c.ci_run_id,
            func.count(),
            func.sum(trace.c.observation_count),
            func.sum(trace.c.total_tokens),
            func.sum(trace.c.total_cost),
            func.sum(case((trace.c.level == "ERROR", 1), else_=0)),
        )
        .select_from(
            link.join(
                trace, (trace.c.project_id == link.c.project_id) & (trace.c.id == link.c.trace_id)
            )
        )
        .where(*mine)
        .group_by(link.c.ci_run_id)
    )
    for run_id, count, observations, tokens, cost, failed in grouped.all():
        found[run_id].update(
            trace_count=int(count), total_observations=int(observations or 0),
            total_tokens=int(tokens or 0), total_cost=None if cost is None else float(cost),
            failed_trace_count=int(failed or 0),
        )  # fmt: skip
    observation = OBSERVATION
    errors = await session.execute(
        select(link.c.ci_run_id, func.count())
        .select_from(
            link.join(
                observation,
                (observation.c.project_id == link.c.project_id)
                & (observation.c.trace_id == link.c.trace_id),
            )
        )
        .where(*mine, observation.c.level == "ERROR")
        .group_by(link.c.ci_run_id)
    )
    for run_id, count in errors.all():
        found[run_id]["error_count"] = int(count)
    return found


async def with_totals(*, session: AsyncSession, project_id: str, rows: Sequence[Row]) -> list[Row]:
    computed = await totals(session=session, project_id=project_id, run_ids=[r["id"] for r in rows])
    return [{**row, **computed[row["id"]]} for row in rows]


async def get(*, session: AsyncSession, project_id: str, run_id: str) -> Row:
    row = await one(session=session, kind=KIND, project_id=project_id, record_id=run_id)
    return (await with_totals(session=session, project_id=project_id, rows=[row]))[0]


async def by_provider_run_id(
    *, session: AsyncSession, project_id: str, provider_run_id: str, provider: str | None
) -> Row:
    """The newest run with this provider run id (of ``provider``, when given)."""
    conditions = KIND.conditions(
        project_id, {"providerRunId": provider_run_id, "provider": provider}
    )
    result = await session.execute(
        select(CI_RUN).where(*conditions).order_by(CI_RUN.c.started_at.desc(), CI_RUN.c.id.desc())
    )
    row = result.mappings().first()
    if row is None:
        raise NotFound("CI run", provider_run_id)
    return (await with_totals(session=session, project_id=project_id, rows=[row]))[0]


async def stats(
    *, session: AsyncSession, project_id: str, filter: Mapping[str, Any]
) -> dict[str, Any]:
    """Runs by status, mean duration of completed runs, and cost and tokens of their traces."""
    conditions = KIND.conditions(project_id, filter)
    by_status = {status: 0 for status in CI_STATUSES.values}
    result = await session.execute(
        select(CI_RUN.c.status, func.count()).where(*conditions).group_by(CI_RUN.c.status)
    )
    for status, count in result.all():
        by_status[status] = int(count)
    duration = await session.execute(
        select(func.avg(CI_RUN.c.duration_ms)).where(*conditions, CI_RUN.c.duration_ms.is_not(None))
    )
    runs = select(CI_RUN.c.id).where(*conditions)
    link, trace = CI_RUN_TRACE, TRACE
    sums = await session.execute(
        select(func.sum(trace.c.total_cost), func.sum(trace.c.total_tokens), func.count())
        .select_from(
            link.join(
                trace, (trace.c.project_id == link.c.project_id) & (trace.c.id == link.c.trace_id)
            )
        )
        .where(link.c.project_id == project_id, link.c.ci_run_id.in_(runs))
    )
    cost, tokens, traces = sums.one()
    average = duration.scalar_one()
    return {
        "total_runs": sum(by_status.values()),
        **{f"{status}_count": count for status, count in by_status.items()},
        "avg_duration_ms": None if average is None else float(average),
        "total_traces": int(traces),
        "total_cost": None if cost is None else float(cost),
        "total_tokens": int(tokens or 0),
    }


async def of_traces(
    *, session: AsyncSession, project_id: str, trace_ids: Sequence[str]
) -> dict[str, list[Row]]:
    """The runs each trace is attached to (newest first), with their totals."""
    found: dict[str, list[Row]] = {trace_id: [] for trace_id in trace_ids}
    if not trace_ids:
        return found
    link = CI_RUN_TRACE
    result = await session.execute(
        select(link.c.trace_id, CI_RUN)
        .select_from(
            link.join(
                CI_RUN,
                (CI_RUN.c.project_id == link.c.project_id) & (CI_RUN.c.id == link.c.ci_run_id),
            )
        )
        .where(link.c.project_id == project_id, link.c.trace_id.in_(list(trace_ids)))
        .order_by(CI_RUN.c.started_at.desc(), CI_RUN.c.id)
    )
    pairs = [
        (row["trace_id"], {k: v for k, v in row.items() if k != "trace_id"})
        for row in result.mappings()
    ]
    runs = {run["id"]: run for _, run in pairs}
    totalled = {
        row["id"]: row
        for row in await with_totals(
            session=session, project_id=project_id, rows=list(runs.values())
        )
    }
    for trace_id, run in pairs:
        found[trace_id].append(totalled[run["id"]])
    return found
