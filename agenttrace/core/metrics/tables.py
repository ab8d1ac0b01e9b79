"""The metric table as a SQLAlchemy ``Table``, for the statements of the core."""

from __future__ import annotations

from sqlalchemy import Table

from agenttrace.models import MetricPoint

METRIC_POINT: Table = MetricPoint.__table__  # type: ignore[attr-defined]
