"""A stored trace's aggregates are carried from its row as batches arrive
(``aggregates.carried``): after every batch they must equal what the database computes
from all of the trace's observations, whatever the batch did to them — new observations,
starts moved earlier or later, ends shortened, levels lowered, costs added or changed,
the trace's own end and level moved, an observation moved to another trace."""

from __future__ import annotations

import random
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from agenttrace.core.tracing.ingest import aggregates
from agenttrace.core.tracing.tables import TRACE
from agenttrace.db import Database, sql
from tests.api.test_ingestion import event, ingest
from tests.conftest import ProjectKeys

LEVELS = ("DEBUG", "DEFAULT", "WARNING", "ERROR")
CARRIED = (
    "start_time", "end_time", "input_tokens", "output_tokens", "total_tokens",
    "observation_count", "level",
)  # fmt: skip
COSTS = ("input_cost", "output_cost", "total_cost")


def _moment(rng: random.Random) -> str:
    minute, second, millisecond = rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999)
    return f"2026-03-01T12:{minute:02d}:{second:02d}.{millisecond:03d}Z"


def _observation_change(rng: random.Random, observation_id: str, trace_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {"id": observation_id, "traceId": trace_id}
    for field, value in (
        ("startTime", _moment(rng)),
        ("endTime", _moment(rng)),
        ("level", rng.choice(LEVELS)),
        ("usageDetails", {"input": rng.randint(0, 50), "output": rng.randint(0, 50)}),
        ("costDetails", {"input": rng.choice((0.5, 0.25, 1.0)), "output": 0.125}),
    ):
        if rng.random() < 0.4:
            body[field] = value
    return body


def _batch(rng: random.Random, traces: list[str], known: dict[str, str]) -> list[dict[str, Any]]:
    events = []
    for _ in range(rng.randint(1, 6)):
        trace_id = rng.choice(traces)
        observation_id = f"o-{uuid.uuid4().hex[:8]}"
        known[observation_id] = trace_id
        body = _observation_change(rng, observation_id, trace_id)
        body.setdefault("startTime", _moment(rng))
        events.append(event("generation-create", body))
    for observation_id in rng.sample(sorted(known), min(len(known), rng.randint(0, 5))):
        trace_id = known[observation_id]
        if rng.random() < 0.1:  # moved to another trace
            trace_id = known[observation_id] = rng.choice(traces)
        events.append(
            event("generation-update", _observation_change(rng, observation_id, trace_id))
        )
    if rng.random() < 0.4:
        own: dict[str, Any] = {"id": rng.choice(traces)}
        if rng.random() < 0.5:
            own["level"] = rng.choice(LEVELS)
        if rng.random() < 0.5:
            own["endTime"] = _moment(rng)
        events.append(event("trace-create", own))
    return events


async def _compare(database: Database, project_id: str, trace_id: str) -> None:
    async with database.read() as session:
        stored = dict(
            (
                await session.execute(
                    select(TRACE).where(TRACE.c.project_id == project_id, TRACE.c.id == trace_id)
                )
            )
            .mappings()
            .one()
        )
        truth = await aggregates.stored(session, [(project_id, trace_id)], sql.dialect_of(session))
    expected = dict(stored)
    aggregates.finish_trace(expected, truth.get((project_id, trace_id)))
    assert {k: stored[k] for k in CARRIED} == {k: expected[k] for k in CARRIED}
    assert stored["latency"] == pytest.approx(expected["latency"])
    for cost in COSTS:
        assert stored[cost] == (None if expected[cost] is None else pytest.approx(expected[cost]))


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_carried_aggregates_match_the_database_after_every_batch(
    client: httpx.AsyncClient, project: ProjectKeys, database: Database, seed: int
) -> None:
    rng = random.Random(seed)
    traces = [f"t-carried-{seed}-{n}" for n in range(3)]
    known: dict[str, str] = {}
    await ingest(client, project, *(event("trace-create", {"id": t}) for t in traces))
    for _ in range(15):
        outcome = await ingest(client, project, *_batch(rng, traces, known))
        assert not outcome["errors"], outcome["errors"]
        for trace_id in traces:
            await _compare(database, project.project_id, trace_id)
