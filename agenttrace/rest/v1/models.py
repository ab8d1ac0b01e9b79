"""``/v1/models``: the project's own model prices (they win over the built-in table)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import Invalid
from agenttrace.core.pricing import entries as price_entries
from agenttrace.core.time import iso
from agenttrace.models import ModelPrice
from agenttrace.rest import params
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, prices


def price_json(row: ModelPrice) -> dict[str, Any]:
    return {
        "id": row.id,
        "modelName": row.model_name,
        "matchPattern": row.match_pattern,
        "prices": row.prices,
        "unit": row.unit,
        "startDate": iso(row.start_date),
        "builtIn": False,
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
    }


def price_input(body: dict[str, Any]) -> price_entries.PriceInput:
    for field in ("modelName", "matchPattern"):
        if not isinstance(body.get(field), str):
            raise Invalid(f"{field} is required (a string)", field=field)
    prices = body.get("prices")
    if not isinstance(prices, dict):
        raise Invalid("prices must be an object of usage key → USD per unit", field="prices")
    unit = body.get("unit") or "TOKENS"
    return price_entries.PriceInput(
        model_name=body["modelName"],
        match_pattern=body["matchPattern"],
        prices=prices,
        unit=str(unit),
    )


async def create_model(request: Request) -> Response:
    principal = require(request, "models:write")
    given = price_input(await read_json_object(request))
    async with database(request).write() as session:
        row = await price_entries.create_price(
            session=session, project_id=principal.project_id, given=given, prices=prices(request)
        )
    return JSONResponse(price_json(row), status_code=201)


async def list_models(request: Request) -> Response:
    """The project's entries (matched first, newest first); ``includeBuiltIn=true`` adds the
    built-in table after them."""
    principal = require(request, "models:read")
    async with database(request).read() as session:
        rows = await price_entries.list_prices(session=session, project_id=principal.project_id)
    data = [price_json(row) for row in rows]
    if params.boolean(request, "includeBuiltIn"):
        data += [
            {"id": None, "modelName": e["model_name"], "matchPattern": e["match_pattern"], "prices": e["prices"],
             "unit": "TOKENS", "startDate": None, "builtIn": True, "createdAt": None, "updatedAt": None}
            for e in price_entries.builtin_price_list()
        ]  # fmt: skip
    return JSONResponse(
        {"data": data, "meta": {"totalCount": len(data), "hasMore": False, "nextCursor": None}}
    )


async def get_model(request: Request) -> Response:
    principal = require(request, "models:read")
    async with database(request).read() as session:
        row = await price_entries.get_price(
            session=session,
            project_id=principal.project_id,
            price_id=request.path_params["model_id"],
        )
    return JSONResponse(price_json(row))


async def delete_model(request: Request) -> Response:
    principal = require(request, "models:delete")
    async with database(request).write() as session:
        await price_entries.delete_price(
            session=session,
            project_id=principal.project_id,
            price_id=request.path_params["model_id"],
            prices=prices(request),
        )
    return Response(status_code=204)
