"""The GraphQL schema. ``graphql/schema.graphql`` at the repository root is its printed SDL."""

from __future__ import annotations

import strawberry

from agenttrace.core import projects
from agenttrace.graphql.context import Context
from agenttrace.graphql.types.project import Project


@strawberry.type
class Query:
    @strawberry.field(description="The project of the API key making the request.")
    async def project(self, info: strawberry.Info[Context, None]) -> Project:
        principal = info.context.principal()
        async with info.context.database.read() as session:
            project, organization = await projects.get_project(
                session=session, project_id=principal.project_id
            )
        return Project.from_rows(project, organization)


schema = strawberry.Schema(query=Query)
