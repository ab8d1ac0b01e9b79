"""Metadata that spans state as attributes, for observations and for traces.

Observations take OpenInference's ``metadata`` (a JSON object). Both take the Langfuse SDK's object (``langfuse.<domain>.metadata``, JSON) and its keys
(``langfuse.<domain>.metadata.<key>``), the older ``langfuse.metadata[.<key>]`` spelling, and
the Vercel AI SDK's ``ai.telemetry.metadata.<key>`` (less the keys that name the trace's
user, session and tags or the prompt, which have fields of their own).

The Langfuse SDK v5 JSON-encodes every metadata value, strings included (``"v"`` arrives as
``"\\"v\\""``); those values are decoded here, once, so reads serve them as they were
given. Older SDKs send strings and integers as they are and other values as JSON text, so
only JSON objects and arrays are decoded for them.

``langfuse.experiment.*`` (Langfuse SDK v5 experiments) is kept whole as one nested
``experiment`` object, so dataset runs can later be linked to the observations.
"""

from __future__ import annotations

from typing import Any, Literal

from agenttrace.core.telemetry.attributes import Attributes, json_structure, json_value, unflatten

_VERCEL_TRACE_KEYS = frozenset({"userId", "sessionId", "tags", "langfusePrompt"})
_EXPERIMENT_JSON = ("metadata", "item.metadata", "item.expected_output")


def stated_metadata(
    attributes: Attributes, domain: Literal["observation", "trace"], *, json_encoded: bool
) -> dict[str, Any]:
    decode = json_value if json_encoded else json_structure
    groups = (f"langfuse.{domain}.metadata", "langfuse.metadata")
    # Whole objects first (OpenInference's span ``metadata`` too), then single keys.
    wholes = ("metadata", *groups) if domain == "observation" else groups
    metadata: dict[str, Any] = {}
    for key in wholes:
        whole = attributes.take_object(key)
        if whole is not None:
            metadata.update(whole)
    for group in groups:
        members = attributes.take_under(group)
        if members:
            metadata.update((key, decode(value)) for key, value in members.items())
    metadata.update(attributes.take_under("ai.telemetry.metadata", but=_VERCEL_TRACE_KEYS))
    return metadata


def experiment(attributes: Attributes) -> Any:
    flat = attributes.take_under("langfuse.experiment")
    if not flat:
        return None
    for key in _EXPERIMENT_JSON:
        if key in flat:
            flat[key] = json_value(flat[key])
    return unflatten(flat)
