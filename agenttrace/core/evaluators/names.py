"""Evaluators' names by id, for the places that hold only the id (an outcome on a trace):
one statement for any number of ids, scoped to the project."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.evaluators.tables import EVALUATOR


async def names_of(
    session: AsyncSession, project_id: str, evaluator_ids: Sequence[str]
) -> dict[str, str]:
    if not evaluator_ids:
        return {}
    found = await session.execute(
        select(EVALUATOR.c.id, EVALUATOR.c.name).where(
            EVALUATOR.c.project_id == project_id, EVALUATOR.c.id.in_(list(evaluator_ids))
        )
    )
    return {evaluator_id: name for evaluator_id, name in found}
