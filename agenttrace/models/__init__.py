"""SQLModel tables, one module per area. Importing this package registers every table."""

from __future__ import annotations

from agenttrace.models.agents import (
    Checkpoint,
    CheckpointBlob,
    CiRun,
    CiRunTrace,
    FileOperation,
    GitLink,
    TerminalCommand,
)
from agenttrace.models.pricing import ModelPrice
from agenttrace.models.tenancy import ApiKey, Organization, Project
from agenttrace.models.tracing import Observation, Score, Trace, TraceCount, TraceSession

__all__ = [
    "ApiKey",
    "Checkpoint",
    "CheckpointBlob",
    "CiRun",
    "CiRunTrace",
    "FileOperation",
    "GitLink",
    "ModelPrice",
    "Observation",
    "Organization",
    "Project",
    "Score",
    "TerminalCommand",
    "Trace",
    "TraceCount",
    "TraceSession",
]
