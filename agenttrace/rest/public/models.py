"""``/api/public/models``: Langfuse's model definitions — the project's own prices (which
win) and the built-in table, marked ``isLangfuseManaged`` and read-only."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from agenttrace.core.errors import Forbidden, Invalid, NotFound
from agenttrace.core.pricing import entries as price_entries
from agenttrace.core.time import iso
from agenttrace.models import ModelPrice
from agenttrace.rest.public import pages
from agenttrace.web.credentials import require
from agenttrace.web.requests import read_json_object
from agenttrace.web.responses import JSONResponse
from agenttrace.web.state import database, prices

BUILTIN_PREFIX = "builtin:"


def _model_json(
    *,
    id: str,
    name: str,
    pattern: str,
    prices: dict[str, float],
    unit: str,
    managed: bool,
    created: Any,
    start: Any,
) -> dict[str, Any]:
    return {
        "id": id,
        "modelName": name,
        "matchPattern": pattern,
        "startDate": iso(start),
        "unit": unit,
        "inputPrice": prices.get("input"),
        "outputPrice": prices.get("output"),
        "totalPrice": prices.get("total"),
        "tokenizerId": None,
        "tokenizerConfig": None,
        "isLangfuseManaged": managed,
        "createdAt": iso(created),
        "prices": {key: {"price": value} for key, value in prices.items()},
        "pricingTiers": [],
    }


def model_json(row: ModelPrice) -> dict[str, Any]:
    return _model_json(
        id=row.id, name=row.model_name, pattern=row.match_pattern, prices=row.prices, unit=row.unit,
        managed=False, created=row.created_at, start=row.start_date,
    )  # fmt: skip


def builtin_models() -> list[dict[str, Any]]:
    return [
        _model_json(
            id=BUILTIN_PREFIX + entry["model_name"],
            name=entry["model_name"],
            pattern=entry["match_pattern"],
            prices=entry["prices"],
            unit="TOKENS",
            managed=True,
            created=None,
            start=None,
        )
        for entry in price_entries.builtin_price_list()
    ]


def price_input(body: dict[str, Any]) -> price_entries.PriceInput:
    """Langfuse's body: flat ``inputPrice``/``outputPrice``/``totalPrice`` and/or a
    ``prices`` map (usage key → price, or → ``{"price": …}``)."""
    for field in ("modelName", "matchPattern"):
        if not isinstance(body.get(field), str):
            raise Invalid(f"{field} is required (a string)", field=field)
    given = body.get("prices") or {}
    if not isinstance(given, dict):
        raise Invalid("prices must be an object", field="prices")
    flat = {key: body.get(f"{key}Price") for key in ("input", "output", "total")}
    merged = {k: v for k, v in flat.items() if v is not None} | {
        key: value.get("price") if isinstance(value, dict) else value
        for key, value in given.items()
    }
    return price_entries.PriceInput(
        model_name=body["modelName"],
        match_pattern=body["matchPattern"],
        prices=merged,
        unit=str(body.get("unit") or "TOKENS"),
    )


async def create_model(request: Request) -> Response:
    principal = require(request, "models:write")
    given = price_input(await read_json_object(request))
    async with database(request).write() as session:
        row = await price_entries.create_price(
            session=session, project_id=principal.project_id, given=given, prices=prices(request)
        )
    return JSONResponse(model_json(row))


async def list_models(request: Request) -> Response:
    """The project's own models first (matched first), then the built-in ones."""
    principal = require(request, "models:read")
    page, limit = pages.page_and_limit(request)
    async with database(request).read() as session:
        rows = await price_entries.list_prices(session=session, project_id=principal.project_id)
    everything = [model_json(row) for row in rows] + builtin_models()
    start = (page - 1) * limit
    return JSONResponse(
        pages.listed(everything[start : start + limit], page, limit, len(everything))
    )


async def get_model(request: Request) -> Response:
    principal = require(request, "models:read")
    model_id = request.path_params["model_id"]
    if model_id.startswith(BUILTIN_PREFIX):
        found = [m for m in builtin_models() if m["id"] == model_id]
        if not found:
            raise NotFound("model", model_id)
        return JSONResponse(found[0])
    async with database(request).read() as session:
        row = await price_entries.get_price(
            session=session, project_id=principal.project_id, price_id=model_id
        )
    return JSONResponse(model_json(row))


async def delete_model(request: Request) -> Response:
    principal = require(request, "models:delete")
    model_id = request.path_params["model_id"]
    if model_id.startswith(BUILTIN_PREFIX):
        raise Forbidden(
            "Built-in models cannot be deleted; add a project model that matches first instead"
        )
    async with database(request).write() as session:
        await price_entries.delete_price(
            session=session,
            project_id=principal.project_id,
            price_id=model_id,
            prices=prices(request),
        )
    return JSONResponse({"message": "Model successfully deleted"})
