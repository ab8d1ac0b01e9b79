"""A project's own model prices: entries that win over the built-in table.

Prices apply to generations ingested after the change; stored costs are not recomputed
(as in Langfuse), so a number once shown does not change under a reader.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from agenttrace.core import ids
from agenttrace.core.errors import Invalid, NotFound
from agenttrace.core.pricing.costs import PriceBook, builtin_entries
from agenttrace.core.time import utcnow
from agenttrace.models import ModelPrice

UNITS = ("TOKENS", "CHARACTERS", "MILLISECONDS", "SECONDS", "IMAGES", "REQUESTS")


@dataclass(frozen=True)
class PriceInput:
    model_name: str
    match_pattern: str
    prices: Mapping[str, Any]
    unit: str = "TOKENS"
    start_date: datetime | None = None


def _validated(given: PriceInput) -> PriceInput:
    if not given.model_name.strip():
        raise Invalid("modelName is required", field="modelName")
    try:
        re.compile(given.match_pattern)
    except re.error as exc:
        raise Invalid(
            f"matchPattern is not a valid regular expression: {exc}", field="matchPattern"
        ) from None
    if not given.prices:
        raise Invalid(
            'prices needs at least one usage key, e.g. {"input": 2.5e-06}', field="prices"
        )
    for key, price in given.prices.items():
        if not key or isinstance(price, bool) or not isinstance(price, int | float) or price < 0:
            raise Invalid(
                f"prices.{key} must be a non-negative number (USD per unit)", field=f"prices.{key}"
            )
    if given.unit.upper() not in UNITS:
        raise Invalid(f"unit must be one of {', '.join(UNITS)}", field="unit")
    return given


async def create_price(
    *, session: AsyncSession, project_id: str, given: PriceInput, prices: PriceBook
) -> ModelPrice:
    valid = _validated(given)
    now = utcnow()
    row = ModelPrice(
        id=ids.new_uuid(),
        project_id=project_id,
        model_name=valid.model_name.strip(),
        match_pattern=valid.match_pattern,
        prices={key: float(value) for key, value in valid.prices.items()},
        unit=valid.unit.upper(),
        start_date=valid.start_date,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    prices.forget(project_id)
    return row


async def list_prices(*, session: AsyncSession, project_id: str) -> list[ModelPrice]:
    """Newest first: the order in which they are matched."""
    result = await session.execute(
        select(ModelPrice)
        .where(ModelPrice.project_id == project_id)
        .order_by(col(ModelPrice.created_at).desc(), col(ModelPrice.id))
    )
    return list(result.scalars().all())


async def get_price(*, session: AsyncSession, project_id: str, price_id: str) -> ModelPrice:
    row = await session.get(ModelPrice, price_id)
    if row is None or row.project_id != project_id:
        raise NotFound("model price", price_id)
    return row


async def delete_price(
    *, session: AsyncSession, project_id: str, price_id: str, prices: PriceBook
) -> None:
    row = await get_price(session=session, project_id=project_id, price_id=price_id)
    await session.delete(row)
    await session.flush()
    prices.forget(project_id)


def builtin_price_list() -> list[dict[str, Any]]:
    """The built-in table as plain data, for listing next to a project's own entries."""
    return [
        {"model_name": e.name, "match_pattern": e.pattern.pattern, "prices": dict(e.prices)}
        for e in builtin_entries()
    ]
