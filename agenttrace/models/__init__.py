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
from agenttrace.models.datasets import Dataset, DatasetItem, DatasetRun, DatasetRunItem
from agenttrace.models.evaluators import (
    EvaluationOutcome,
    Evaluator,
    EvaluatorCheckCount,
    EvaluatorTemplate,
)
from agenttrace.models.jobs import Job
from agenttrace.models.metrics import MetricPoint
from agenttrace.models.pricing import ModelPrice
from agenttrace.models.prompts import Prompt, PromptLabel, PromptVersion
from agenttrace.models.tenancy import ApiKey, Organization, Project
from agenttrace.models.tracing import Observation, Score, Trace, TraceCount, TraceSession

__all__ = [
    "ApiKey",
    "Checkpoint",
    "CheckpointBlob",
    "CiRun",
    "CiRunTrace",
    "Dataset",
    "DatasetItem",
    "DatasetRun",
    "DatasetRunItem",
    "EvaluationOutcome",
    "Evaluator",
    "EvaluatorCheckCount",
    "EvaluatorTemplate",
    "FileOperation",
    "GitLink",
    "Job",
    "MetricPoint",
    "ModelPrice",
    "Observation",
    "Organization",
    "Project",
    "Prompt",
    "PromptLabel",
    "PromptVersion",
    "Score",
    "TerminalCommand",
    "Trace",
    "TraceCount",
    "TraceSession",
]
