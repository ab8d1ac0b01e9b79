"""The values a project's traces hold for the fields a filter bar offers: environments,
trace names, tags and models, each sorted, so a person picks instead of typing. One
statement each, within the project."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.errors import Invalid
from agenttrace.core.tracing.tables import OBSERVATION, TRACE
from agenttrace.db import sql

MAX_CHOICES = 1000


def choice_count(first: int) -> int:
    if not 1 <= first <= MAX_CHOICES:
        raise Invalid(f"first must be from 1 to {MAX_CHOICES}", field="first")
    return first


async def _distinct(
    session: AsyncSession, value: ColumnElement[Any], *where: ColumnElement[bool], first: int
) -> list[str]:
    result = await session.execute(
        select(value).where(*where, value.is_not(None)).distinct().order_by(value).limit(first)
    )
    return [str(v) for (v,) in result.all()]


async def environments(*, session: AsyncSession, project_id: str, first: int) -> list[str]:
    return await _distinct(
        session, TRACE.c.environment, TRACE.c.project_id == project_id, first=first
    )


async def trace_names(*, session: AsyncSession, project_id: str, first: int) -> list[str]:
    return await _distinct(session, TRACE.c.name, TRACE.c.project_id == project_id, first=first)


async def models(*, session: AsyncSession, project_id: str, first: int) -> list[str]:
    """Through the (project, model, trace) index of observations."""
    return await _distinct(
        session, OBSERVATION.c.model, OBSERVATION.c.project_id == project_id, first=first
    )


async def tags(*, session: AsyncSession, project_id: str, first: int) -> list[str]:
    tag = sql.json_array_elements(TRACE.c.tags, sql.dialect_of(session))
    result = await session.execute(
        select(tag.c.value)
        .select_from(TRACE)
        .join(tag, true())
        .where(TRACE.c.project_id == project_id)
        .distinct()
        .order_by(tag.c.value)
        .limit(first)
    )
    return [str(v) for (v,) in result.all()]
