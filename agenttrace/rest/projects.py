"""The caller's project, in both dialects: ``/v1/projects/current`` and Langfuse's
``/api/public/projects`` (what the Langfuse SDKs call as their ``auth_check``)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.tenancy import projects
from agenttrace.core.time import iso
from agenttrace.models import Organization, Project
from agenttrace.web.credentials import require
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, settings


def project_json(project: Project, organization: Organization) -> dict[str, Any]:
    return {
        "id": project.id,
        "name": project.name,
        "organization": {"id": organization.id, "name": organization.name},
        "metadata": project.meta,
    }


async def _current(request: Request) -> tuple[Project, Organization]:
    principal = require(request)
    async with database(request).read() as session:
        return await projects.get_project(session=session, project_id=principal.project_id)


async def current_project(request: Request) -> Response:
    project, organization = await _current(request)
    body = project_json(project, organization)
    body["rateLimitTier"] = project.rate_limit_tier or settings(request).rate_limit_tier
    body["createdAt"] = iso(project.created_at)
    return JSONResponse(body)


async def langfuse_projects(request: Request) -> Response:
    project, organization = await _current(request)
    return JSONResponse({"data": [project_json(project, organization)]})
