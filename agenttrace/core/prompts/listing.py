"""Lists of prompts: by name, in keyset pages (ours) or page/limit (Langfuse's), each
entry with its version numbers, its latest version's number and config, and every label;
and every version of many prompts at once (GraphQL's loader)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import lists
from agenttrace.core.pages import Page
from agenttrace.core.prompts.bodies import LATEST
from agenttrace.core.prompts.reads import compose, labels_of
from agenttrace.core.prompts.tables import LABEL, PROMPT, VERSION
from agenttrace.db import sql
from agenttrace.db.types import Row

NAME_SORT = lists.sort_of(PROMPT, "name", False)


@dataclass(frozen=True)
class PromptFilter:
    name: str | None = None
    label: str | None = None
    tag: str | None = None

    def conditions(self, project_id: str, dialect: sql.Dialect) -> list[ColumnElement[bool]]:
        found = [PROMPT.c.project_id == project_id]
        if self.name is not None:
            found.append(PROMPT.c.name == self.name)
        if self.label is not None and self.label != LATEST:
            found.append(
                PROMPT.c.id.in_(
                    select(LABEL.c.prompt_id).where(
                        LABEL.c.project_id == project_id, LABEL.c.label == self.label
                    )
                )
            )
        if self.tag is not None:
            found.append(sql.json_array_contains_all(PROMPT.c.tags, [self.tag], dialect))
        return found


async def summaries(
    session: AsyncSession, project_id: str, prompts: Sequence[Row]
) -> list[dict[str, Any]]:
    """Prompts as list entries: every version number, every label, the latest version's
    number and config; two statements for the whole page."""
    ids = [p["id"] for p in prompts]
    by_prompt: dict[str, list[Row]] = defaultdict(list)
    if ids:
        statement = (
            select(VERSION.c.prompt_id, VERSION.c.version, VERSION.c.config, VERSION.c.updated_at)
            .where(VERSION.c.project_id == project_id, VERSION.c.prompt_id.in_(ids))
            .order_by(VERSION.c.version)
        )
        for row in (await session.execute(statement)).mappings():
            by_prompt[row["prompt_id"]].append(row)
    labels = await labels_of(session, project_id, ids)
    entries = []
    for prompt in prompts:
        found = by_prompt.get(prompt["id"], [])
        last = found[-1] if found else None
        stored = {
            label for (pid, _), names in labels.items() if pid == prompt["id"] for label in names
        }
        entries.append(
            {
                "id": prompt["id"],
                "name": prompt["name"],
                "type": prompt["type"],
                "tags": prompt["tags"],
                "versions": [v["version"] for v in found],
                "labels": sorted(stored | ({LATEST} if found else set())),
                "latest_version": None if last is None else last["version"],
                "last_config": None if last is None else last["config"],
                "last_updated_at": prompt["updated_at"],
                "created_at": prompt["created_at"],
            }
        )
    return entries


async def listing(
    *,
    session: AsyncSession,
    project_id: str,
    filter: PromptFilter,
    limit: int,
    cursor: str | None,
) -> Page:
    """Prompts by name (keyset pages), as ``summaries``."""
    page = await lists.keyset_page(
        session=session,
        table=PROMPT,
        columns=list(PROMPT.columns),
        conditions=filter.conditions(project_id, sql.dialect_of(session)),
        sort=NAME_SORT,
        limit=limit,
        cursor=cursor,
        count=True,
    )
    rows = await summaries(session, project_id, page.rows)
    return Page(rows=rows, has_more=page.has_more, next_cursor=page.next_cursor, total=page.total)


async def listing_by_page(
    *, session: AsyncSession, project_id: str, filter: PromptFilter, page: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """The Langfuse dialect's page/limit over the same list."""
    rows, total = await lists.offset_page(
        session=session,
        table=PROMPT,
        columns=list(PROMPT.columns),
        conditions=filter.conditions(project_id, sql.dialect_of(session)),
        order_by=NAME_SORT.order_by(),
        page=page,
        limit=limit,
    )
    return await summaries(session, project_id, rows), total


async def versions_of(
    *, session: AsyncSession, project_id: str, prompt_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Every version of each prompt, newest first, as readers see them (GraphQL's
    ``Prompt.versions``): three statements for any number of prompts."""
    found: dict[str, list[dict[str, Any]]] = {pid: [] for pid in prompt_ids}
    if not prompt_ids:
        return found
    listed = list(prompt_ids)
    prompts = {
        r["id"]: r
        for r in (
            await session.execute(
                select(PROMPT).where(PROMPT.c.project_id == project_id, PROMPT.c.id.in_(listed))
            )
        ).mappings()
    }
    rows = (
        await session.execute(
            select(VERSION)
            .where(VERSION.c.project_id == project_id, VERSION.c.prompt_id.in_(listed))
            .order_by(VERSION.c.prompt_id, VERSION.c.version.desc())
        )
    ).mappings()
    labels = await labels_of(session, project_id, listed)
    for row in rows:
        versions = found[row["prompt_id"]]
        latest = versions[0]["version"] if versions else row["version"]
        versions.append(
            compose(
                prompts[row["prompt_id"]],
                row,
                labels.get((row["prompt_id"], row["version"]), []),
                latest,
            )
        )
    return found
