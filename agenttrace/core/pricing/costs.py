"""Cost in USD: model prices matched by regex on the model name, times usage per key.

Prices come from the built-in table ``model_prices.json`` (USD per token, per usage key)
and from a project's own entries (``model_price`` rows), which win. A usage key without a
price of its own takes the price of its side (``input_*`` keys the ``input`` price,
``output_*`` keys the ``output`` price): cached tokens are never free by omission. A model
that matches no entry has no cost (``None``), never a silent 0; costs a client sends are
used as given.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from agenttrace.core.tracing.usage import TOTAL
from agenttrace.models import ModelPrice

BUILTIN_PRICES = Path(__file__).with_name("model_prices.json")
# Distinct model names remembered per project; a project rarely uses more than a few dozen.
MATCH_CACHE_SIZE = 4096
# Seconds a project's own price entries are trusted before they are read again.
PROJECT_ENTRIES_TTL = 30.0


@dataclass(frozen=True)
class PriceEntry:
    name: str
    pattern: re.Pattern[str]
    prices: Mapping[str, float]

    def price_of(self, usage_key: str) -> float | None:
        if usage_key in self.prices:
            return self.prices[usage_key]
        side = usage_key.partition("_")[0]
        return self.prices.get(side) if side in ("input", "output") else None


@cache
def builtin_entries() -> tuple[PriceEntry, ...]:
    table = json.loads(BUILTIN_PRICES.read_text(encoding="utf-8"))
    return tuple(
        PriceEntry(
            name=model["model"],
            pattern=re.compile(model["matchPattern"], re.IGNORECASE),
            prices=model["prices"],
        )
        for model in table["models"]
    )


def cost_of(usage: Mapping[str, int], entry: PriceEntry) -> dict[str, float]:
    """Cost per usage key, plus ``total``; keys without any price contribute nothing."""
    costs: dict[str, float] = {}
    for key, amount in usage.items():
        if key == TOTAL:
            continue
        price = entry.price_of(key)
        if price is not None:
            costs[key] = amount * price
    costs[TOTAL] = sum(costs.values())
    return costs


class PriceBook:
    """Matches model names to prices: the project's own entries first, then the built-ins.

    A project's entries are loaded when first needed and again after ``PROJECT_ENTRIES_TTL``
    seconds; ``forget(project_id)`` drops them at once (this process changed them; another
    server process sees the change within the TTL). Matches are memoised per (project,
    model name) alongside.
    """

    def __init__(self) -> None:
        self._project_entries: dict[str, tuple[PriceEntry, ...]] = {}
        self._loaded_at: dict[str, float] = {}
        self._matches: dict[tuple[str, str], PriceEntry | None] = {}

    async def load(self, *, session: AsyncSession, project_ids: Iterable[str]) -> None:
        now = time.monotonic()
        for project_id in [
            p for p, at in self._loaded_at.items() if now - at > PROJECT_ENTRIES_TTL
        ]:
            self.forget(project_id)
        missing = {p for p in project_ids if p not in self._project_entries}
        if not missing:
            return
        rows = await session.execute(
            select(ModelPrice)
            .where(col(ModelPrice.project_id).in_(missing))
            .order_by(col(ModelPrice.created_at).desc())
        )
        found: dict[str, list[PriceEntry]] = {p: [] for p in missing}
        for row in rows.scalars().all():
            found[row.project_id].append(
                PriceEntry(
                    name=row.model_name,
                    pattern=re.compile(row.match_pattern, re.IGNORECASE),
                    prices=row.prices,
                )
            )
        self._project_entries.update({p: tuple(entries) for p, entries in found.items()})
        self._loaded_at.update({p: now for p in found})

    def match(self, project_id: str, model: str | None) -> PriceEntry | None:
        """Requires ``load`` for the project first (the ingest core does it per batch)."""
        if not model:
            return None
        key = (project_id, model)
        if key in self._matches:
            return self._matches[key]
        name = model.strip()
        entry = next(
            (
                e
                for e in (*self._project_entries.get(project_id, ()), *builtin_entries())
                if e.pattern.fullmatch(name)
            ),
            None,
        )
        if len(self._matches) >= MATCH_CACHE_SIZE:
            self._matches.clear()
        self._matches[key] = entry
        return entry

    def forget(self, project_id: str) -> None:
        self._project_entries.pop(project_id, None)
        self._loaded_at.pop(project_id, None)
        self._matches = {k: v for k, v in self._matches.items() if k[0] != project_id}
