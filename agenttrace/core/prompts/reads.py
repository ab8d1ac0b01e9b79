"""Reading prompts: one version resolved by version, label or ``production`` (through the
cache for the hot path), a prompt's versions, and lists of prompts with their latest
version and labels. Always scoped to one project.

Resolution order: ``version`` if given, else ``label``, else the label ``production``;
``latest`` is the newest version. When nothing carries what was asked for, the 404 says how
to get it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import lists
from agenttrace.core.errors import Invalid, NotFound
from agenttrace.core.pages import Page
from agenttrace.core.prompts.bodies import LATEST, PRODUCTION
from agenttrace.core.prompts.cache import PromptCache
from agenttrace.core.prompts.tables import LABEL, PROMPT, VERSION
from agenttrace.db import sql
from agenttrace.db.engine import Database
from agenttrace.db.types import Row

NAME_SORT = lists.sort_of(PROMPT, "name", False)
VERSION_SORT = lists.sort_of(VERSION, "version", True)


async def prompt_row(*, session: AsyncSession, project_id: str, name: str) -> Row:
    row = (
        (
            await session.execute(
                select(PROMPT).where(PROMPT.c.project_id == project_id, PROMPT.c.name == name)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound("prompt", name)
    return row


async def latest_version(session: AsyncSession, project_id: str, prompt_id: str) -> int:
    statement = select(func.max(VERSION.c.version)).where(
        VERSION.c.project_id == project_id, VERSION.c.prompt_id == prompt_id
    )
    return int((await session.execute(statement)).scalar_one() or 0)


async def labels_of(
    session: AsyncSession, project_id: str, prompt_ids: Sequence[str]
) -> dict[tuple[str, int], list[str]]:
    """The stored labels of every version of these prompts, by (prompt, version)."""
    found: dict[tuple[str, int], list[str]] = defaultdict(list)
    if not prompt_ids:
        return found
    statement = (
        select(LABEL.c.prompt_id, LABEL.c.version, LABEL.c.label)
        .where(LABEL.c.project_id == project_id, LABEL.c.prompt_id.in_(prompt_ids))
        .order_by(LABEL.c.label)
    )
    for prompt_id, version, label in await session.execute(statement):
        found[(prompt_id, version)].append(label)
    return found


def compose(prompt: Row, version: Row, labels: list[str], latest: int) -> dict[str, Any]:
    """A version as readers see it: the prompt's name, type and tags, and its labels
    (``latest`` on the newest)."""
    return {
        "id": version["id"],
        "project_id": version["project_id"],
        "name": prompt["name"],
        "version": version["version"],
        "type": prompt["type"],
        "prompt": version["prompt"],
        "config": version["config"],
        "labels": sorted([*labels, LATEST]) if version["version"] == latest else labels,
        "tags": prompt["tags"],
        "commit_message": version["commit_message"],
        "created_by": version["created_by"],
        "created_at": version["created_at"],
        "updated_at": version["updated_at"],
    }


async def resolve(
    *,
    session: AsyncSession,
    project_id: str,
    name: str,
    version: int | None = None,
    label: str | None = None,
) -> dict[str, Any]:
    """Two statements, as this is what a cache miss costs: the prompt with its newest
    version number and the version the label names; then that version with its labels."""
    wanted = label or PRODUCTION
    newest = (
        select(func.max(VERSION.c.version))
        .where(VERSION.c.project_id == project_id, VERSION.c.prompt_id == PROMPT.c.id)
        .scalar_subquery()
    )
    labelled = (
        select(LABEL.c.version)
        .where(
            LABEL.c.project_id == project_id,
            LABEL.c.prompt_id == PROMPT.c.id,
            LABEL.c.label == wanted,
        )
        .scalar_subquery()
    )
    prompt = (
        (
            await session.execute(
                select(PROMPT, newest.label("_latest"), labelled.label("_labelled")).where(
                    PROMPT.c.project_id == project_id, PROMPT.c.name == name
                )
            )
        )
        .mappings()
        .first()
    )
    if prompt is None:
        raise NotFound("prompt", name)
    latest = int(prompt["_latest"] or 0)
    if version is None:
        version = latest if wanted == LATEST else prompt["_labelled"]
        if version is None:
            raise NotFound(
                "prompt",
                name,
                hint=f"no version carries the label {wanted!r}; give a version that label "
                "(PATCH its version with the label), or ask for a version or the label "
                "'latest'",
            )
    rows = (
        (
            await session.execute(
                select(VERSION, LABEL.c.label.label("_label"))
                .outerjoin(
                    LABEL,
                    (LABEL.c.project_id == VERSION.c.project_id)
                    & (LABEL.c.prompt_id == VERSION.c.prompt_id)
                    & (LABEL.c.version == VERSION.c.version),
                )
                .where(
                    VERSION.c.project_id == project_id,
                    VERSION.c.prompt_id == prompt["id"],
                    VERSION.c.version == version,
                )
            )
        )
        .mappings()
        .all()
    )
    if not rows:
        raise NotFound("prompt", name, hint=f"it has no version {version} (the newest is {latest})")
    labels = sorted(row["_label"] for row in rows if row["_label"] is not None)
    return compose(prompt, rows[0], labels, latest)


async def fetch(
    *,
    database: Database,
    cache: PromptCache,
    project_id: str,
    name: str,
    version: int | None = None,
    label: str | None = None,
) -> Row:
    """``resolve`` through the cache: the read of users' apps."""

    async def load() -> Row:
        async with database.read() as session:
            return await resolve(
                session=session, project_id=project_id, name=name, version=version, label=label
            )

    return await cache.get((project_id, name, version, label), load)


async def versions(
    *, session: AsyncSession, project_id: str, name: str, limit: int, cursor: str | None
) -> Page:
    """A prompt's versions, newest first, each with its labels."""
    prompt = await prompt_row(session=session, project_id=project_id, name=name)
    page = await lists.keyset_page(
        session=session,
        table=VERSION,
        columns=list(VERSION.columns),
        conditions=[VERSION.c.project_id == project_id, VERSION.c.prompt_id == prompt["id"]],
        sort=VERSION_SORT,
        limit=limit,
        cursor=cursor,
        count=True,
    )
    latest = await latest_version(session, project_id, prompt["id"])
    labels = await labels_of(session, project_id, [prompt["id"]])
    rows = [
        compose(prompt, r, labels.get((prompt["id"], r["version"]), []), latest) for r in page.rows
    ]
    return Page(rows=rows, has_more=page.has_more, next_cursor=page.next_cursor, total=page.total)


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


def selector(version: Any, label: Any, *, exclusive: bool) -> tuple[int | None, str | None]:
    """``version`` and ``label`` as a face received them: a version wins over a label,
    unless the face forbids both (``exclusive``, Langfuse's rule: a 400)."""
    if version is not None and label is not None and exclusive:
        raise Invalid("give version or label, not both", field="label")
    if label is not None and not isinstance(label, str):
        raise Invalid(f"label must be a string, got {label!r}", field="label")
    if version is None:
        return None, label
    try:
        number = int(version)
    except (TypeError, ValueError):
        raise Invalid(
            f"version must be a positive integer, got {version!r}", field="version"
        ) from None
    if number < 1 or isinstance(version, bool):
        raise Invalid(f"version must be a positive integer, got {version!r}", field="version")
    return number, None


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
