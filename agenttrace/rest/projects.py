"""The caller's project, in both dialects: ``/v1/projects/current`` and Langfuse's
``/api/public/projects`` (what the Langfuse SDKs call as their ``auth_check``)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core import retention
from agenttrace.core.errors import Invalid
from agenttrace.core.tenancy import projects
from agenttrace.core.time import iso
from agenttrace.models import Organization, Project
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, settings, sweeper


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


def _current_json(request: Request, project: Project, organization: Organization) -> Response:
    body = project_json(project, organization)
    body["rateLimitTier"] = project.rate_limit_tier or settings(request).rate_limit_tier
    body["createdAt"] = iso(project.created_at)
    body["retentionDays"] = project.retention_days
    body["lastSweep"] = (
        None
        if project.last_sweep_at is None
        else {"at": iso(project.last_sweep_at), "deletedTraces": project.last_sweep_deleted or 0}
    )
    return JSONResponse(body)


async def current_project(request: Request) -> Response:
    project, organization = await _current(request)
    return _current_json(request, project, organization)


def _retention_days(body: dict[str, Any]) -> int | None:
    if "retentionDays" not in body:
        raise Invalid(
            "retentionDays is required (a number of days, or null)", field="retentionDays"
        )
    days = body["retentionDays"]
    if days is None:
        return None
    if not isinstance(days, int) or isinstance(days, bool):
        raise Invalid(
            "retentionDays must be a whole number of days, or null", field="retentionDays"
        )
    if not retention.MIN_DAYS <= days <= retention.MAX_DAYS:
        raise Invalid(
            f"retentionDays must be between {retention.MIN_DAYS} and {retention.MAX_DAYS}",
            field="retentionDays",
        )
    return days


async def update_current_project(request: Request) -> Response:
    """Set the retention policy; a sweep is queued at once (deleting traces, hence the
    ``traces:delete`` scope)."""
    principal = require(request, "traces:delete")
    days = _retention_days(await read_json_object(request))
    async with database(request).write() as session:
        project = await projects.set_retention(
            session=session, project_id=principal.project_id, retention_days=days
        )
        project, organization = await projects.get_project(
            session=session, project_id=principal.project_id
        )
    sweeper(request).request()
    return _current_json(request, project, organization)


async def langfuse_projects(request: Request) -> Response:
    project, organization = await _current(request)
    return JSONResponse({"data": [project_json(project, organization)]})
