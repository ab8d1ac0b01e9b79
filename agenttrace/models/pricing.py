"""Project model prices: overrides on top of the built-in table in ``core/pricing/model_prices.json``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from agenttrace.db.types import JSONType, UTCDateTime


class ModelPrice(SQLModel, table=True):
    __tablename__ = "model_price"

    id: str = Field(primary_key=True)
    project_id: str = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    model_name: str
    match_pattern: str
    # USD per unit of each usage key (input, output, input_cached_tokens, …).
    prices: dict[str, float] = Field(default_factory=dict, sa_type=JSONType)
    unit: str = "TOKENS"
    start_date: datetime | None = Field(default=None, sa_type=UTCDateTime)
    tokenizer_id: str | None = None
    tokenizer_config: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
