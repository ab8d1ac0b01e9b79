"""OTLP metric points as time series (``core/metrics/``): one row per data point a client
sent, keyed by ``(project_id, id)`` where the id is derived from the point's stream and
times, so a re-sent export overwrites itself.

``value`` is what the point adds up to: the delta of a sum (a cumulative point's delta is
computed from the stream's previous point, resets detected), a gauge's value, or a
histogram's sum (``count`` and ``data`` hold the rest of it as sent). ``raw_value`` is the
number as sent, which a cumulative stream's next delta is computed from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from agenttrace.db.types import JSONType, UTCDateTime


class MetricPoint(SQLModel, table=True):
    __tablename__ = "metric_point"
    __table_args__ = (
        Index("ix_metric_point_project_name_end", "project_id", "name", "end_time"),
        Index("ix_metric_point_project_stream_end", "project_id", "stream_key", "end_time"),
        Index("ix_metric_point_project_end", "project_id", "end_time"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    name: str
    unit: str = ""
    kind: str  # sum | gauge | histogram
    temporality: str | None = None  # delta | cumulative (sums and histograms)
    monotonic: bool = False
    # SHA-256 of name, unit, kind and attributes: the points of one series.
    stream_key: str
    attributes: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    start_time: datetime | None = Field(default=None, sa_type=UTCDateTime)
    end_time: datetime = Field(sa_type=UTCDateTime)
    value: float = 0.0
    raw_value: float = 0.0
    count: int | None = Field(default=None, sa_type=BigInteger)
    data: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    created_at: datetime = Field(sa_type=UTCDateTime)
