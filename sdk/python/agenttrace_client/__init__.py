"""AgentTrace's Python client: tracing, prompts and coding-agent records.

    from agenttrace_client import observe, get_client

    @observe
    def answer(question: str) -> str: ...

Settings come from ``AGENTTRACE_API_URL``, ``AGENTTRACE_API_KEY`` (or
``AGENTTRACE_PUBLIC_KEY`` + ``AGENTTRACE_SECRET_KEY``); see README.md.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from agenttrace_client._context import get_current_observation, get_current_trace
from agenttrace_client._delivery import Rejection
from agenttrace_client._fields import ObservationFields, TraceFields
from agenttrace_client._observe import observe
from agenttrace_client._stats import Stats
from agenttrace_client._tracing import Observation, Trace
from agenttrace_client.agents import CiRun, CommandResult, FileOp
from agenttrace_client.client import AgentTrace, configure, get_client
from agenttrace_client.errors import (
    AgentTraceError,
    ApiError,
    ConfigurationError,
    NotAgentTrace,
    Unreachable,
)
from agenttrace_client.prompts import Prompt


def trace(
    name: str | None = None, *, id: str | None = None, **fields: Unpack[TraceFields]
) -> Trace:
    return get_client().trace(name, id=id, **fields)


def span(name: str | None = None, **fields: Unpack[ObservationFields]) -> Observation:
    return get_client().span(name, **fields)


def generation(name: str | None = None, **fields: Unpack[ObservationFields]) -> Observation:
    return get_client().generation(name, **fields)


def event(name: str | None = None, **fields: Unpack[ObservationFields]) -> Observation:
    return get_client().event(name, **fields)


def score(name: str, value: float | bool | str, **options: Any) -> str:
    return get_client().score(name, value, **options)


def flush(timeout: float | None = None) -> bool:
    return get_client().flush(timeout)


__all__ = [
    "AgentTrace", "AgentTraceError", "ApiError", "CiRun", "CommandResult", "ConfigurationError",
    "FileOp", "NotAgentTrace", "Observation", "Prompt", "Rejection", "Stats", "Trace",
    "Unreachable", "configure", "event", "flush", "generation", "get_client",
    "get_current_observation", "get_current_trace", "observe", "score", "span", "trace",
]  # fmt: skip
