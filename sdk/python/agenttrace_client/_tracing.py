"""Traces, observations and scores as handles, sent as ingestion events.

A handle made by the API (``client.trace()``, ``trace.span()``) is sent at once and each
``update``/``end`` sends what changed: the server merges events of one id. A *deferred*
handle (``@observe``'s) collects its fields and is sent once, when it ends, in one event.
Used as a context manager, a handle is the current trace or observation inside the block
and ends when it exits (at level ERROR when the block raised).
"""

from __future__ import annotations

from contextvars import Token
from typing import TYPE_CHECKING, Any, Self

from typing_extensions import Unpack

from agenttrace_client import _context
from agenttrace_client._data import compact, jsonable, new_uuid, now, observation_id, trace_id
from agenttrace_client._fields import ObservationFields, TraceFields, body_of

if TYPE_CHECKING:
    from agenttrace_client._core import ClientCore

CREATE = {"SPAN": "span-create", "GENERATION": "generation-create", "EVENT": "event-create"}
UPDATE = {"SPAN": "span-update", "GENERATION": "generation-update"}
TYPES = frozenset(
    {"SPAN", "GENERATION", "EVENT", "AGENT", "TOOL", "CHAIN", "RETRIEVER", "EVALUATOR",
     "EMBEDDING", "GUARDRAIL"}
)  # fmt: skip


def observation_type(value: str) -> str:
    upper = value.upper()
    if upper not in TYPES:
        raise ValueError(f"unknown observation type {value!r}: one of {', '.join(sorted(TYPES))}")
    return upper


class _Scoring:
    client: ClientCore
    trace_id: str
    _observation_id: str | None = None

    def score(
        self,
        name: str,
        value: float | bool | str,
        *,
        comment: str | None = None,
        data_type: str | None = None,
        metadata: dict[str, Any] | None = None,
        id: str | None = None,
    ) -> str:
        """Score this trace or observation; answers the score's id."""
        return send_score(
            self.client, name, value, trace_id=self.trace_id,
            observation_id=self._observation_id, comment=comment, data_type=data_type,
            metadata=metadata, id=id,
        )  # fmt: skip


class _Parent(_Scoring):
    def span(self, name: str | None = None, **fields: Unpack[ObservationFields]) -> Observation:
        return self.observation("SPAN", name, **fields)

    def generation(
        self, name: str | None = None, **fields: Unpack[ObservationFields]
    ) -> Observation:
        return self.observation("GENERATION", name, **fields)

    def event(self, name: str | None = None, **fields: Unpack[ObservationFields]) -> Observation:
        """A point in time: sent once, complete."""
        return self.observation("EVENT", name, **fields)

    def observation(
        self, type: str, name: str | None = None, **fields: Unpack[ObservationFields]
    ) -> Observation:
        """A child of any type (``tool``, ``agent``, ``retriever`` …), started now."""
        return start_observation(
            self.client, observation_type(type), self.trace_id, self._observation_id,
            name=name, **fields,
        )  # fmt: skip


class Trace(_Parent):
    """A trace: ``id`` is 32 hex characters unless given."""

    def __init__(self, client: ClientCore, id: str, *, pending: dict[str, Any] | None = None):
        self.client = client
        self.id = self.trace_id = id
        self._pending = pending  # deferred: the body sent at ``end``
        self._tokens: list[Token[Any]] = []

    def update(self, name: str | None = None, **fields: Unpack[TraceFields]) -> Self:
        body = body_of({"name": name, **fields})
        if self._pending is not None:
            self._pending.update(body)
        else:
            self.client._enqueue("trace-create", {"id": self.id, **body})
        return self

    def end(self, **fields: Unpack[TraceFields]) -> None:
        """Send a deferred trace (others have nothing left to send but these fields)."""
        pending, self._pending = self._pending, None
        body = {**(pending or {}), **body_of(fields)}
        if pending is not None or len(body) > 0:
            self.client._enqueue("trace-create", {"id": self.id, **body})

    def __enter__(self) -> Self:
        self._tokens = [_context.current_trace.set(self), _context.current_observation.set(None)]
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _: Any) -> None:
        _context.current_observation.reset(self._tokens[1])
        _context.current_trace.reset(self._tokens[0])
        if exc is not None:
            self.end(level="ERROR", status_message=f"{type(exc).__name__}: {exc}")
        else:
            self.end()


