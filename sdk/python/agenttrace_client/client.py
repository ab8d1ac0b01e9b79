"""``AgentTrace``, the client: tracing, prompts and agent records over one batcher; and the
process's default client, made from the environment on first use."""

from __future__ import annotations

import threading
from typing import Any

from typing_extensions import Unpack

from agenttrace_client import _context
from agenttrace_client._core import ClientOptions
from agenttrace_client._fields import ObservationFields, TraceFields
from agenttrace_client._tracing import (
    Observation,
    Trace,
    new_trace,
    observation_type,
    send_score,
    start_observation,
)
from agenttrace_client.agents import AgentsMixin
from agenttrace_client.prompts import PromptsMixin


class AgentTrace(PromptsMixin, AgentsMixin):
    """``AgentTrace()`` reads ``AGENTTRACE_*``; arguments win. Never raises into the
    caller's code (problems are logged and counted in ``stats()``) unless ``strict=True``."""

    def __init__(self, **options: Unpack[ClientOptions]) -> None:
        super().__init__(**options)
        self._prompt_cache = {}
        self._prompt_lock = threading.Lock()
        self._sent_contents = set()

    def trace(
        self, name: str | None = None, *, id: str | None = None, **fields: Unpack[TraceFields]
    ) -> Trace:
        """Start (or, with an existing ``id``, add to) a trace; sent now."""
        return new_trace(self, id=id, name=name, **fields)

    def span(self, name: str | None = None, **fields: Unpack[ObservationFields]) -> Observation:
        return self.observation("SPAN", name, **fields)

    def generation(
        self, name: str | None = None, **fields: Unpack[ObservationFields]
    ) -> Observation:
        return self.observation("GENERATION", name, **fields)

    def event(self, name: str | None = None, **fields: Unpack[ObservationFields]) -> Observation:
        return self.observation("EVENT", name, **fields)

    def observation(
        self, type: str, name: str | None = None, *, trace_id: str | None = None,
        parent_observation_id: str | None = None, **fields: Unpack[ObservationFields],
    ) -> Observation:  # fmt: skip
        """An observation of the current trace (under the current observation), else of a
        new trace named after it."""
        kind = observation_type(type)
        if trace_id is None:
            trace_id, parent_observation_id = self._target(
                None, parent_observation_id, name or kind.lower()
            )
        return start_observation(self, kind, trace_id, parent_observation_id, name=name, **fields)

    def score(
        self, name: str, value: float | bool | str, *, trace_id: str | None = None,
        observation_id: str | None = None, session_id: str | None = None, comment: str | None = None,
        data_type: str | None = None, metadata: dict[str, Any] | None = None, id: str | None = None,
    ) -> str:  # fmt: skip
        """Score a trace, an observation or a session; by default the current observation
        (or trace). Answers the score's id."""
        if trace_id is None and session_id is None:
            observation = _context.current_observation.get()
            current = _context.current_trace.get()
            if observation is not None:
                trace_id, observation_id = observation.trace_id, observation_id or observation.id
            elif current is not None:
                trace_id = current.id
        return send_score(
            self, name, value, trace_id=trace_id, observation_id=observation_id, session_id=session_id,
            comment=comment, data_type=data_type, metadata=metadata, id=id,
        )  # fmt: skip


_default: AgentTrace | None = None
_default_lock = threading.Lock()


def get_client() -> AgentTrace:
    """The process's client, made from the environment on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = AgentTrace()
    return _default


def configure(**options: Unpack[ClientOptions]) -> AgentTrace:
    """Replace the process's client (the old one is flushed and shut down)."""
    global _default
    with _default_lock:
        old, _default = _default, AgentTrace(**options)
    if old is not None:
        old.shutdown()
    return _default
