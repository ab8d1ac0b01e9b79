"""The use cases of evaluators, each once for every face: create (from scratch or from a
built-in template), read with its run counts, list, change, delete; the templates.

Every change forgets the project's evaluators in the matching cache when it commits, so
ingestion in this process matches against the new set at once (other processes within
the cache's TTL). Enabling an evaluator also makes it active again: the user asked for
it to run, so a pause (a judge error) is lifted and the next run tries again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import ids, lists
from agenttrace.core.errors import Conflict, NotFound
from agenttrace.core.evaluators import templates
from agenttrace.core.evaluators.bodies import evaluator_values
from agenttrace.core.evaluators.matching import EvaluatorCache
from agenttrace.core.evaluators.stats import stats_of
from agenttrace.core.evaluators.tables import CHECKS, EVALUATOR, OUTCOME, TEMPLATE
from agenttrace.core.pages import Page
from agenttrace.core.prompts.compile import variables_of
from agenttrace.core.time import utcnow
from agenttrace.db.types import Row

NAME_SORT = lists.sort_of(EVALUATOR, "created_at", True)


async def _row(session: AsyncSession, project_id: str, evaluator_id: str) -> Row:
    statement = select(EVALUATOR).where(
        EVALUATOR.c.project_id == project_id, EVALUATOR.c.id == evaluator_id
    )
    found = (await session.execute(statement)).mappings().first()
    if found is None:
        raise NotFound("evaluator", evaluator_id)
    return found


async def _with_stats(session: AsyncSession, project_id: str, rows: list[Row]) -> list[Row]:
    stats = await stats_of(session, project_id, [r["id"] for r in rows])
    return [{**r, "stats": stats[r["id"]]} for r in rows]


async def get_evaluator(*, session: AsyncSession, project_id: str, evaluator_id: str) -> Row:
    """An evaluator of this project (404 for another project's) with its run counts."""
    return (
        await _with_stats(session, project_id, [await _row(session, project_id, evaluator_id)])
    )[0]


async def _name_taken(session: AsyncSession, project_id: str, name: str, but: str | None) -> None:
    statement = select(EVALUATOR.c.id).where(
        EVALUATOR.c.project_id == project_id, EVALUATOR.c.name == name
    )
    found = (await session.execute(statement)).scalar()
    if found is not None and found != but:
        raise Conflict(f"an evaluator named {name!r} exists in this project", field="name")


async def create_evaluator(
    *, session: AsyncSession, cache: EvaluatorCache, project_id: str, body: Any
) -> Row:
    values = evaluator_values(body)
    await _name_taken(session, project_id, values["name"], None)
    now = utcnow()
    evaluator_id = ids.new_uuid()
    row = {
        **values, "project_id": project_id, "id": evaluator_id, "status": "active",
        "status_reason": None, "created_at": now, "updated_at": now,
    }  # fmt: skip
    try:
        async with session.begin_nested():
            await session.execute(insert(EVALUATOR).values(**row))
    except IntegrityError:
        raise Conflict(f"an evaluator named {values['name']!r} exists", field="name") from None
    cache.forget_on_commit(session, [project_id])
    return await get_evaluator(session=session, project_id=project_id, evaluator_id=evaluator_id)


async def update_evaluator(
    *, session: AsyncSession, cache: EvaluatorCache, project_id: str, evaluator_id: str, body: Any
) -> Row:
    existing = dict(await _row(session, project_id, evaluator_id))
    for column in ("project_id", "id", "created_at", "updated_at", "status", "status_reason"):
        existing.pop(column)
    values = evaluator_values(body, existing)
    await _name_taken(session, project_id, values["name"], evaluator_id)
    changes = {**values, "updated_at": utcnow()}
    if isinstance(body, dict) and body.get("enabled") is True:
        changes |= {"status": "active", "status_reason": None}
    await session.execute(
        update(EVALUATOR)
        .where(EVALUATOR.c.project_id == project_id, EVALUATOR.c.id == evaluator_id)
        .values(**changes)
    )
    cache.forget_on_commit(session, [project_id])
    return await get_evaluator(session=session, project_id=project_id, evaluator_id=evaluator_id)


async def delete_evaluator(
    *, session: AsyncSession, cache: EvaluatorCache, project_id: str, evaluator_id: str
) -> None:
    """The evaluator, its outcomes and counts; its scores stay (they are the project's data), and
    its pending jobs are skipped when they run."""
    await _row(session, project_id, evaluator_id)
    for table in (OUTCOME, CHECKS):
        await session.execute(
            delete(table).where(
                table.c.project_id == project_id, table.c.evaluator_id == evaluator_id
            )
        )
    await session.execute(
        delete(EVALUATOR).where(
            EVALUATOR.c.project_id == project_id, EVALUATOR.c.id == evaluator_id
        )
    )
    cache.forget_on_commit(session, [project_id])


async def list_evaluators(
    *,
    session: AsyncSession,
    project_id: str,
    limit: int,
    cursor: str | None,
    enabled: bool | None = None,
) -> Page:
    conditions = [EVALUATOR.c.project_id == project_id]
    if enabled is not None:
        conditions.append(EVALUATOR.c.enabled.is_(enabled))
    page = await lists.keyset_page(
        session=session, table=EVALUATOR, columns=list(EVALUATOR.columns),
        conditions=conditions, sort=NAME_SORT, limit=limit, cursor=cursor, count=True,
    )  # fmt: skip
    rows = await _with_stats(session, project_id, list(page.rows))
    return Page(rows=rows, has_more=page.has_more, next_cursor=page.next_cursor, total=page.total)


def _template_row(row: Row, *, builtin: bool) -> dict[str, Any]:
    return {**row, "builtin": builtin, "variables": variables_of(row["prompt"])}


async def list_templates(*, session: AsyncSession, project_id: str) -> list[dict[str, Any]]:
    """The built-in templates, then the project's own."""
    own = (
        await session.execute(
            select(TEMPLATE).where(TEMPLATE.c.project_id == project_id).order_by(TEMPLATE.c.name)
        )
    ).mappings()
    return [
        *(_template_row(t, builtin=True) for t in templates.BUILTIN),
        *(_template_row(t, builtin=False) for t in own),
    ]
