"""``/v1/datasets``: datasets (by id or name in paths), their items (one, a batch, from a
trace, or imported from a file), runs (created with their items in one call), a run's
results and runs compared side by side."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.datasets import commands, imports, reads, results, runs, views
from agenttrace.db.types import Row
from agenttrace.rest import pagination, params
from agenttrace.rest.shapes import shape_of
from agenttrace.rest.v1.shapes import score_json
from agenttrace.web.credentials import require
from agenttrace.web.documents import camel
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database

dataset_json = shape_of(views.DATASET)
item_json = shape_of(views.ITEM)
run_json = shape_of(views.RUN)
_run_item = shape_of(views.RUN_ITEM)


def _ref(request: Request) -> str:
    return str(request.path_params["dataset_id"])


def _camel_keys(value: dict[str, Any]) -> dict[str, Any]:
    return {
        camel(k): _camel_keys(v) if isinstance(v, dict) and k != "scores" else v
        for k, v in value.items()
    }


def summary_json(summary: dict[str, Any]) -> dict[str, Any]:
    return {**_camel_keys(summary), "scores": summary["scores"]}


def run_item_result_json(row: Row) -> dict[str, Any]:
    return {
        **_run_item(row),
        "input": row["input"],
        "expectedOutput": row["expected_output"],
        "output": row["output"],
        "latency": row["latency"],
        "totalCost": row["total_cost"],
        "scores": [score_json(s) for s in row["scores"]],
    }


async def create_dataset(request: Request) -> Response:
    principal = require(request, "datasets:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.create_dataset(
            session=session, project_id=principal.project_id, body=body, upsert=False
        )
    return JSONResponse(dataset_json(row), status_code=201)


async def list_datasets(request: Request) -> Response:
    principal = require(request, "datasets:read")
    async with database(request).read() as session:
        page = await reads.datasets(
            session=session,
            project_id=principal.project_id,
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
        )
    return JSONResponse(pagination.page_json(page, dataset_json))


async def get_dataset(request: Request) -> Response:
    principal = require(request, "datasets:read")
    async with database(request).read() as session:
        row = await reads.dataset(
            session=session, project_id=principal.project_id, ref=_ref(request)
        )
    return JSONResponse(dataset_json(row))


async def update_dataset(request: Request) -> Response:
    principal = require(request, "datasets:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.update_dataset(
            session=session, project_id=principal.project_id, ref=_ref(request), body=body
        )
    return JSONResponse(dataset_json(row))


async def delete_dataset(request: Request) -> Response:
    principal = require(request, "datasets:delete")
    async with database(request).write() as session:
        await commands.delete_dataset(
            session=session, project_id=principal.project_id, ref=_ref(request)
        )
    return Response(status_code=204)


async def create_item(request: Request) -> Response:
    principal = require(request, "datasets:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.create_item(
            session=session, project_id=principal.project_id, body=body, dataset_ref=_ref(request)
        )
    return JSONResponse(item_json(row), status_code=201)


async def list_items(request: Request) -> Response:
    """Oldest first; ``?status=ACTIVE|ARCHIVED``."""
    principal = require(request, "datasets:read")
    async with database(request).read() as session:
        page = await reads.items(
            session=session,
            project_id=principal.project_id,
            dataset_ref=_ref(request),
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
            status=params.text(request, "status"),
        )
    return JSONResponse(pagination.page_json(page, item_json))


async def create_items(request: Request) -> Response:
    """``{"items": [...]}``: all stored, or none (a 400 names the bad one)."""
    principal = require(request, "datasets:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        item_ids = await commands.create_items(
            session=session, project_id=principal.project_id, dataset_ref=_ref(request),
            bodies=body.get("items"),
        )  # fmt: skip
    return JSONResponse({"count": len(item_ids), "ids": item_ids}, status_code=201)


async def import_items(request: Request) -> Response:
    """The request body is the file; ``?format=json|csv|jsonl``."""
    principal = require(request, "datasets:write")
    content = await request.body()
    async with database(request).write() as session:
        item_ids = await imports.import_items(
            session=session, project_id=principal.project_id, dataset_ref=_ref(request),
            content=content, format=params.text(request, "format") or "json",
        )  # fmt: skip
    return JSONResponse({"count": len(item_ids), "ids": item_ids}, status_code=201)


async def create_item_from_trace(request: Request) -> Response:
    principal = require(request, "datasets:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.create_item_from_trace(
            session=session, project_id=principal.project_id, dataset_ref=_ref(request), body=body
        )
    return JSONResponse(item_json(row), status_code=201)


async def update_item(request: Request) -> Response:
    principal = require(request, "datasets:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await commands.update_item(
            session=session, project_id=principal.project_id,
            item_id=request.path_params["item_id"], body=body, dataset_ref=_ref(request),
        )  # fmt: skip
    return JSONResponse(item_json(row))


async def delete_item(request: Request) -> Response:
    principal = require(request, "datasets:delete")
    async with database(request).write() as session:
        await commands.delete_item(
            session=session, project_id=principal.project_id,
            item_id=request.path_params["item_id"], dataset_ref=_ref(request),
        )  # fmt: skip
    return Response(status_code=204)


async def create_run(request: Request) -> Response:
    """``{name, description?, metadata?, items?: [{datasetItemId, traceId, observationId?}]}``."""
    principal = require(request, "datasets:write")
    body = await read_json_object(request)
    async with database(request).write() as session:
        row = await runs.create_run(
            session=session, project_id=principal.project_id, dataset_ref=_ref(request), body=body
        )
    return JSONResponse(run_json(row), status_code=201)


async def list_runs(request: Request) -> Response:
    principal = require(request, "datasets:read")
    async with database(request).read() as session:
        page = await runs.runs(
            session=session,
            project_id=principal.project_id,
            dataset_ref=_ref(request),
            limit=pagination.limit(request),
            cursor=pagination.cursor(request),
        )
    return JSONResponse(pagination.page_json(page, run_json))


async def get_run(request: Request) -> Response:
    """The run (by id or name) with each item's trace output, latency, cost and scores."""
    principal = require(request, "datasets:read")
    async with database(request).read() as session:
        found = await results.run_results(
            session=session, project_id=principal.project_id, dataset_ref=_ref(request),
            run_ref=request.path_params["run_id"],
        )  # fmt: skip
    return _results_json(found)


