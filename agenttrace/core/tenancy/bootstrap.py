"""Start-up provisioning: the head-less init project/key, or a default one on first start."""

from __future__ import annotations

from dataclasses import dataclass

from agenttrace.core.errors import Conflict, Invalid
from agenttrace.core.tenancy import keys, projects
from agenttrace.db.engine import Database
from agenttrace.settings import Settings

DEFAULT_PROJECT_NAME = "default"


@dataclass(frozen=True)
class NewKeys:
    """Keys created by this start; shown once, because only their hash is kept."""

    project_name: str
    public_key: str
    secret_key: str


async def bootstrap(database: Database, settings: Settings) -> NewKeys | None:
    """Idempotent: running it on every start creates nothing the second time."""
    init = (settings.init_project_name, settings.init_public_key, settings.init_secret_key)
    if any(init):
        return await _init_from_settings(database, settings)
    async with database.write() as session:
        if await projects.count_projects(session=session) > 0:
            return None
        project = await projects.ensure_project(
            session=session, name=DEFAULT_PROJECT_NAME, organization_name=settings.init_org_name
        )
        created = await keys.create_api_key(
            session=session, project_id=project.id, note="default key"
        )
        return NewKeys(project.name, created.key.public_key, created.secret_key)


async def _init_from_settings(database: Database, settings: Settings) -> NewKeys | None:
    name, public_key, secret_key = (
        settings.init_project_name or DEFAULT_PROJECT_NAME,
        settings.init_public_key,
        settings.init_secret_key,
    )
    if (public_key is None) != (secret_key is None):
        raise Invalid(
            "set both AGENTTRACE_INIT_PUBLIC_KEY and AGENTTRACE_INIT_SECRET_KEY, or neither",
            field="AGENTTRACE_INIT_SECRET_KEY",
        )
    async with database.write() as session:
        project = await projects.ensure_project(
            session=session, name=name, organization_name=settings.init_org_name
        )
        if public_key is None or secret_key is None:
            return None
        existing = await keys.find_api_key(session=session, public_key=public_key)
        if existing is not None:
            if existing.project_id != project.id or existing.secret_hash != keys.hash_secret(
                secret_key
            ):
                raise Conflict(
                    f"AGENTTRACE_INIT_PUBLIC_KEY {public_key!r} already exists with another "
                    "secret or project"
                )
            return None
        await keys.create_api_key(
            session=session,
            project_id=project.id,
            public_key=public_key,
            secret_key=secret_key,
            note="AGENTTRACE_INIT_* key",
        )
    return None
