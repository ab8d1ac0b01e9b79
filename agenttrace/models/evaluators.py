"""Evaluators, the project's evaluator templates, and the outcome of every evaluator
checked on a trace or observation.

``enabled`` is what the user asked for; ``status`` (``active`` or ``paused`` with
``status_reason``) is what actually runs: an unrecoverable judge error pauses an enabled
evaluator, and says why. ``evaluation_outcome`` keeps what each evaluation job made of its subject (scored, failed,
mapping missing, skipped), one row per (evaluator, subject); ``evaluator_check_count``
counts the subjects ingestion checked and did not queue (filtered out, sampled out), one
row per (evaluator, outcome), so matching writes a few counters per batch rather than a
row per trace. Why one trace was filtered or sampled out is derived when it is read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from agenttrace.db.types import JSONType, UTCDateTime


class Evaluator(SQLModel, table=True):
    __tablename__ = "evaluator"
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_evaluator_project_name"),)

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    name: str
    description: str | None = None
    type: str  # llm_as_judge, rule
    config: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    template_id: str | None = None
    prompt: str | None = None
    variable_mapping: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    target: str = "trace"  # trace, observation, dataset_run
    filter: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    sampling: float = 1.0
    score_name: str
    score_data_type: str = "NUMERIC"
    score_categories: list[str] | None = Field(default=None, sa_type=JSONType)
    enabled: bool = True
    status: str = "active"  # active, paused
    status_reason: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class EvaluatorTemplate(SQLModel, table=True):
    """A project's own templates; the built-in ones live in code (``core/evaluators``)."""

    __tablename__ = "evaluator_template"
    __table_args__ = (
        UniqueConstraint("project_id", "name", name="uq_evaluator_template_project_name"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    name: str
    description: str | None = None
    prompt: str
    score_data_type: str = "NUMERIC"
    score_categories: list[str] | None = Field(default=None, sa_type=JSONType)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class EvaluationOutcome(SQLModel, table=True):
    __tablename__ = "evaluation_outcome"
    __table_args__ = (
        Index("ix_evaluation_outcome_project_evaluator", "project_id", "evaluator_id", "outcome"),
        Index("ix_evaluation_outcome_project_trace", "project_id", "trace_id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    evaluator_id: str = Field(primary_key=True)
    # The subject: a trace, an observation ("trace_id/observation_id") or a run item.
    subject: str = Field(primary_key=True)
    trace_id: str | None = None
    observation_id: str | None = None
    outcome: str  # scored, failed, mapping_missing, skipped
    reason: str | None = None
    job_id: str | None = None
    score_id: str | None = None
    score_value: float | None = None
    updated_at: datetime = Field(sa_type=UTCDateTime)


class EvaluatorCheckCount(SQLModel, table=True):
    __tablename__ = "evaluator_check_count"

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    evaluator_id: str = Field(primary_key=True)
    outcome: str = Field(primary_key=True)  # filtered_out, sampled_out
    count: int = Field(default=0, sa_type=BigInteger)
