"""Datasets, their items, runs (experiments) and run items.

A run's id is derived from (project, dataset, run name) when it has a dataset
(``core/datasets/ids.py``), the id the Langfuse SDK 5.x derives, so every path that names a
run lands on one row. A run without a dataset (a local-data experiment) keeps the id its
client gave. Run items link an item to the trace (and observation) that ran it; their
``dataset_item_id`` is not a foreign key, since a local-data experiment's items are hashes
of their input and exist nowhere else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from agenttrace.db.types import JSONType, UTCDateTime


class Dataset(SQLModel, table=True):
    __tablename__ = "dataset"
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_dataset_project_name"),)

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    name: str
    description: str | None = None
    meta: Any = Field(
        default=None, sa_type=JSONType, nullable=True, sa_column_kwargs={"name": "metadata"}
    )
    input_schema: Any = Field(default=None, sa_type=JSONType, nullable=True)
    expected_output_schema: Any = Field(default=None, sa_type=JSONType, nullable=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class DatasetItem(SQLModel, table=True):
    __tablename__ = "dataset_item"
    __table_args__ = (
        Index(
            "ix_dataset_item_project_dataset_created",
            "project_id",
            "dataset_id",
            "created_at",
            "id",
        ),
        Index("ix_dataset_item_project_source_trace", "project_id", "source_trace_id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    dataset_id: str
    input: Any = Field(default=None, sa_type=JSONType, nullable=True)
    expected_output: Any = Field(default=None, sa_type=JSONType, nullable=True)
    meta: Any = Field(
        default=None, sa_type=JSONType, nullable=True, sa_column_kwargs={"name": "metadata"}
    )
    source_trace_id: str | None = None
    source_observation_id: str | None = None
    status: str = "ACTIVE"
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class DatasetRun(SQLModel, table=True):
    __tablename__ = "dataset_run"
    __table_args__ = (
        UniqueConstraint(
            "project_id", "dataset_id", "name", name="uq_dataset_run_project_dataset_name"
        ),
        Index("ix_dataset_run_project_created", "project_id", "created_at", "id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    dataset_id: str | None = None
    name: str
    description: str | None = None
    meta: Any = Field(
        default=None, sa_type=JSONType, nullable=True, sa_column_kwargs={"name": "metadata"}
    )
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class DatasetRunItem(SQLModel, table=True):
    __tablename__ = "dataset_run_item"
    __table_args__ = (
        Index("ix_dataset_run_item_project_run", "project_id", "run_id", "created_at", "id"),
        Index("ix_dataset_run_item_project_trace", "project_id", "trace_id"),
        Index("ix_dataset_run_item_project_item", "project_id", "dataset_item_id"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    run_id: str
    dataset_item_id: str | None = None
    trace_id: str
    observation_id: str | None = None
    dataset_item_version: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expected_output: Any = Field(default=None, sa_type=JSONType, nullable=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
