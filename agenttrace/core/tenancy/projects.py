"""Organizations and projects."""

from __future__ import annotations

from sqlalchemy import delete, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col, select

from agenttrace.core import ids
from agenttrace.core.errors import NotFound
from agenttrace.core.time import utcnow
from agenttrace.core.tracing import search
from agenttrace.models import Organization, Project


async def create_organization(*, session: AsyncSession, name: str) -> Organization:
    organization = Organization(id=ids.new_uuid(), name=name, created_at=utcnow())
    session.add(organization)
    await session.flush()
    return organization


async def create_project(*, session: AsyncSession, organization_id: str, name: str) -> Project:
    project = Project(
        id=ids.new_uuid(), organization_id=organization_id, name=name, created_at=utcnow()
    )
    session.add(project)
    await session.flush()
    return project


async def get_project(*, session: AsyncSession, project_id: str) -> tuple[Project, Organization]:
    project = await session.get(Project, project_id)
    if project is None:
        raise NotFound("project", project_id)
    organization = await session.get(Organization, project.organization_id)
    if organization is None:  # the foreign key makes this impossible short of corruption
        raise NotFound("organization", project.organization_id)
    return project, organization


async def find_project(*, session: AsyncSession, name_or_id: str) -> Project | None:
    result = await session.execute(
        select(Project)
        .where((Project.id == name_or_id) | (Project.name == name_or_id))
        .order_by(col(Project.created_at))
    )
    return result.scalars().first()


async def count_projects(*, session: AsyncSession) -> int:
    result = await session.execute(select(func.count()).select_from(Project))
    return int(result.scalar_one())


async def ensure_project(*, session: AsyncSession, name: str, organization_name: str) -> Project:
    """The project with this name, created (with an organization) when absent."""
    project = await find_project(session=session, name_or_id=name)
    if project is not None:
        return project
    result = await session.execute(
        select(Organization).where(Organization.name == organization_name).limit(1)
    )
    organization = result.scalars().first() or await create_organization(
        session=session, name=organization_name
    )
    return await create_project(session=session, organization_id=organization.id, name=name)


async def list_projects(*, session: AsyncSession) -> list[Project]:
    result = await session.execute(select(Project).order_by(col(Project.created_at)))
    return list(result.scalars().all())


async def set_retention(
    *, session: AsyncSession, project_id: str, retention_days: int | None
) -> Project:
    """Set (or clear, with None) how many days the project keeps its data; the caller
    queues a sweep so the new policy applies at once."""
    project = await session.get(Project, project_id)
    if project is None:
        raise NotFound("project", project_id)
    project.retention_days = retention_days
    session.add(project)
    await session.flush()
    return project


async def delete_project(*, session: AsyncSession, project_id: str) -> dict[str, int]:
    """Delete the project and every row it owns: each table with a ``project_id`` column,
    children first, then its search documents and the project itself (its organization
    stays). The rows deleted per table."""
    project = await session.get(Project, project_id)
    if project is None:
        raise NotFound("project", project_id)
    deleted: dict[str, int] = {}
    for table in reversed(SQLModel.metadata.sorted_tables):
        if "project_id" in table.c and table.name != "project":
            result = await session.execute(delete(table).where(table.c.project_id == project_id))
            deleted[table.name] = int(getattr(result, "rowcount", 0) or 0)
    await search.forget_project(session, project_id)
    await session.execute(delete(Project).where(col(Project.id) == project_id))
    return deleted
