"""The caller's project, with the values its traces hold for the filter bar's choices."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.scalars import JSON

from agenttrace.core.tracing import choices
from agenttrace.graphql.context import Context
from agenttrace.models import Organization as OrganizationRow
from agenttrace.models import Project as ProjectRow

Info = strawberry.Info[Context, None]
Choices = Callable[..., Awaitable[list[str]]]
DEFAULT_CHOICES = 100


@strawberry.type
class Organization:
    id: strawberry.ID
    name: str


@strawberry.type(description="The retention sweeper's last pass over a project.")
class RetentionSweep:
    at: datetime
    deleted_traces: int


@strawberry.type
class Project:
    id: strawberry.ID
    name: str
    organization: Organization
    metadata: JSON
    retention_days: int | None = strawberry.field(
        description="Traces older than this many days are deleted; null keeps everything "
        "(set through PATCH /v1/projects/current or `agenttrace projects retention`)."
    )
    last_sweep: RetentionSweep | None

    @classmethod
    def from_rows(cls, project: ProjectRow, organization: OrganizationRow) -> Project:
        swept = project.last_sweep_at
        return cls(
            id=strawberry.ID(project.id),
            name=project.name,
            organization=Organization(id=strawberry.ID(organization.id), name=organization.name),
            metadata=JSON(project.meta),
            retention_days=project.retention_days,
            last_sweep=None
            if swept is None
            else RetentionSweep(at=swept, deleted_traces=project.last_sweep_deleted or 0),
        )

    async def _choices(self, info: Info, find: Choices, first: int) -> list[str]:
        info.context.principal("traces:read")
        session: AsyncSession
        async with info.context.database.read() as session:
            return await find(
                session=session, project_id=str(self.id), first=choices.choice_count(first)
            )

    @strawberry.field(description="The environments of the project's traces, sorted.")
    async def environments(self, info: Info, first: int = DEFAULT_CHOICES) -> list[str]:
        return await self._choices(info, choices.environments, first)

    @strawberry.field(description="The names of the project's traces, sorted.")
    async def trace_names(self, info: Info, first: int = DEFAULT_CHOICES) -> list[str]:
        return await self._choices(info, choices.trace_names, first)

    @strawberry.field(description="The tags of the project's traces, sorted.")
    async def tags(self, info: Info, first: int = DEFAULT_CHOICES) -> list[str]:
        return await self._choices(info, choices.tags, first)

    @strawberry.field(description="The models of the project's observations, sorted.")
    async def models(self, info: Info, first: int = DEFAULT_CHOICES) -> list[str]:
        return await self._choices(info, choices.models, first)
