"""Score operations beyond ingestion."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel.ext.asyncio.session import AsyncSession

from agenttrace.core.errors import NotFound
from agenttrace.models import Score


async def delete_score(*, session: AsyncSession, project_id: str, score_id: str) -> None:
    result = await session.exec(
        delete(Score).where(Score.project_id == project_id, Score.id == score_id)  # type: ignore[arg-type]
    )
    if result.rowcount == 0:
        raise NotFound("score", score_id)
