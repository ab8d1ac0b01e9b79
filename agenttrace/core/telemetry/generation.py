"""The model-call fields of a span: model, parameters, token usage, cost, time to first
token and the prompt it used.

Usage from the Langfuse SDKs (``langfuse.observation.usage_details``) is passed on as the
client sent it and normalised by the ingest core like any other client usage. Generic
``gen_ai.usage.*`` and OpenInference ``llm.token_count.*`` counts are *inclusive* (input
counts cached and audio tokens, output counts reasoning tokens), so they are made disjoint
here, the way the stored ``usageDetails`` map wants them (see ``core/usage.py``). A value
that is not a token count is not used and stays in the metadata.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from agenttrace.core import time
from agenttrace.core.errors import Invalid
from agenttrace.core.telemetry.attributes import Attributes, json_object, json_value, text
from agenttrace.core.tracing import usage as usage_rules

MODEL_NAMES = (
    "langfuse.observation.model.name",
    "gen_ai.response.model",
    "ai.model.id",
    "gen_ai.request.model",
    "llm.response.model",
    "llm.model_name",
    "embedding.model_name",
    "model",
)
_REQUESTED_MODEL = frozenset({"model"})
_USAGE_PREFIXES = ("gen_ai.usage", "llm.token_count")
# Names under the usage prefixes (less a leading "details.") → stored usage keys.
_USAGE_KEYS = {
    "prompt_tokens": "input",
    "input_tokens": "input",
    "prompt": "input",
    "completion_tokens": "output",
    "output_tokens": "output",
    "completion": "output",
    "total_tokens": "total",
    "total": "total",
    "cache_read.input_tokens": "input_cached_tokens",
    "cache_read_input_tokens": "input_cached_tokens",
    "cache_read_tokens": "input_cached_tokens",
    "prompt_details.cache_read": "input_cached_tokens",
    "cache_creation.input_tokens": "input_cache_creation",
    "cache_creation_input_tokens": "input_cache_creation",
    "cache_write_tokens": "input_cache_creation",
    "prompt_details.cache_write": "input_cache_creation",
    "prompt_details.audio": "input_audio_tokens",
    "reasoning.output_tokens": "output_reasoning_tokens",
    "reasoning_tokens": "output_reasoning_tokens",
    "completion_details.reasoning": "output_reasoning_tokens",
    "completion_details.audio": "output_audio_tokens",
}
# Counts that the inclusive input and output counts also hold.
_PART_OF = {
    "input": ("input_cached_tokens", "input_cache_creation", "input_audio_tokens"),
    "output": ("output_reasoning_tokens", "output_audio_tokens"),
}
_COST = "gen_ai.usage.cost"
_OPENINFERENCE_COSTS = {
    "llm.cost.prompt": "input",
    "llm.cost.completion": "output",
    "llm.cost.total": "total",
}
_COST_KEYS = frozenset({"langfuse.observation.cost_details", _COST, *_OPENINFERENCE_COSTS})
_MS_TO_FIRST_CHUNK = ("ai.response.msToFirstChunk", "ai.stream.msToFirstChunk")
_COMPLETION_START_KEYS = frozenset(
    {"langfuse.observation.completion_start_time", *_MS_TO_FIRST_CHUNK}
)
_PROMPT_PREFIXES = ("langfuse.observation.prompt", "langfuse.prompt")
_VERCEL_PROMPT = "ai.telemetry.metadata.langfusePrompt"
_PROMPT_KEYS = frozenset(
    {f"{prefix}.{part}" for prefix in _PROMPT_PREFIXES for part in ("name", "version")}
    | {_VERCEL_PROMPT}
)
# Vercel AI SDK agent spans repeat their steps' model and usage: not counted twice.
_VERCEL_AGENT_OPERATIONS = frozenset({"invoke_agent", "agent_step"})


def counts_model_call(attributes: Attributes) -> bool:
    return not (
        attributes.get("ai.operationId") is not None
        and attributes.get("gen_ai.operation.name") in _VERCEL_AGENT_OPERATIONS
    )


def model_name(attributes: Attributes) -> str | None:
    value = attributes.first(MODEL_NAMES)
    return None if value is None else text(value)


def _flat(parameters: dict[str, Any]) -> dict[str, Any]:
    """Model parameters are a flat map (Langfuse clients require it): nested values as JSON."""
    return {
        key: value if value is None or isinstance(value, str | int | float | bool) else text(value)
        for key, value in parameters.items()
    }


def model_parameters(attributes: Attributes) -> dict[str, Any] | None:
    """The first source that gives any: the Langfuse object, Vercel's ``ai.settings.*``,
    OpenInference's invocation parameters, a ``model_config`` object, then every
    ``gen_ai.request.*`` but the model."""
    given = (
        attributes.take_object("langfuse.observation.model.parameters")
        or attributes.take_under("ai.settings")
        or attributes.take_object("llm.invocation_parameters")
        or attributes.take_object("model_config")
        or attributes.take_under("gen_ai.request", but=_REQUESTED_MODEL)
    )
    return _flat(given) if given else None


def _count(value: Any) -> int | None:
    if type(value) is int and value >= 0:  # what instrumentations send
        return value
    try:
        return usage_rules.count(value, "usage")
    except Invalid:
        return None


def usage_details(attributes: Attributes) -> Any:
    """Langfuse's usage object as sent, else the disjoint counts of the generic attributes."""
    given = attributes.take("langfuse.observation.usage_details")
    if given is not None:
        decoded = json_value(given)
        # Langfuse's rule: a usage value that is not an object counts nothing.
        return decoded if isinstance(decoded, dict) else {}
    usage: dict[str, int] = {}
    for prefix in _USAGE_PREFIXES:
        for name, value in attributes.under(prefix).items():
            key = f"{prefix}.{name}"
            if key == _COST:
                continue
            stored = _USAGE_KEYS.get(name.removeprefix("details."), name.removeprefix("details."))
            amount = _count(value)
            if amount is None or stored in usage:
                continue
            usage[stored] = amount
            attributes.use(key)
    for side, parts in _PART_OF.items():
        if side in usage:
            usage[side] = max(0, usage[side] - sum(usage.get(part, 0) for part in parts))
    if not usage and attributes.get(_FLAT_MARKER) is not None:
        usage = _flat_usage(attributes)
    return usage or None


