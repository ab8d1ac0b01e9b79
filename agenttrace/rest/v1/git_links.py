"""``/v1/git-links``: create, list, read, the links and figures of one commit, and the
per-commit timeline with the change from the previous commit."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.agents import git_links, listing, records, timeline
from agenttrace.core.errors import NotFound
from agenttrace.rest import pagination, params
from agenttrace.rest.shapes import shape_of
from agenttrace.rest.v1.agent_shapes import record_page
from agenttrace.web.credentials import require
from agenttrace.web.documents import document_json
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, writer

git_link_json = shape_of(git_links.VIEW)


async def create_git_link(request: Request) -> Response:
    principal = require(request, "agents:write")
    link_id = await records.create_one(
        writer=writer(request),
        project_id=principal.project_id,
        body=await read_json_object(request),
        build=git_links.git_link_write,
    )
    async with database(request).read() as session:
        row = await listing.one(
            session=session, kind=git_links.KIND, project_id=principal.project_id, record_id=link_id
        )
    return JSONResponse(git_link_json(row), status_code=201)


async def list_git_links(request: Request) -> Response:
    """Newest first; filters ``traceId``, ``commitSha``, ``branch``, ``repoUrl``,
    ``linkType``, ``ciRunId``, ``fromTimestamp``, ``toTimestamp``."""
    page = await record_page(request, git_links.KIND)
    return JSONResponse(pagination.page_json(page, git_link_json))


async def get_git_link(request: Request) -> Response:
    principal = require(request, "agents:read")
    async with database(request).read() as session:
        row = await listing.one(
            session=session,
            kind=git_links.KIND,
            project_id=principal.project_id,
            record_id=request.path_params["link_id"],
        )
    return JSONResponse(git_link_json(row))


async def commit_links(request: Request) -> Response:
    """The commit's links (a page) and its figures over every trace tied to it, by a link
    or by the trace's own ``gitCommitSha``, with the change from the project's commit
    before it; 404 when nothing names the commit."""
    principal = require(request, "agents:read")
    sha = request.path_params["sha"]
    async with database(request).read() as session:
        page = await listing.page(
            session=session,
            kind=git_links.KIND,
            project_id=principal.project_id,
            filter={"commitSha": sha},
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
        )
        commit = await timeline.commit(session=session, project_id=principal.project_id, sha=sha)
    if commit is None:
        raise NotFound("commit", sha)
    return JSONResponse(
        {**pagination.page_json(page, git_link_json), "commit": document_json(commit)}
    )


async def git_timeline(request: Request) -> Response:
    """Newest commit first, each with its traces' figures and the change from the
    previous commit; ``branch`` and ``repoUrl`` narrow it."""
    principal = require(request, "agents:read")
    async with database(request).read() as session:
        page = await timeline.timeline(
            session=session,
            project_id=principal.project_id,
            branch=params.text(request, "branch"),
            repo_url=params.text(request, "repoUrl"),
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
        )
    return JSONResponse(
        {"data": [document_json(_public(row)) for row in page.rows], "meta": pagination.meta(page)}
    )


def _public(row: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in row.items() if k not in ("id", "commit_timestamp")}
