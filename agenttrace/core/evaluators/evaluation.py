"""One evaluation, apart from where it runs: the rows it reads (``Subject``), what its
variables or rule source resolve to, and the score it makes (value and comment).

Shared by the job (``jobs.py``) and the dry run (``preview``), so a preview shows exactly
what a run would send.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators import judge
from agenttrace.core.evaluators.paths import MISSING
from agenttrace.core.evaluators.rules import apply_rule, parse_rule
from agenttrace.core.evaluators.variables import (
    Subject,
    fill,
    mapping_of,
    resolve_all,
    value_at,
)
from agenttrace.core.tracing.tables import OBSERVATION, TRACE
from agenttrace.db.types import Row
from agenttrace.settings import Settings


class MappingMissing(LookupError):
    """A variable (or a rule's source) has no value on this subject."""


@dataclass(frozen=True)
class Inputs:
    """What an evaluator reads of one subject: a judge's variables and filled prompt, or a
    rule's source value."""

    variables: dict[str, Any]
    missing: list[str]
    prompt: str | None = None


async def load_subject(
    session: AsyncSession,
    project_id: str,
    *,
    trace_id: str | None,
    observation_id: str | None,
    dataset_item: Row | None = None,
) -> Subject:
    trace = observation = None
    if trace_id is not None:
        trace = (
            (await session.execute(select(TRACE).where(
                TRACE.c.project_id == project_id, TRACE.c.id == trace_id
            ))).mappings().first()
        )  # fmt: skip
    if observation_id is not None:
        observation = (
            (await session.execute(select(OBSERVATION).where(
                OBSERVATION.c.project_id == project_id, OBSERVATION.c.id == observation_id
            ))).mappings().first()
        )  # fmt: skip
    return Subject(trace=trace, observation=observation, dataset_item=dataset_item)


def _rule_source(evaluator: Row) -> str:
    rule = parse_rule(evaluator["config"])
    root = "dataset_item" if rule.source == "expected_output" else (
        "observation" if evaluator["target"] == "observation" else "trace"
    )  # fmt: skip
    return f"{root}.{rule.source}"


def inputs_of(evaluator: Row, subject: Subject) -> Inputs:
    if evaluator["type"] == "rule":
        source = _rule_source(evaluator)
        value = value_at(subject, source)
        if value is MISSING or value is None:
            return Inputs({}, [source])
        return Inputs({"source": value}, [])
    mapping = mapping_of(evaluator["target"], evaluator["prompt"], evaluator["variable_mapping"])
    values, missing = resolve_all(subject, mapping)
    prompt = None if missing else fill(evaluator["prompt"], values)
    return Inputs(values, missing, prompt)


@dataclass(frozen=True)
class Scored:
    value: float | bool | str
    comment: str
    usage: dict[str, Any] | None = None


async def evaluate(settings: Settings, evaluator: Row, subject: Subject) -> Scored:
    """The score of ``evaluator`` on ``subject``; ``MappingMissing`` when it cannot be
    computed, the judge's errors (``judge.py``) as they are."""
    inputs = inputs_of(evaluator, subject)
    if inputs.missing:
        raise MappingMissing(f"mapping missing: {', '.join(inputs.missing)} has no value")
    if evaluator["type"] == "rule":
        try:
            value, comment = apply_rule(parse_rule(evaluator["config"]), inputs.variables["source"])
        except LookupError as exc:
            raise MappingMissing(f"mapping missing: {exc}") from None
        return Scored(value, comment)
    assert inputs.prompt is not None
    verdict = await judge.ask(
        settings,
        prompt=inputs.prompt,
        config=evaluator["config"],
        data_type=evaluator["score_data_type"],
        categories=evaluator["score_categories"],
    )
    return Scored(verdict.value, verdict.reasoning, verdict.usage)
