"""Prompts, their versions and their labels.

A prompt is a name (folders are ``/`` in it) with a type and tags shared by all its
versions; each version holds its body (a string, or a list of chat messages) and config.
A label sits on one version at a time: ``prompt_label`` is keyed by (prompt, label), so the
schema itself forbids a label on two versions. ``latest`` is never stored: it is the newest
version, derived on read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from agenttrace.db.types import JSONType, UTCDateTime


class Prompt(SQLModel, table=True):
    __tablename__ = "prompt"
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_prompt_project_name"),)

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    name: str
    type: str = "text"
    tags: list[str] = Field(default_factory=list, sa_type=JSONType)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class PromptVersion(SQLModel, table=True):
    __tablename__ = "prompt_version"
    __table_args__ = (
        UniqueConstraint(
            "project_id", "prompt_id", "version", name="uq_prompt_version_project_prompt_version"
        ),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(primary_key=True)
    prompt_id: str
    version: int
    prompt: Any = Field(sa_type=JSONType)
    config: Any = Field(default=None, sa_type=JSONType, nullable=True)
    commit_message: str | None = None
    created_by: str = "API"
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class PromptLabel(SQLModel, table=True):
    __tablename__ = "prompt_label"
    __table_args__ = (
        Index("ix_prompt_label_project_prompt_version", "project_id", "prompt_id", "version"),
    )

    project_id: str = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    prompt_id: str = Field(primary_key=True)
    label: str = Field(primary_key=True)
    version: int
    created_at: datetime = Field(sa_type=UTCDateTime)
