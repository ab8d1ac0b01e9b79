"""Langfuse's prompts (``/api/public/v2/prompts``): what ``get_prompt``, ``create_prompt``
and ``update_prompt`` of the SDKs 2.x, 3.x and 5.x call, with every field their response
models require (``type`` and ``config`` for 5.x; ``type`` and ``lastConfig`` on list items).

Names with ``/`` arrive raw (2.x) or percent-encoded (3.x, 5.x); both reach the routes as
the same decoded path, taken whole by ``{name:path}``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.prompts import commands, listing, reads, views
from agenttrace.core.prompts.listing import PromptFilter
from agenttrace.core.time import iso
from agenttrace.db.types import Row
from agenttrace.rest import params
from agenttrace.rest.public import pages
from agenttrace.rest.shapes import shape_of
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, prompt_cache

# Langfuse's default page size for prompt lists (most of its lists default to 50).
LIST_LIMIT = 10
_prompt = shape_of(views.PROMPT)


def prompt_json(row: Row) -> dict[str, Any]:
    return {**_prompt(row), "resolutionGraph": None}


def _summary_json(row: Row) -> dict[str, Any]:
    return {
        "name": row["name"],
        "type": row["type"],
        "versions": row["versions"],
        "labels": row["labels"],
        "tags": row["tags"],
        "lastUpdatedAt": iso(row["last_updated_at"]),
        "lastConfig": row["last_config"],
    }


async def list_prompts(request: Request) -> Response:
    principal = require(request, "prompts:read")
    page = params.integer(request, "page", default=1, minimum=1, maximum=pages.MAX_PAGE)
    limit = params.integer(request, "limit", default=LIST_LIMIT, minimum=1, maximum=pages.MAX_LIMIT)
    filter = PromptFilter(
        name=params.text(request, "name"),
        label=params.text(request, "label"),
        tag=params.text(request, "tag"),
    )
    async with database(request).read() as session:
        rows, total = await listing.listing_by_page(
            session=session, project_id=principal.project_id, filter=filter, page=page, limit=limit
        )
    meta = pages.meta(page, limit, total)
    return JSONResponse(
        {"data": [_summary_json(r) for r in rows], "meta": meta, "pagination": meta}
    )


async def create_prompt(request: Request) -> Response:
    principal = require(request, "prompts:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.create_version(
            session=session, cache=prompt_cache(request), project_id=principal.project_id, body=body
        )
    return JSONResponse(prompt_json(row), status_code=201)


async def get_prompt(request: Request) -> Response:
    principal = require(request, "prompts:read")
    version, label = reads.selector(
        params.text(request, "version"), params.text(request, "label"), exclusive=True
    )
    row = await reads.fetch(
        database=database(request),
        cache=prompt_cache(request),
        project_id=principal.project_id,
        name=request.path_params["name"],
        version=version,
        label=label,
    )
    return JSONResponse({**prompt_json(row), "isActive": "production" in row["labels"]})


async def update_version(request: Request) -> Response:
    """``{"newLabels": [...]}``: added to this version, taken off the others."""
    principal = require(request, "prompts:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.label_version(
            session=session,
            cache=prompt_cache(request),
            project_id=principal.project_id,
            name=request.path_params["name"],
            version=params.path_integer(request, "version"),
            labels=body.get("newLabels"),
            replace=False,
            field="newLabels",
        )
    return JSONResponse(prompt_json(row))