class Observation(_Parent):
    """A span, generation, event or another type: ``id`` is 16 hex characters unless given."""

    def __init__(
        self, client: ClientCore, type: str, trace_id: str, body: dict[str, Any], *, deferred: bool
    ) -> None:
        self.client = client
        self.type = type
        self.trace_id = trace_id
        self.id = self._observation_id = body["id"]
        self._body = body if deferred else None  # deferred: everything, sent at ``end``
        self._tokens: list[Token[Any]] = []
        self.ended = False
        if not deferred:
            self.client._enqueue(CREATE.get(type, "observation-create"), body)

    @property
    def trace(self) -> Trace:
        return Trace(self.client, self.trace_id)

    def update(self, name: str | None = None, **fields: Unpack[ObservationFields]) -> Self:
        self._send(body_of({"name": name, **fields}))
        return self

    def end(self, **fields: Unpack[ObservationFields]) -> None:
        """Set the end time (now unless given) and any last fields; once."""
        if self.ended:
            return
        self.ended = True
        body = body_of(fields)
        body.setdefault("endTime", now())
        self._send(body)

    def fail(self, error: BaseException) -> None:
        """End at level ERROR with the exception as the status message."""
        self.end(level="ERROR", status_message=f"{type(error).__name__}: {error}")

    def _send(self, body: dict[str, Any]) -> None:
        if self._body is not None:
            self._body.update(body)
            if self.ended:
                self.client._enqueue(CREATE.get(self.type, "observation-create"), self._body)
            return
        event = UPDATE.get(self.type, "observation-update")
        self.client._enqueue(
            event, {"id": self.id, "traceId": self.trace_id, "type": self.type, **body}
        )

    def __enter__(self) -> Self:
        self._tokens = [
            _context.current_trace.set(self.trace),
            _context.current_observation.set(self),
        ]
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _: Any) -> None:
        _context.current_observation.reset(self._tokens[1])
        _context.current_trace.reset(self._tokens[0])
        if exc is not None:
            self.fail(exc)
        else:
            self.end()


def start_observation(
    client: ClientCore,
    type: str,
    trace: str,
    parent: str | None,
    *,
    name: str | None = None,
    id: str | None = None,
    deferred: bool = False,
    **fields: Any,
) -> Observation:
    body = body_of(fields)
    body.setdefault("startTime", now())
    if type == "EVENT":
        deferred = False
    body = {
        "id": id or observation_id(), "traceId": trace, "type": type, "name": name,
        "parentObservationId": parent, **body,
    }  # fmt: skip
    return Observation(client, type, trace, compact(body), deferred=deferred)


def new_trace(
    client: ClientCore, *, id: str | None = None, deferred: bool = False, **fields: Any
) -> Trace:
    body = {"id": id or trace_id(), "timestamp": now(), **body_of(fields)}
    if deferred:
        return Trace(client, body["id"], pending=body)
    client._enqueue("trace-create", body)
    return Trace(client, body["id"])


def send_score(
    client: ClientCore,
    name: str,
    value: float | bool | str,
    *,
    trace_id: str | None,
    observation_id: str | None = None,
    session_id: str | None = None,
    comment: str | None = None,
    data_type: str | None = None,
    metadata: dict[str, Any] | None = None,
    id: str | None = None,
) -> str:
    score_id = id or new_uuid()
    body = {
        "id": score_id, "name": name, "traceId": trace_id, "observationId": observation_id,
        "sessionId": session_id, "comment": comment, "dataType": data_type,
        "metadata": jsonable(metadata), "timestamp": now(),
    }  # fmt: skip
    body["value"] = value  # the server infers the data type: number, boolean or label
    client._enqueue("score-create", compact(body))
    return score_id
