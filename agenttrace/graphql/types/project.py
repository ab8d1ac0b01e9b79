"""The caller's project."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from agenttrace.models import Organization as OrganizationRow
from agenttrace.models import Project as ProjectRow


@strawberry.type
class Organization:
    id: strawberry.ID
    name: str


@strawberry.type
class Project:
    id: strawberry.ID
    name: str
    organization: Organization
    metadata: JSON

    @classmethod
    def from_rows(cls, project: ProjectRow, organization: OrganizationRow) -> Project:
        return cls(
            id=strawberry.ID(project.id),
            name=project.name,
            organization=Organization(id=strawberry.ID(organization.id), name=organization.name),
            metadata=JSON(project.meta),
        )