async def get_any_run(request: Request) -> Response:
    """``/v1/dataset-runs/:runId``: a run by id alone, with or without a dataset (a
    local-data experiment's run has none)."""
    principal = require(request, "datasets:read")
    async with database(request).read() as session:
        found = await results.run_results(
            session=session, project_id=principal.project_id, run_ref=request.path_params["run_id"]
        )
    return _results_json(found)


def _results_json(found: dict[str, Any]) -> Response:
    return JSONResponse(
        {
            **run_json(found),
            "items": [run_item_result_json(i) for i in found["items"]],
            "scores": [score_json(s) for s in found["scores"]],
            "summary": summary_json(found["summary"]),
        }
    )


async def delete_run(request: Request) -> Response:
    principal = require(request, "datasets:delete")
    async with database(request).write() as session:
        await runs.delete_run(
            session=session, project_id=principal.project_id, dataset_ref=_ref(request),
            run_ref=request.path_params["run_id"],
        )  # fmt: skip
    return Response(status_code=204)


async def compare_runs(request: Request) -> Response:
    """``?runIds=a,b``: per item and in summary, each run's scores, cost and latency."""
    principal = require(request, "datasets:read")
    async with database(request).read() as session:
        compared = await results.compare(
            session=session, project_id=principal.project_id, dataset_ref=_ref(request),
            run_refs=params.texts(request, "runIds"),
        )  # fmt: skip
    return JSONResponse(
        {
            "datasetId": compared["dataset_id"],
            "runs": [
                {**run_json(r), "summary": summary_json(r["summary"]),
                 "scores": [score_json(s) for s in r["scores"]]}
                for r in compared["runs"]
            ],
            "items": [
                {"datasetItemId": i["dataset_item_id"], "input": i["input"],
                 "expectedOutput": i["expected_output"],
                 "runs": {run_id: None if v is None else _camel_keys(v) for run_id, v in i["runs"].items()}}
                for i in compared["items"]
            ],
        }
    )  # fmt: skip
