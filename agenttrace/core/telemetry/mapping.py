"""Decoded OTLP spans as the row writes of the ingest core (``core/bodies.py``).

Each span becomes one observation (id = span id), plus a trace write when it is a root or
states trace-level attributes (``trace.py``), plus one EVENT observation per span event
that is neither a GenAI message read into the input or output nor an exception (exceptions
are kept in the observation's metadata), plus the run item of a Langfuse SDK experiment
for a span with ``langfuse.experiment.*`` attributes (``core/datasets/experiments.py``). The bodies go through the same validation and
the same write helpers as batch ingestion, so merge rules, costs and aggregates are the
ones every other write path gets.

Observation metadata holds, besides what the span states as metadata: ``attributes``
(every span attribute no rule used), ``resourceAttributes``, ``scope`` (name, version,
attributes), and when present ``spanKind`` (other than INTERNAL), ``links``,
``exceptions`` and ``experiment``. Keys the client gave win over these on a clash.

A span whose body is invalid is refused alone, with the reason; the others are written.
The time of every write is the span's end: a span is exported once, when it ends, so a
re-sent export changes nothing and a later span's statement about its trace wins. A root
span's own name and IO only fill its trace's when no span has stated them
(``langfuse.trace.name``, ``…input``, ``…output``), whichever arrives first.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError

from agenttrace.core.datasets.experiments import span_record
from agenttrace.core.errors import Invalid
from agenttrace.core.telemetry import generation, metadata
from agenttrace.core.telemetry.attributes import Attributes, text
from agenttrace.core.telemetry.decode import (
    SPAN_KINDS,
    STATUS_ERROR,
    Event,
    Export,
    ResourceSpans,
    Scope,
    Span,
)
from agenttrace.core.telemetry.observation_type import LANGFUSE_SCOPE, observation_type
from agenttrace.core.telemetry.payload import span_payload
from agenttrace.core.telemetry.trace import has_trace_attributes, is_root, trace_fields
from agenttrace.core.time import from_unix_nanos
from agenttrace.core.tracing.ingest.bodies import B, Level, ObservationBody, TraceBody, parse
from agenttrace.core.tracing.ingest.merge import RowWrite
from agenttrace.core.tracing.ingest.records import Write
from agenttrace.core.tracing.ingest.writes import observation_write, trace_write

_LEVEL = TypeAdapter(Level)
_ENVIRONMENTS = ("langfuse.environment", "deployment.environment.name", "deployment.environment")
_ENVIRONMENT_KEYS = frozenset(_ENVIRONMENTS)
_NAME_KEYS = ("gen_ai.tool.name", "logfire.msg", "ai.toolCall.name")
_EXCEPTION = "exception"
_MAJOR = re.compile(r"\d+")
_ROOT_DEFAULTS = ("name", "input", "output")
# Spans mapped between two yields to the event loop (about 2 ms of work).
MAP_SLICE = 32


@dataclass(slots=True)
class MappedExport:
    writes: list[Write] = field(default_factory=list)
    # For each write, the position of the span it came from among the mapped spans.
    owners: list[int] = field(default_factory=list)
    mapped: int = 0
    # Why each refused span was refused.
    rejected: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Source:
    """What the spans of one instrumentation scope share."""

    resource: dict[str, Any]
    environment: str | None
    trace_metadata: dict[str, Any]
    scope: Scope
    scope_metadata: dict[str, Any]
    json_metadata: bool


async def map_export(
    export: Export, *, project_id: str, received_at: datetime, json_metadata: bool
) -> MappedExport:
    """``json_metadata``: the client said it JSON-encodes metadata values (Langfuse SDK v5's
    ingestion version 4); the Langfuse SDK's scope version says so too when headers were lost.

    Mapping is pure CPU work: in the server process it yields to the event loop every
    ``MAP_SLICE`` spans, so the ingest writer, waiting on the database for other requests,
    resumes promptly instead of queueing behind a whole export being mapped."""
    mapped = MappedExport(rejected=list(export.rejected))
    for _ in _mapping(mapped, export, project_id, received_at, json_metadata):
        await asyncio.sleep(0)
    return mapped


def map_export_at_once(
    export: Export, *, project_id: str, received_at: datetime, json_metadata: bool
) -> MappedExport:
    """``map_export`` without the pauses, where no event loop waits (``processes.py``)."""
    mapped = MappedExport(rejected=list(export.rejected))
    for _ in _mapping(mapped, export, project_id, received_at, json_metadata):
        pass
    return mapped


def _mapping(
    mapped: MappedExport,
    export: Export,
    project_id: str,
    received_at: datetime,
    json_metadata: bool,
) -> Iterator[None]:
    """The one mapping, into ``mapped``; it pauses (yields) every ``MAP_SLICE`` spans, and
    its two drivers above decide what a pause is."""
    seen = 0
    for resource in export.resource_spans:
        for scope_spans in resource.scope_spans:
            source = _source(resource, scope_spans.scope, json_metadata)
            for span in scope_spans.spans:
                seen += 1
                if seen % MAP_SLICE == 0:
                    yield
                try:
                    writes = _span_writes(span, source, project_id, received_at)
                except Invalid as exc:
                    mapped.rejected.append(f"span {span.span_id} ({span.name!r}): {exc.message}")
                    continue
                mapped.writes += writes
                mapped.owners += [mapped.mapped] * len(writes)
                mapped.mapped += 1


def _source(resource: ResourceSpans, scope: Scope, json_metadata: bool) -> _Source:
    major = _MAJOR.match(scope.version)
    encoded = json_metadata or (
        scope.name == LANGFUSE_SCOPE and major is not None and int(major[0]) >= 5
    )
    environment = next(
        (resource.attributes[k] for k in _ENVIRONMENTS if resource.attributes.get(k)), None
    )
    return _Source(
        resource=resource.attributes,
        environment=None if environment is None else text(environment),
        trace_metadata=metadata.stated_metadata(
            Attributes(resource.attributes), "trace", json_encoded=encoded
        ),
        scope=scope,
        scope_metadata={
            "name": scope.name,
            "version": scope.version,
            "attributes": scope.attributes,
        },
        json_metadata=encoded,
    )


def _body(model: type[B], fields: dict[str, Any]) -> B:
    """The validated body of the fields given (validating absent ones costs time, not safety)."""
    return parse(model, {name: value for name, value in fields.items() if value is not None})


def _name(attributes: Attributes, span_name: str) -> str:
    """A GenAI tool's name, Logfire's message, a Vercel tool call's name or operation (with
    its telemetry function id), else the span name."""
    value = attributes.first(_NAME_KEYS)
    if value is not None:
        return text(value)
    operation = attributes.take("ai.operationId")
    if operation is not None:
        function = attributes.take("ai.telemetry.functionId")
        return f"{function}:{operation}" if function is not None else text(operation)
    return span_name


def _level(attributes: Attributes, span: Span) -> str:
    """``langfuse.observation.level`` (aliases accepted, unknown values ignored), else ERROR
    for an error status, else DEFAULT."""
    given = attributes.get("langfuse.observation.level")
    if given is not None:
        try:
            level: str = _LEVEL.validate_python(given)
        except ValidationError:
            pass
        else:
            attributes.use("langfuse.observation.level")
            return level
    return "ERROR" if span.status_code == STATUS_ERROR else "DEFAULT"


def _exception(event: Event) -> dict[str, Any]:
    details = {key.removeprefix("exception."): value for key, value in event.attributes.items()}
    moment = from_unix_nanos(event.time_ns)
    return details if moment is None else {**details, "time": moment.isoformat()}


def _environment(attributes: Attributes, source: _Source) -> str | None:
    """Key by key, the span's value, else the resource's."""
    if attributes.has_none(_ENVIRONMENT_KEYS):
        return source.environment
    for key in _ENVIRONMENTS:
        value = attributes.take(key) or source.resource.get(key)
        if value:
            return text(value)
    return None


def _span_writes(span: Span, source: _Source, project_id: str, now: datetime) -> list[Write]:
    attributes = Attributes(span.attributes)
    start = from_unix_nanos(span.start_ns) or from_unix_nanos(span.end_ns) or now
    end = from_unix_nanos(span.end_ns) or start
    kind = observation_type(attributes, source.scope)
    payload = span_payload(attributes, span.events)
    exceptions = [
        _exception(e)
        for i, e in enumerate(span.events)
        if e.name == _EXCEPTION and i not in payload.events
    ]
    level = _level(attributes, span)
    status_message = attributes.take("langfuse.observation.status_message") or (
        span.status_message or None
    )
    if status_message is None and level == "ERROR" and exceptions:
        first = exceptions[0]
        status_message = ": ".join(str(first[k]) for k in ("type", "message") if k in first) or None
    version = attributes.take("langfuse.version") or source.resource.get("service.version")
    environment = _environment(attributes, source)
    observation: dict[str, Any] = {
        "trace_id": span.trace_id,
        "parent_observation_id": span.parent_span_id,
        "name": _name(attributes, span.name),
        "start_time": start,
        "end_time": end,
        "level": level,
        "status_message": status_message,
        "version": None if version is None else text(version),
        "environment": environment,
        "input": payload.input,
        "output": payload.output,
    }
    if generation.counts_model_call(attributes):
        observation.update(
            model=generation.model_name(attributes),
            model_parameters=generation.model_parameters(attributes),
            usage_details=generation.usage_details(attributes),
            cost_details=generation.cost_details(attributes),
            completion_start_time=generation.completion_start_time(attributes, start),
        )
    if kind == "GENERATION" and (prompt := generation.prompt(attributes)) is not None:
        observation["prompt_name"], observation["prompt_version"] = prompt

    root = is_root(attributes, span.parent_span_id)
    trace = (
        _trace(attributes, source, observation)
        if root or has_trace_attributes(attributes)
        else None
    )
    experiment = metadata.experiment(attributes)
    observation["metadata"] = _observation_metadata(
        attributes, span, source, exceptions, experiment
    )
    writes: list[Write] = [
        observation_write(
            _body(ObservationBody, observation),
            project_id=project_id,
            observation_id=span.span_id,
            event_at=end,
            type=kind,
            is_update=False,
        )
    ]
    if trace is not None:
        # A root's own name and IO stand in for its trace's until a span states them.
        defaults = {k: observation[k] for k in _ROOT_DEFAULTS if root and k not in trace}
        writes.append(
            trace_write(
                _body(TraceBody, {**trace, **defaults}),
                project_id=project_id,
                trace_id=span.trace_id,
                event_at=end,
                fill=defaults.keys(),
            )
        )
    writes += _event_writes(span, observation, payload.events, project_id, end)
    run_item = span_record(experiment, project_id=project_id, trace_id=span.trace_id, event_at=end)
    if run_item is not None:
        writes.append(run_item)
    return writes


def _trace(attributes: Attributes, source: _Source, observation: dict[str, Any]) -> dict[str, Any]:
    """The trace body of what a span states about its trace."""
    release = attributes.take("langfuse.release") or source.resource.get("langfuse.release")
    return {
        "timestamp": observation["start_time"],
        "environment": observation["environment"],
        "version": observation["version"],
        "release": None if release is None else text(release),
        "metadata": {
            "resourceAttributes": source.resource,
            "scope": source.scope_metadata,
            **source.trace_metadata,
            **metadata.stated_metadata(attributes, "trace", json_encoded=source.json_metadata),
        },
        **trace_fields(attributes),
    }


def _observation_metadata(
    attributes: Attributes,
    span: Span,
    source: _Source,
    exceptions: list[dict[str, Any]],
    experiment: Any,
) -> dict[str, Any]:
    stated = metadata.stated_metadata(attributes, "observation", json_encoded=source.json_metadata)
    context: dict[str, Any] = {
        "resourceAttributes": source.resource,
        "scope": source.scope_metadata,
    }
    if span.kind > 1:
        context["spanKind"] = SPAN_KINDS[span.kind] if span.kind < len(SPAN_KINDS) else span.kind
    if span.links:
        context["links"] = [
            {"traceId": link.trace_id, "spanId": link.span_id, "attributes": link.attributes}
            for link in span.links
        ]
    if exceptions:
        context["exceptions"] = exceptions
    if experiment is not None:
        context["experiment"] = experiment
    unused = attributes.unused()
    if unused:
        context["attributes"] = unused
    return {**context, **stated}


def _event_writes(
    span: Span, observation: dict[str, Any], read: set[int], project_id: str, end: datetime
) -> list[RowWrite]:
    """Span events other than exceptions and GenAI messages, as EVENT observations under
    the span; their ids (``<span id>-event-<position>``) make a re-sent export a no-op."""
    writes = []
    for position, event in enumerate(span.events):
        if position in read or event.name == _EXCEPTION:
            continue
        moment = from_unix_nanos(event.time_ns) or observation["start_time"]
        body = {
            "trace_id": span.trace_id,
            "parent_observation_id": span.span_id,
            "name": event.name,
            "start_time": moment,
            "environment": observation["environment"],
            "metadata": {"attributes": event.attributes} if event.attributes else None,
        }
        writes.append(
            observation_write(
                _body(ObservationBody, body),
                project_id=project_id,
                observation_id=f"{span.span_id}-event-{position}",
                event_at=end,
                type="EVENT",
                is_update=False,
            )
        )
    return writes
