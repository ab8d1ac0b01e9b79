"""Langfuse's datasets: ``/v2/datasets`` (upsert by name), the legacy ``/datasets`` list,
``/dataset-items`` (paged by ``datasetName``, as the SDKs' ``get_dataset`` walks them),
runs by dataset and run name, and ``/dataset-run-items`` (SDK 2.x ``item.link``, 3.x
``item.run`` and ``run_experiment``), with every field the SDKs' response models require
(``metadata`` on datasets, ``input``/``expectedOutput``/``metadata``/``mediaReferences``
on items for 5.x)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.datasets import commands, reads, runs, views
from agenttrace.core.errors import Invalid
from agenttrace.db.types import Row
from agenttrace.rest import params
from agenttrace.rest.public import pages
from agenttrace.rest.shapes import shape_of
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, writer

dataset_json = shape_of(views.DATASET)
run_json = shape_of(views.RUN)
run_item_json = shape_of(views.RUN_ITEM)
_item = shape_of(views.ITEM)


def item_json(row: Row) -> dict[str, Any]:
    return {**_item(row), "mediaReferences": []}


async def create_dataset(request: Request) -> Response:
    principal = require(request, "datasets:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.create_dataset(
            session=session, project_id=principal.project_id, body=body, upsert=True
        )
    return JSONResponse(dataset_json(row))


async def list_datasets(request: Request) -> Response:
    principal = require(request, "datasets:read")
    page, limit = pages.page_and_limit(request)
    async with database(request).read() as session:
        rows, total = await reads.datasets_by_page(
            session=session, project_id=principal.project_id, page=page, limit=limit
        )
    return JSONResponse(pages.listed([dataset_json(r) for r in rows], page, limit, total))


async def list_datasets_legacy(request: Request) -> Response:
    """The v1 list: each dataset with its item ids and run names."""
    principal = require(request, "datasets:read")
    page, limit = pages.page_and_limit(request)
    async with database(request).read() as session:
        rows, total = await reads.datasets_by_page(
            session=session, project_id=principal.project_id, page=page, limit=limit
        )
        held = await reads.contents(
            session=session, project_id=principal.project_id, dataset_ids=[r["id"] for r in rows]
        )
    data = [{**dataset_json(r), "items": held[r["id"]][0], "runs": held[r["id"]][1]} for r in rows]
    return JSONResponse(pages.listed(data, page, limit, total))


async def get_dataset(request: Request) -> Response:
    principal = require(request, "datasets:read")
    async with database(request).read() as session:
        row = await reads.dataset(
            session=session, project_id=principal.project_id,
            ref=request.path_params["dataset_name"], by="name",
        )  # fmt: skip
    return JSONResponse(dataset_json(row))


async def create_item(request: Request) -> Response:
    """Upserts by ``id``; an unknown ``datasetName`` is a 404."""
    principal = require(request, "datasets:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.create_item(
            session=session, project_id=principal.project_id, body=body
        )
    return JSONResponse(item_json(row))


async def list_items(request: Request) -> Response:
    principal = require(request, "datasets:read")
    page, limit = pages.page_and_limit(request)
    async with database(request).read() as session:
        rows, total = await reads.items_by_page(
            session=session,
            project_id=principal.project_id,
            page=page,
            limit=limit,
            dataset_name=params.text(request, "datasetName"),
            source_trace_id=params.text(request, "sourceTraceId"),
            source_observation_id=params.text(request, "sourceObservationId"),
        )
    return JSONResponse(pages.listed([item_json(r) for r in rows], page, limit, total))


async def get_item(request: Request) -> Response:
    principal = require(request, "datasets:read")
    async with database(request).read() as session:
        row = await reads.item(
            session=session, project_id=principal.project_id, item_id=request.path_params["item_id"]
        )
    return JSONResponse(item_json(row))


async def delete_item(request: Request) -> Response:
    principal = require(request, "datasets:delete")
    async with database(request).write() as session:
        await commands.delete_item(
            session=session, project_id=principal.project_id, item_id=request.path_params["item_id"]
        )
    return JSONResponse({"message": "Dataset item successfully deleted"})


def _run_path(request: Request) -> dict[str, str]:
    return {
        "dataset_ref": request.path_params["dataset_name"],
        "run_ref": request.path_params["run_name"],
        "by": "name",
    }


async def list_runs(request: Request) -> Response:
    principal = require(request, "datasets:read")
    page, limit = pages.page_and_limit(request)
    async with database(request).read() as session:
        rows, total = await runs.runs_by_page(
            session=session, project_id=principal.project_id,
            dataset_name=request.path_params["dataset_name"], page=page, limit=limit,
        )  # fmt: skip
    return JSONResponse(pages.listed([run_json(r) for r in rows], page, limit, total))


async def get_run(request: Request) -> Response:
    """The run with every run item (``datasetRunItems``)."""
    principal = require(request, "datasets:read")
    async with database(request).read() as session:
        found = await runs.run_with_items(
            session=session, project_id=principal.project_id, **_run_path(request)
        )
    return JSONResponse(
        {**run_json(found), "datasetRunItems": [run_item_json(i) for i in found["items"]]}
    )


async def delete_run(request: Request) -> Response:
    principal = require(request, "datasets:delete")
    async with database(request).write() as session:
        await runs.delete_run(
            session=session, project_id=principal.project_id, **_run_path(request)
        )
    return JSONResponse({"message": "Dataset run successfully deleted"})


async def create_run_item(request: Request) -> Response:
    """The run is made on first use, under the stable id SDK 5.x derives too."""
    principal = require(request, "datasets:write")
    body = await read_json_object(request)
    row = await runs.link_run_item(
        writer=writer(request), project_id=principal.project_id, body=body
    )
    return JSONResponse(run_item_json(row))


async def list_run_items(request: Request) -> Response:
    """``?datasetId=&runName=`` (both required, as in Langfuse)."""
    principal = require(request, "datasets:read")
    page, limit = pages.page_and_limit(request)
    dataset_id = params.text(request, "datasetId")
    run_name = params.text(request, "runName")
    if dataset_id is None or run_name is None:
        missing = "datasetId" if dataset_id is None else "runName"
        raise Invalid("datasetId and runName are required", field=missing)
    async with database(request).read() as session:
        rows, total = await runs.run_items_by_page(
            session=session, project_id=principal.project_id, dataset_id=dataset_id,
            run_name=run_name, page=page, limit=limit,
        )  # fmt: skip
    return JSONResponse(pages.listed([run_item_json(r) for r in rows], page, limit, total))
