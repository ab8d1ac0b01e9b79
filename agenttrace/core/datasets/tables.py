"""The dataset tables as SQLAlchemy ``Table`` objects, for the statements of the core."""

from __future__ import annotations

from sqlalchemy import Table

from agenttrace.models import Dataset, DatasetItem, DatasetRun, DatasetRunItem

DATASET: Table = Dataset.__table__  # type: ignore[attr-defined]
ITEM: Table = DatasetItem.__table__  # type: ignore[attr-defined]
RUN: Table = DatasetRun.__table__  # type: ignore[attr-defined]
RUN_ITEM: Table = DatasetRunItem.__table__  # type: ignore[attr-defined]
