"""What a run did: each run item with its output (its observation's, else its trace's),
its trace's latency and cost and the scores
of its trace, the run's own scores (``datasetRunId`` only), a summary; and runs compared
side by side, per item and in summary. A few statements per run, whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from statistics import fmean
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.datasets import reads, runs
from agenttrace.core.errors import Invalid
from agenttrace.core.tracing.tables import OBSERVATION, SCORE, TRACE
from agenttrace.db.types import Row

MAX_COMPARED_RUNS = 10


async def _traces(
    session: AsyncSession, project_id: str, trace_ids: Sequence[str]
) -> dict[str, Row]:
    if not trace_ids:
        return {}
    statement = select(TRACE.c.id, TRACE.c.output, TRACE.c.latency, TRACE.c.total_cost).where(
        TRACE.c.project_id == project_id, TRACE.c.id.in_(sorted(set(trace_ids)))
    )
    return {row["id"]: row for row in (await session.execute(statement)).mappings()}


async def _outputs(
    session: AsyncSession, project_id: str, observation_ids: Sequence[str]
) -> dict[str, Any]:
    """Outputs of the observations run items name (the task span of SDK 5.x, the item
    span of 3.x): an item's own output, where the trace's may be the whole run's."""
    if not observation_ids:
        return {}
    statement = select(OBSERVATION.c.id, OBSERVATION.c.output).where(
        OBSERVATION.c.project_id == project_id,
        OBSERVATION.c.id.in_(sorted(set(observation_ids))),
    )
    return {row_id: output for row_id, output in await session.execute(statement)}


async def _scores(
    session: AsyncSession, project_id: str, trace_ids: Sequence[str], run_ids: Sequence[str]
) -> tuple[dict[str, list[Row]], dict[str, list[Row]]]:
    """Scores of the traces, and the runs' own scores, oldest first."""
    by_trace: dict[str, list[Row]] = defaultdict(list)
    by_run: dict[str, list[Row]] = defaultdict(list)
    conditions: list[ColumnElement[bool]] = []
    if trace_ids:
        conditions.append(SCORE.c.trace_id.in_(sorted(set(trace_ids))))
    if run_ids:
        conditions.append(SCORE.c.dataset_run_id.in_(list(run_ids)) & SCORE.c.trace_id.is_(None))
    if not conditions:
        return by_trace, by_run
    statement = (
        select(SCORE)
        .where(SCORE.c.project_id == project_id, or_(*conditions))
        .order_by(SCORE.c.timestamp, SCORE.c.id)
    )
    for row in (await session.execute(statement)).mappings():
        if row["trace_id"] is not None:
            by_trace[row["trace_id"]].append(row)
        else:
            by_run[row["dataset_run_id"]].append(row)
    return by_trace, by_run


def _summary(items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    latencies = [i["latency"] for i in items if i["latency"] is not None]
    costs = [i["total_cost"] for i in items if i["total_cost"] is not None]
    values: dict[str, list[float]] = defaultdict(list)
    for item in items:
        for score in item["scores"]:
            if score["value"] is not None:
                values[score["name"]].append(float(score["value"]))
    return {
        "item_count": len(items),
        "average_latency": fmean(latencies) if latencies else None,
        "total_cost": sum(costs) if costs else None,
        "average_cost": fmean(costs) if costs else None,
        "scores": {
            name: {"average": fmean(v), "count": len(v)} for name, v in sorted(values.items())
        },
    }


async def results(
    *, session: AsyncSession, project_id: str, run_ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """For each run id: ``items`` (run items with ``output``, ``latency``, ``total_cost``
    and ``scores`` of their trace), ``scores`` (the run's own) and ``summary``."""
    by_run = await runs.run_items(session=session, project_id=project_id, run_ids=run_ids)
    trace_ids = [i["trace_id"] for items in by_run.values() for i in items]
    traces = await _traces(session, project_id, trace_ids)
    outputs = await _outputs(
        session,
        project_id,
        [i["observation_id"] for items in by_run.values() for i in items if i["observation_id"]],
    )
    trace_scores, run_scores = await _scores(session, project_id, trace_ids, run_ids)
    answers = {}
    for run_id, run_items in by_run.items():
        items = []
        for item in run_items:
            trace = traces.get(item["trace_id"])
            output = outputs.get(item["observation_id"])
            if output is None and trace is not None:
                output = trace["output"]
            items.append(
                {
                    **item,
                    "output": output,
                    "latency": None if trace is None else trace["latency"],
                    "total_cost": None if trace is None else trace["total_cost"],
                    "scores": trace_scores.get(item["trace_id"], []),
                }
            )
        answers[run_id] = {
            "items": items,
            "scores": run_scores.get(run_id, []),
            "summary": _summary(items),
        }
    return answers


async def run_results(
    *, session: AsyncSession, project_id: str, run_ref: str, dataset_ref: str | None = None
) -> dict[str, Any]:
    """A run of the dataset (by id or name), or any run by id (a local-data experiment has
    no dataset), with its ``items``, ``scores`` and ``summary``."""
    dataset_id = None
    if dataset_ref is not None:
        dataset = await reads.dataset(session=session, project_id=project_id, ref=dataset_ref)
        dataset_id = dataset["id"]
    found = await runs.run(
        session=session, project_id=project_id, run_ref=run_ref, dataset_id=dataset_id
    )
    answer = await results(session=session, project_id=project_id, run_ids=[found["id"]])
    return {**found, **answer[found["id"]]}


def _score_values(scores: Sequence[Row]) -> dict[str, Any]:
    """A run item's scores by name (the latest of a name wins): numbers, else labels."""
    return {
        s["name"]: s["value"] if s["string_value"] is None else s["string_value"] for s in scores
    }


async def compare(
    *, session: AsyncSession, project_id: str, dataset_ref: str, run_refs: Sequence[str]
) -> dict[str, Any]:
    """Runs of one dataset side by side: ``runs`` (each with its summary and own scores)
    and ``items`` (per dataset item: its input, expected output and each run's trace,
    output, latency, cost and scores; null where a run did not run the item)."""
    if not 1 <= len(run_refs) <= MAX_COMPARED_RUNS:
        raise Invalid(f"runIds must name 1 to {MAX_COMPARED_RUNS} runs", field="runIds")
    dataset = await reads.dataset(session=session, project_id=project_id, ref=dataset_ref)
    found = [
        await runs.run(
            session=session, project_id=project_id, run_ref=ref, dataset_id=dataset["id"]
        )
        for ref in dict.fromkeys(run_refs)
    ]
    run_ids = [r["id"] for r in found]
    answers = await results(session=session, project_id=project_id, run_ids=run_ids)
    items: dict[str, dict[str, Any]] = {}
    for run_id in run_ids:
        for item in answers[run_id]["items"]:
            key = item["dataset_item_id"] or item["id"]
            entry = items.setdefault(
                key,
                {"dataset_item_id": item["dataset_item_id"], "input": item["input"],
                 "expected_output": item["expected_output"], "runs": dict.fromkeys(run_ids)},
            )  # fmt: skip
            entry["runs"][run_id] = {
                "trace_id": item["trace_id"],
                "observation_id": item["observation_id"],
                "output": item["output"],
                "latency": item["latency"],
                "total_cost": item["total_cost"],
                "scores": _score_values(item["scores"]),
            }
    return {
        "dataset_id": dataset["id"],
        "runs": [
            {
                **run,
                "summary": answers[run["id"]]["summary"],
                "scores": answers[run["id"]]["scores"],
            }
            for run in found
        ],
        "items": list(items.values()),
    }