# Claude Code's ``claude_code.llm_request`` spans carry Anthropic's own counts as flat
# attributes (``input_tokens`` …), already disjoint (input excludes the cache).
_FLAT_MARKER = "input_tokens"
_FLAT_KEYS = {
    "input_tokens": "input",
    "output_tokens": "output",
    "cache_read_tokens": "input_cached_tokens",
    "cache_creation_tokens": "input_cache_creation",
}


def _flat_usage(attributes: Attributes) -> dict[str, int]:
    usage: dict[str, int] = {}
    for name, stored in _FLAT_KEYS.items():
        amount = _count(attributes.get(name))
        if amount is not None:
            usage[stored] = amount
            attributes.use(name)
    return usage


def _amount(value: Any) -> float | None:
    if type(value) is float or type(value) is int:  # what instrumentations send
        return float(value) if value >= 0 else None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        return None
    return float(value)


def cost_details(attributes: Attributes) -> Any:
    """Langfuse's cost object as sent, else ``gen_ai.usage.cost`` (a total), else
    OpenInference's ``llm.cost.*``."""
    if attributes.has_none(_COST_KEYS):
        return None
    given = attributes.take("langfuse.observation.cost_details")
    if given is not None:
        decoded = json_value(given)
        return decoded if isinstance(decoded, dict) else {}
    total = _amount(attributes.get(_COST))
    if total is not None:
        attributes.use(_COST)
        return {"total": total}
    costs = {}
    for key, stored in _OPENINFERENCE_COSTS.items():
        amount = _amount(attributes.get(key))
        if amount is not None:
            attributes.use(key)
            costs[stored] = amount
    return costs or None


def completion_start_time(attributes: Attributes, start: datetime) -> datetime | None:
    """Langfuse's ISO time (some SDKs send it JSON-quoted), else the Vercel AI SDK's
    milliseconds to the first chunk after the start."""
    if attributes.has_none(_COMPLETION_START_KEYS):
        return None
    given = json_value(attributes.get("langfuse.observation.completion_start_time"))
    if isinstance(given, str):
        try:
            moment: datetime | None = time.parse(given, field="completion_start_time")
        except Invalid:
            moment = None
        if moment is not None:
            attributes.use("langfuse.observation.completion_start_time")
            return moment
    for key in _MS_TO_FIRST_CHUNK:
        milliseconds = _amount(attributes.get(key))
        if milliseconds is not None:
            attributes.use(key)
            return start + timedelta(milliseconds=milliseconds)
    return None


def prompt(attributes: Attributes) -> tuple[str, int] | None:
    """(name, version) of the prompt a generation used: Langfuse's attributes (either
    spelling), else the ``langfusePrompt`` object of the Vercel AI SDK's telemetry metadata."""
    if attributes.has_none(_PROMPT_KEYS):
        return None
    for prefix in _PROMPT_PREFIXES:
        name, version = (
            attributes.get(f"{prefix}.name"),
            _version(attributes.get(f"{prefix}.version")),
        )
        if isinstance(name, str) and version is not None:
            attributes.use(f"{prefix}.name")
            attributes.use(f"{prefix}.version")
            return name, version
    linked = json_object(attributes.get(_VERCEL_PROMPT))
    if linked is not None:
        name, version = linked.get("name"), _version(linked.get("version"))
        if isinstance(name, str) and version is not None:
            attributes.use(_VERCEL_PROMPT)
            return name, version
    return None


def _version(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None
