"""``/v1/checkpoints``: create (manifest, optional contents), list, read, the checkpoints
of a trace, download as tar.gz (streamed), diff against another, record a restore."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from agenttrace.core.agents import archive, checkpoints, diffs
from agenttrace.core.errors import Invalid
from agenttrace.rest import pagination, params
from agenttrace.rest.shapes import shape_of
from agenttrace.rest.v1.agent_shapes import blobs, limits, record_page
from agenttrace.web.credentials import require
from agenttrace.web.documents import document_json
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, writer

checkpoint_json = shape_of(checkpoints.VIEW)


async def _answer(request: Request, project_id: str, checkpoint_id: str, status: int) -> Response:
    async with database(request).read() as session:
        row = await checkpoints.get(
            session=session, project_id=project_id, checkpoint_id=checkpoint_id
        )
    return JSONResponse(checkpoint_json(row), status_code=status)


async def create_checkpoint(request: Request) -> Response:
    principal = require(request, "agents:write")
    checkpoint_id = await checkpoints.create(
        writer=writer(request),
        project_id=principal.project_id,
        body=await read_json_object(request),
        limits=limits(request),
    )
    return await _answer(request, principal.project_id, checkpoint_id, 201)


async def list_checkpoints(request: Request) -> Response:
    """Newest first; filters ``traceId``, ``observationId``, ``type``, ``gitBranch``,
    ``gitCommitSha``, ``fromTimestamp``, ``toTimestamp``."""
    page = await record_page(request, checkpoints.KIND)
    return JSONResponse(pagination.page_json(page, checkpoint_json))


async def trace_checkpoints(request: Request) -> Response:
    """A trace's checkpoints, oldest first."""
    page = await record_page(request, checkpoints.KIND, trace_id=request.path_params["trace_id"])
    return JSONResponse(pagination.page_json(page, checkpoint_json))


async def get_checkpoint(request: Request) -> Response:
    principal = require(request, "agents:read")
    return await _answer(request, principal.project_id, request.path_params["checkpoint_id"], 200)


async def download_checkpoint(request: Request) -> Response:
    """The stored files as ``<id>.tar.gz``, streamed (files without a stored content are
    listed in the manifest only)."""
    principal = require(request, "agents:read")
    db = database(request)
    async with db.read() as session:
        row = await checkpoints.get(
            session=session,
            project_id=principal.project_id,
            checkpoint_id=request.path_params["checkpoint_id"],
        )
    stream = archive.tar_gz(
        database=db, blobs=blobs(request), project_id=principal.project_id, checkpoint=row
    )
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in row["id"])
    return StreamingResponse(
        stream,
        media_type="application/gzip",
        headers={"Content-Disposition": f'attachment; filename="{name}.tar.gz"'},
    )


async def diff_checkpoint(request: Request) -> Response:
    """``?against=<checkpoint id>``: what changed from that checkpoint to this one."""
    principal = require(request, "agents:read")
    against = params.text(request, "against")
    if against is None:
        raise Invalid(
            "against is required: the id of the checkpoint to compare with", field="against"
        )
    async with database(request).read() as session:
        result = await diffs.diff(
            session=session,
            blobs=blobs(request),
            project_id=principal.project_id,
            checkpoint_id=request.path_params["checkpoint_id"],
            against_id=against,
        )
    return JSONResponse(document_json(result))


async def restore_checkpoint(request: Request) -> Response:
    """Records a restore (a checkpoint of type ``restore``) and answers it with the files
    to put back; the server writes no file anywhere."""
    principal = require(request, "agents:write")
    body = await read_json_object(request) if await request.body() else {}
    restored, files = await checkpoints.restore(
        writer=writer(request),
        blobs=blobs(request),
        project_id=principal.project_id,
        checkpoint_id=request.path_params["checkpoint_id"],
        body=body,
    )
    return JSONResponse(
        {"checkpoint": checkpoint_json(restored), "files": document_json(files)}, status_code=201
    )
