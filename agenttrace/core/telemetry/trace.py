"""Trace-level attributes: who, which session, tags, visibility, name, IO and metadata of
the trace a span belongs to, and whether the span writes its trace at all.

A span writes its trace when it is a root (no parent, or the Langfuse SDK's
``langfuse.internal.as_root``) or when it carries trace-level attributes (the Langfuse SDK
v5 copies them onto every span). A root gives every field it can, its own name and IO
included; any other span gives only what it says about the trace. Spans that do neither
still reach their trace: the ingest core creates a trace for an observation of an unknown
one.
"""

from __future__ import annotations

from typing import Any

from agenttrace.core.telemetry.attributes import Attributes, json_value, tags, text

USER_IDS = (
    "langfuse.user.id",
    "user.id",
    "langfuse.observation.metadata.langfuse_user_id",
    "langfuse.trace.metadata.langfuse_user_id",
    "ai.telemetry.metadata.userId",
)
SESSION_IDS = (
    "langfuse.session.id",
    "session.id",
    "gen_ai.conversation.id",
    "langfuse.observation.metadata.langfuse_session_id",
    "langfuse.trace.metadata.langfuse_session_id",
    "ai.telemetry.metadata.sessionId",
)
TAGS = (
    "langfuse.trace.tags",
    "langfuse.tags",
    "langfuse.observation.metadata.langfuse_tags",
    "langfuse.trace.metadata.langfuse_tags",
    "ai.telemetry.metadata.tags",
    "tag.tags",
)
PUBLIC = ("langfuse.trace.public", "langfuse.public")
_TRACE_KEYS = (
    "langfuse.trace.name",
    "langfuse.trace.input",
    "langfuse.trace.output",
    "langfuse.trace.metadata",
    *USER_IDS,
    *SESSION_IDS,
    *TAGS,
    *PUBLIC,
)
_TRACE_KEY_SET = frozenset(_TRACE_KEYS)
AS_ROOT = "langfuse.internal.as_root"


def is_root(attributes: Attributes, parent_span_id: str | None) -> bool:
    forced = attributes.take(AS_ROOT)
    return parent_span_id is None or forced is True or forced == "true"


def has_trace_attributes(attributes: Attributes) -> bool:
    return (not attributes.has_none(_TRACE_KEY_SET) and attributes.has_any(_TRACE_KEYS)) or bool(
        attributes.under("langfuse.trace.metadata")
    )


def _public(value: Any) -> bool | None:
    if value is None:
        return None
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def trace_fields(attributes: Attributes) -> dict[str, Any]:
    """The trace fields this span states (TraceBody names), its metadata excepted."""
    user_id, session_id = attributes.first(USER_IDS), attributes.first(SESSION_IDS)
    fields = {
        "name": attributes.take("langfuse.trace.name"),
        "user_id": None if user_id is None else text(user_id),
        "session_id": None if session_id is None else text(session_id),
        "tags": tags(attributes.first(TAGS)),
        "public": _public(attributes.first(PUBLIC)),
        "input": json_value(attributes.take("langfuse.trace.input")),
        "output": json_value(attributes.take("langfuse.trace.output")),
    }
    return {key: value for key, value in fields.items() if value is not None}
