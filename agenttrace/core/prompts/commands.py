"""The write use cases of prompts, each once for every face: add a version (a new name
makes version 1), move labels onto a version, delete versions or a whole prompt.

Versions of one prompt are numbered under a lock (a Postgres advisory lock; SQLite's one
writer already serialises), so two concurrent writes never take the same number. Every
write forgets the prompt in the cache once it commits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core import ids
from agenttrace.core.errors import Invalid, NotFound
from agenttrace.core.prompts import reads
from agenttrace.core.prompts.bodies import LATEST, NewVersion, check_labels, check_name
from agenttrace.core.prompts.cache import PromptCache
from agenttrace.core.prompts.tables import LABEL, PROMPT, VERSION
from agenttrace.core.time import utcnow
from agenttrace.db import sql


async def _lock(session: AsyncSession, project_id: str, name: str) -> None:
    await sql.lock(session, [sql.lock_key("prompt", project_id, name)])


async def _move_labels(
    session: AsyncSession, project_id: str, prompt_id: str, version: int, labels: list[str]
) -> None:
    """Put ``labels`` on ``version``, taking each off whichever version had it."""
    if not labels:
        return
    await session.execute(
        delete(LABEL).where(
            LABEL.c.project_id == project_id,
            LABEL.c.prompt_id == prompt_id,
            LABEL.c.label.in_(labels),
        )
    )
    now = utcnow()
    await session.execute(
        insert(LABEL),
        [
            {"project_id": project_id, "prompt_id": prompt_id, "label": label, "version": version,
             "created_at": now}
            for label in labels
        ],
    )  # fmt: skip


async def create_version(
    *,
    session: AsyncSession,
    cache: PromptCache,
    project_id: str,
    body: Any,
    created_by: str = "API",
) -> dict[str, Any]:
    """The next version of ``body.name`` (version 1 of a new name), as readers see it.

    Its labels move to it from older versions; ``latest`` follows it by itself. Tags given
    apply to the prompt (every version); omitted tags keep the prompt's. A prompt keeps
    its type: a chat version of a text prompt is a 400.
    """
    new = NewVersion(body)
    await _lock(session, project_id, new.name)
    now = utcnow()
    found = (
        (
            await session.execute(
                select(PROMPT).where(PROMPT.c.project_id == project_id, PROMPT.c.name == new.name)
            )
        )
        .mappings()
        .first()
    )
    if found is None:
        prompt_id = ids.new_uuid()
        await session.execute(
            insert(PROMPT).values(
                project_id=project_id, id=prompt_id, name=new.name, type=new.type,
                tags=new.tags or [], created_at=now, updated_at=now,
            )
        )  # fmt: skip
        number = 1
    else:
        prompt_id = found["id"]
        if found["type"] != new.type:
            raise Invalid(
                f"prompt {new.name!r} is a {found['type']} prompt; a new version must be "
                f"{found['type']} too",
                field="type",
            )
        changes: dict[str, Any] = {"updated_at": now}
        if new.tags is not None:
            changes["tags"] = new.tags
        await session.execute(
            update(PROMPT)
            .where(PROMPT.c.project_id == project_id, PROMPT.c.id == prompt_id)
            .values(**changes)
        )
        number = await reads.latest_version(session, project_id, prompt_id) + 1
    await session.execute(
        insert(VERSION).values(
            project_id=project_id, id=ids.new_uuid(), prompt_id=prompt_id, version=number,
            prompt=new.prompt, config=new.config, commit_message=new.commit_message,
            created_by=created_by, created_at=now, updated_at=now,
        )
    )  # fmt: skip
    await _move_labels(session, project_id, prompt_id, number, new.labels)
    cache.forget_on_commit(session, project_id, new.name)
    return await reads.resolve(
        session=session, project_id=project_id, name=new.name, version=number
    )


async def label_version(
    *,
    session: AsyncSession,
    cache: PromptCache,
    project_id: str,
    name: str,
    version: int,
    labels: Any,
    replace: bool,
    field: str = "labels",
) -> dict[str, Any]:
    """Move ``labels`` onto ``version``. ``replace``: they become its only labels (ours:
    a label left out is taken off, so it stops resolving); otherwise they are added to the
    ones it has (Langfuse's ``newLabels``)."""
    checked = check_labels(labels, field=field, allow_latest=False)
    await _lock(session, project_id, name)
    prompt = await reads.prompt_row(session=session, project_id=project_id, name=name)
    exists = (
        await session.execute(
            select(VERSION.c.id).where(
                VERSION.c.project_id == project_id,
                VERSION.c.prompt_id == prompt["id"],
                VERSION.c.version == version,
            )
        )
    ).first()
    if exists is None:
        raise NotFound("prompt", name, hint=f"it has no version {version}")
    if replace:
        await session.execute(
            delete(LABEL).where(
                LABEL.c.project_id == project_id,
                LABEL.c.prompt_id == prompt["id"],
                LABEL.c.version == version,
                LABEL.c.label.not_in(checked),
            )
        )
    await _move_labels(session, project_id, prompt["id"], version, checked)
    await session.execute(
        update(PROMPT)
        .where(PROMPT.c.project_id == project_id, PROMPT.c.id == prompt["id"])
        .values(updated_at=utcnow())
    )
    cache.forget_on_commit(session, project_id, name)
    return await reads.resolve(session=session, project_id=project_id, name=name, version=version)


async def delete_prompt(
    *,
    session: AsyncSession,
    cache: PromptCache,
    project_id: str,
    name: str,
    version: int | None = None,
    label: str | None = None,
) -> None:
    """Delete the versions of ``name`` with that version number or label (every version
    when neither is given), and the prompt once none is left. Nothing matching is a 404."""
    check_name(name)
    await _lock(session, project_id, name)
    prompt = await reads.prompt_row(session=session, project_id=project_id, name=name)
    pid = prompt["id"]
    conditions = [VERSION.c.project_id == project_id, VERSION.c.prompt_id == pid]
    if version is not None:
        conditions.append(VERSION.c.version == version)
    elif label == LATEST:
        conditions.append(VERSION.c.version == await reads.latest_version(session, project_id, pid))
    elif label is not None:
        conditions.append(
            VERSION.c.version.in_(
                select(LABEL.c.version).where(
                    LABEL.c.project_id == project_id,
                    LABEL.c.prompt_id == pid,
                    LABEL.c.label == label,
                )
            )
        )
    deleted = (
        (await session.execute(delete(VERSION).where(*conditions).returning(VERSION.c.version)))
        .scalars()
        .all()
    )
    if not deleted:
        what = f"version {version}" if version is not None else f"label {label!r}"
        raise NotFound("prompt", name, hint=f"no version matches {what}")
    await session.execute(
        delete(LABEL).where(
            LABEL.c.project_id == project_id, LABEL.c.prompt_id == pid, LABEL.c.version.in_(deleted)
        )
    )
    if await reads.latest_version(session, project_id, pid) == 0:
        await session.execute(
            delete(PROMPT).where(PROMPT.c.project_id == project_id, PROMPT.c.id == pid)
        )
    cache.forget_on_commit(session, project_id, name)
