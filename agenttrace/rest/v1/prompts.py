"""``/v1/prompts``: create a version, list, fetch by version or label (through the cache),
list versions, move labels, delete, and compile. Names may hold ``/`` (folders), sent
raw or percent-encoded: every route takes the name as a path."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.prompts import commands, listing, reads, views
from agenttrace.core.prompts.compile import compile_stored
from agenttrace.core.prompts.listing import PromptFilter
from agenttrace.rest import pagination, params
from agenttrace.rest.shapes import shape_of
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, prompt_cache

prompt_json = shape_of(views.PROMPT)
summary_json = shape_of(views.PROMPT_SUMMARY)


def _name(request: Request) -> str:
    return str(request.path_params["name"])


async def create_prompt(request: Request) -> Response:
    """A new name makes version 1; an existing one gets the next version."""
    principal = require(request, "prompts:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.create_version(
            session=session, cache=prompt_cache(request), project_id=principal.project_id, body=body
        )
    return JSONResponse(prompt_json(row), status_code=201)


async def list_prompts(request: Request) -> Response:
    principal = require(request, "prompts:read")
    filter = PromptFilter(
        name=params.text(request, "name"),
        label=params.text(request, "label"),
        tag=params.text(request, "tag"),
    )
    async with database(request).read() as session:
        page = await listing.listing(
            session=session,
            project_id=principal.project_id,
            filter=filter,
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
        )
    return JSONResponse(pagination.page_json(page, summary_json))


async def get_prompt(request: Request) -> Response:
    """``?version=``, else ``?label=``, else the label ``production``."""
    principal = require(request, "prompts:read")
    version, label = reads.selector(
        params.text(request, "version"), params.text(request, "label"), exclusive=False
    )
    row = await reads.fetch(
        database=database(request),
        cache=prompt_cache(request),
        project_id=principal.project_id,
        name=_name(request),
        version=version,
        label=label,
    )
    return JSONResponse(prompt_json(row))


async def list_versions(request: Request) -> Response:
    principal = require(request, "prompts:read")
    async with database(request).read() as session:
        page = await reads.versions(
            session=session,
            project_id=principal.project_id,
            name=_name(request),
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
        )
    return JSONResponse(pagination.page_json(page, prompt_json))


async def update_version(request: Request) -> Response:
    """``{"labels": [...]}``: exactly these labels on this version (each taken off the
    version that had it; one left out stops resolving); ``{"newLabels": [...]}`` adds."""
    principal = require(request, "prompts:write")
    body = await read_json_object(request)
    replace = "newLabels" not in body
    async with database(request).write() as session:
        row = await commands.label_version(
            session=session,
            cache=prompt_cache(request),
            project_id=principal.project_id,
            name=_name(request),
            version=params.path_integer(request, "version"),
            labels=body.get("labels") if replace else body["newLabels"],
            replace=replace,
            field="labels" if replace else "newLabels",
        )
    return JSONResponse(prompt_json(row))


async def delete_prompt(request: Request) -> Response:
    """Every version, or those of ``?version=`` or ``?label=``."""
    principal = require(request, "prompts:delete")
    version, label = reads.selector(
        params.text(request, "version"), params.text(request, "label"), exclusive=True
    )
    async with database(request).write() as session:
        await commands.delete_prompt(
            session=session,
            cache=prompt_cache(request),
            project_id=principal.project_id,
            name=_name(request),
            version=version,
            label=label,
        )
    return Response(status_code=204)


async def compile_prompt(request: Request) -> Response:
    """``{variables, placeholders?, version?, label?}`` → ``{compiledPrompt, name, version, type}``."""
    principal = require(request, "prompts:read")
    body = await read_json_object(request)
    compiled = await compile_stored(
        database=database(request),
        cache=prompt_cache(request),
        project_id=principal.project_id,
        name=_name(request),
        body=body,
    )
    return JSONResponse(
        {
            "compiledPrompt": compiled["compiled_prompt"],
            "name": compiled["name"],
            "version": compiled["version"],
            "type": compiled["type"],
        }
    )
