"""Reading prompts: one version resolved by version, label or ``production`` (through the
cache for the hot path) and a prompt's versions (lists of prompts: ``listing.py``).
Always scoped to one project.

Resolution order: ``version`` if given, else ``label``, else the label ``production``;
``latest`` is the newest version. When nothing carries what was asked for, the 404 says how
to get it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import lists
from agenttrace.core.errors import Invalid, NotFound
from agenttrace.core.pages import Page
from agenttrace.core.prompts.bodies import LATEST, PRODUCTION
from agenttrace.core.prompts.cache import PromptCache
from agenttrace.core.prompts.tables import LABEL, PROMPT, VERSION
from agenttrace.db.engine import Database
from agenttrace.db.types import Row

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
