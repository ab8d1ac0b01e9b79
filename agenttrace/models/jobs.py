"""The durable job queue of the core (``core/jobs``): one row per job, whatever its kind.

A job is claimed by a worker under a lease (``locked_until``, ``worker_id``); a lease that
runs out puts the job back in the queue, so a job whose worker died runs again. Every
attempt's error is kept in ``errors``; only the last failure makes a job ``failed``.
A producer that gives its jobs stable ids queues one job per subject (an evaluator on a
trace) and pushes its start back while the subject keeps changing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from agenttrace.db.types import JSONType, UTCDateTime


class Job(SQLModel, table=True):
    __tablename__ = "job"
    __table_args__ = (
        Index("ix_job_status_run_after", "status", "run_after"),
        Index("ix_job_project_kind_created", "project_id", "kind", "created_at", "id"),
        Index("ix_job_project_subject", "project_id", "subject_id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    kind: str
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    status: str = "pending"  # pending, running, completed, failed, skipped
    attempts: int = 0
    max_attempts: int = 5
    run_after: datetime = Field(sa_type=UTCDateTime)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    worker_id: str | None = None
    last_error: str | None = None
    errors: list[Any] = Field(default_factory=list, sa_type=JSONType)
    # What the job is about, for filters (an evaluator's job: its evaluator and trace).
    owner_id: str | None = None
    subject_id: str | None = None
    result: Any = Field(default=None, sa_type=JSONType, nullable=True)
    usage: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    cost: float | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
