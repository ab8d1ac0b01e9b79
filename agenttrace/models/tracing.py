"""Traces, observations, scores and sessions.

Every table is keyed by ``(project_id, id)``: ids are client-supplied opaque strings, so two
projects may use the same id without seeing each other. Trace rows also carry aggregates
(start/end, latency, costs, token totals, observation count, effective level) that the
ingest core recomputes once per touched trace, so lists can sort and filter on them.

``field_times`` remembers, per field, the time (epoch microseconds) of the write that set
it last, so writes arriving out of order merge to the same row (see ``core/writes.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from agenttrace.db.types import JSONType, UTCDateTime


class Trace(SQLModel, table=True):
    __tablename__ = "trace"
    __table_args__ = (
        Index("ix_trace_project_timestamp", "project_id", "timestamp", "id"),
        Index("ix_trace_project_session", "project_id", "session_id", "timestamp"),
        Index("ix_trace_project_user", "project_id", "user_id", "timestamp"),
        # Sorting by cost or latency: each read as two index ranges (values, then nulls).
        Index("ix_trace_project_cost", "project_id", "total_cost", "id"),
        Index("ix_trace_project_latency", "project_id", "latency", "id"),
        # A trace's own commit counts as a git link (the agents' per-commit timeline).
        Index("ix_trace_project_commit", "project_id", "git_commit_sha"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    timestamp: datetime = Field(sa_type=UTCDateTime)
    name: str | None = None
    user_id: str | None = None
    session_id: str | None = None
    release: str | None = None
    version: str | None = None
    environment: str = "default"
    input: Any = Field(default=None, sa_type=JSONType, nullable=True)
    output: Any = Field(default=None, sa_type=JSONType, nullable=True)
    meta: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSONType, sa_column_kwargs={"name": "metadata"}
    )
    tags: list[str] = Field(default_factory=list, sa_type=JSONType)
    public: bool = False
    bookmarked: bool = False
    own_level: str | None = None
    status_message: str | None = None
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    git_commit_sha: str | None = None
    git_branch: str | None = None
    git_repo_url: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    field_times: dict[str, int] = Field(default_factory=dict, sa_type=JSONType)
    # What a list shows of the payloads without reading them (``core/tracing/previews.py``).
    input_preview: str | None = None
    output_preview: str | None = None
    input_bytes: int = Field(default=0, sa_type=BigInteger)
    output_bytes: int = Field(default=0, sa_type=BigInteger)
    metadata_bytes: int = Field(default=0, sa_type=BigInteger)

    # Aggregates over the trace's observations, refreshed by the ingest core.
    start_time: datetime | None = Field(default=None, sa_type=UTCDateTime)
    end_time: datetime | None = Field(default=None, sa_type=UTCDateTime)
    latency: float | None = None
    input_cost: float | None = None
    output_cost: float | None = None
    total_cost: float | None = None
    input_tokens: int = Field(default=0, sa_type=BigInteger)
    output_tokens: int = Field(default=0, sa_type=BigInteger)
    total_tokens: int = Field(default=0, sa_type=BigInteger)
    observation_count: int = 0
    level: str = "DEFAULT"


class Observation(SQLModel, table=True):
    __tablename__ = "observation"
    __table_args__ = (
        Index("ix_observation_project_trace", "project_id", "trace_id", "start_time"),
        Index("ix_observation_project_start", "project_id", "start_time", "id"),
        # Traces by the models of their observations (the trace list's model filter).
        Index("ix_observation_project_model", "project_id", "model", "trace_id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    trace_id: str
    parent_observation_id: str | None = None
    type: str = "SPAN"
    name: str | None = None
    start_time: datetime = Field(sa_type=UTCDateTime)
    end_time: datetime | None = Field(default=None, sa_type=UTCDateTime)
    completion_start_time: datetime | None = Field(default=None, sa_type=UTCDateTime)
    level: str = "DEFAULT"
    status_message: str | None = None
    version: str | None = None
    environment: str = "default"
    input: Any = Field(default=None, sa_type=JSONType, nullable=True)
    output: Any = Field(default=None, sa_type=JSONType, nullable=True)
    meta: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSONType, sa_column_kwargs={"name": "metadata"}
    )
    model: str | None = None
    internal_model: str | None = None
    model_parameters: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    usage_details: dict[str, int] = Field(default_factory=dict, sa_type=JSONType)
    provided_cost_details: dict[str, float] | None = Field(default=None, sa_type=JSONType)
    cost_details: dict[str, float] | None = Field(default=None, sa_type=JSONType)
    input_usage: int = Field(default=0, sa_type=BigInteger)
    output_usage: int = Field(default=0, sa_type=BigInteger)
    total_usage: int = Field(default=0, sa_type=BigInteger)
    input_cost: float | None = None
    output_cost: float | None = None
    total_cost: float | None = None
    prompt_id: str | None = None
    prompt_name: str | None = None
    prompt_version: int | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    field_times: dict[str, int] = Field(default_factory=dict, sa_type=JSONType)
    # The size of each payload's JSON text, so a reader asks for it whole only when small.
    input_bytes: int = Field(default=0, sa_type=BigInteger)
    output_bytes: int = Field(default=0, sa_type=BigInteger)
    metadata_bytes: int = Field(default=0, sa_type=BigInteger)


class Score(SQLModel, table=True):
    __tablename__ = "score"
    __table_args__ = (
        Index("ix_score_project_trace", "project_id", "trace_id"),
        Index("ix_score_project_timestamp", "project_id", "timestamp", "id"),
        Index("ix_score_project_session", "project_id", "session_id"),
        Index("ix_score_project_dataset_run", "project_id", "dataset_run_id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    name: str
    value: float | None = None
    string_value: str | None = None
    data_type: str = "NUMERIC"
    source: str = "API"
    trace_id: str | None = None
    observation_id: str | None = None
    session_id: str | None = None
    dataset_run_id: str | None = None
    comment: str | None = None
    meta: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSONType, sa_column_kwargs={"name": "metadata"}
    )
    config_id: str | None = None
    queue_id: str | None = None
    author_user_id: str | None = None
    environment: str = "default"
    timestamp: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    field_times: dict[str, int] = Field(default_factory=dict, sa_type=JSONType)


class TraceSession(SQLModel, table=True):
    """A session row exists once any trace names it (insert-if-absent, as Langfuse does)."""

    __tablename__ = "trace_session"

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    environment: str = "default"
    bookmarked: bool = False
    public: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime)


class TraceCount(SQLModel, table=True):
    """How many traces a project holds, kept by the ingest core and deletion in the same
    transactions, so an unfiltered trace list counts in O(1) at any size."""

    __tablename__ = "trace_count"

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    traces: int = Field(default=0, sa_type=BigInteger)
