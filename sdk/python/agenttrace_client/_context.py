"""The current trace and observation of this thread or task (``contextvars``), so nested
calls find their parent without being handed it."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agenttrace_client._tracing import Observation, Trace

current_trace: ContextVar[Trace | None] = ContextVar("agenttrace_trace", default=None)
current_observation: ContextVar[Observation | None] = ContextVar(
    "agenttrace_observation", default=None
)


def get_current_trace() -> Trace | None:
    return current_trace.get()


def get_current_observation() -> Observation | None:
    return current_observation.get()
