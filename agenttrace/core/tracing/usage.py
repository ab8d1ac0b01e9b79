"""Token usage: every spelling in the wild, normalised into one map of disjoint counts.

The stored ``usageDetails`` map uses Langfuse's key names. Its counts are **disjoint**: a
token is counted under exactly one key, so ``total`` is the sum of the others and each key
can carry its own price.

- ``input``: input tokens neither read from nor written to a prompt cache
- ``input_cached_tokens``: input tokens read from the cache
- ``input_cache_creation``: input tokens written to the cache
- ``output``: output tokens that are not reasoning (or audio) tokens
- ``output_reasoning_tokens``, ``input_audio_tokens``, ``output_audio_tokens``
- ``total``: as given by the client, else the sum of the other keys
- any other key a client sends is kept as is

Inclusive shapes are converted: OpenAI's ``prompt_tokens`` / ``input_tokens`` (Chat
Completions and Responses, recognised by ``prompt_tokens``+``completion_tokens`` or by their
``*_details`` objects) include cached and audio tokens, so those are moved out of
``input`` (top-level cache counts that OpenAI-compatible proxies add, too); likewise
reasoning tokens out of ``output``. Anthropic's ``input_tokens`` already excludes its ``cache_read_input_tokens`` and
``cache_creation_input_tokens`` and is taken as is. Our ``/v1`` camelCase spelling
(``inputTokens``, ``cacheReadTokens``, ``cacheCreationTokens``, ``reasoningTokens``) is
disjoint too, like Anthropic's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from agenttrace.core.errors import Invalid

N = TypeVar("N", int, float)

TOTAL = "total"

# Every alias of a canonical key, in any of the shapes below.
_ALIASES: dict[str, str] = {
    "input": "input",
    "inputTokens": "input",
    "input_tokens": "input",
    "promptTokens": "input",
    "prompt_tokens": "input",
    "prompt": "input",
    "output": "output",
    "outputTokens": "output",
    "output_tokens": "output",
    "completionTokens": "output",
    "completion_tokens": "output",
    "completion": "output",
    "total": TOTAL,
    "totalTokens": TOTAL,
    "total_tokens": TOTAL,
    "cacheReadTokens": "input_cached_tokens",
    "cache_read_input_tokens": "input_cached_tokens",
    "cache_read_tokens": "input_cached_tokens",
    "cached_tokens": "input_cached_tokens",
    "input_cache_read": "input_cached_tokens",
    "input_cached_tokens": "input_cached_tokens",
    "cacheCreationTokens": "input_cache_creation",
    "cache_creation_input_tokens": "input_cache_creation",
    "cache_write_tokens": "input_cache_creation",
    "input_cache_write": "input_cache_creation",
    "input_cache_creation": "input_cache_creation",
    "reasoningTokens": "output_reasoning_tokens",
    "reasoning_tokens": "output_reasoning_tokens",
    "output_reasoning_tokens": "output_reasoning_tokens",
}
# Keys of the legacy Langfuse ``usage`` object that are not counts.
_NOT_COUNTS = frozenset({"unit", "inputCost", "outputCost", "totalCost"})
# OpenAI detail objects: where their keys go, and which base count includes them.
_OPENAI_DETAILS = {
    "prompt_tokens_details": "input",
    "input_tokens_details": "input",
    "completion_tokens_details": "output",
    "output_tokens_details": "output",
}
_OPENAI_BASE = frozenset(
    {"prompt_tokens", "completion_tokens", "input_tokens", "output_tokens", "total_tokens"}
)


def count(value: Any, field: str) -> int:
    """A token count: a non-negative integer (``150``, ``150.0`` and ``"150"`` all do)."""
    if isinstance(value, bool):
        raise Invalid(f"{field} must be a non-negative integer, got {value!r}", field=field)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or value < 0:
        raise Invalid(f"{field} must be a non-negative integer, got {value!r}", field=field)
    return value


def _is_openai_shape(usage: Mapping[str, Any]) -> bool:
    return any(key in usage for key in _OPENAI_DETAILS) or (
        "prompt_tokens" in usage and "completion_tokens" in usage
    )


def _from_openai(usage: Mapping[str, Any], field: str) -> dict[str, int]:
    """Chat Completions or Responses usage: move detail counts out of input/output."""
    result: dict[str, int] = {}
    base = {
        "input": usage.get("prompt_tokens", usage.get("input_tokens")),
        "output": usage.get("completion_tokens", usage.get("output_tokens")),
    }
    for side, raw in base.items():
        if raw is not None:
            result[side] = count(raw, f"{field}.{side}")
    for details_key, side in _OPENAI_DETAILS.items():
        details = usage.get(details_key)
        if details is None:
            continue
        if not isinstance(details, Mapping):
            raise Invalid(
                f"{field}.{details_key} must be an object", field=f"{field}.{details_key}"
            )
        for name, raw in details.items():
            if raw is None:
                continue
            amount = count(raw, f"{field}.{details_key}.{name}")
            key = f"{side}_{name}"
            result[key] = result.get(key, 0) + amount
            if side in result:
                result[side] = max(0, result[side] - amount)
    if usage.get("total_tokens") is not None:
        result[TOTAL] = count(usage["total_tokens"], f"{field}.total_tokens")
    # Providers proxied through OpenAI-compatible APIs add cache counts at the top level;
    # they are part of prompt_tokens too.
    for name, raw in usage.items():
        if raw is None or name in _OPENAI_BASE or name in _OPENAI_DETAILS or name in _NOT_COUNTS:
            continue
        key = _ALIASES.get(name, name)
        amount = count(raw, f"{field}.{name}")
        if key in result:
            continue  # already counted through a details object
        result[key] = amount
        if key.startswith("input_") and "input" in result:
            result["input"] = max(0, result["input"] - amount)
    return result


def _from_map(usage: Mapping[str, Any], field: str) -> dict[str, int]:
    result: dict[str, int] = {}
    for name, raw in usage.items():
        if raw is None or name in _NOT_COUNTS:
            continue
        key = _ALIASES.get(name, name)
        result[key] = count(raw, f"{field}.{name}")
    return result


def normalize(usage: Mapping[str, Any] | None, field: str) -> dict[str, int]:
    """One client usage object (any spelling) as canonical disjoint counts."""
    if usage is None:
        return {}
    if not isinstance(usage, Mapping):
        raise Invalid(f"{field} must be an object of token counts", field=field)
    if _is_openai_shape(usage):
        return _from_openai(usage, field)
    return _from_map(usage, field)


def merge(older: Mapping[str, N], newer: Mapping[str, N]) -> dict[str, N]:
    """Key by key, the newer value wins (usage counts and cost amounts alike). A ``total``
    survives only if the newer map has one or adds no keys; otherwise it is derived again
    from the parts."""
    merged = {**older, **newer}
    if newer and TOTAL not in newer and any(key != TOTAL for key in newer):
        merged.pop(TOTAL, None)
    return merged


def with_total(amounts: Mapping[str, N]) -> dict[str, N]:
    """The map (token counts or costs) with ``total`` filled in as the sum of the parts when
    the client gave none."""
    if not amounts or TOTAL in amounts:
        return dict(amounts)
    return {**amounts, TOTAL: sum(amounts.values())}


def sides(amounts: Mapping[str, N]) -> tuple[N | None, N | None, N | None]:
    """(input, output, total) of a complete map, for aggregates: every ``input*`` key is
    input, every ``output*`` key output; None where no key of that side is present."""
    tokens_in: N | None = None
    tokens_out: N | None = None
    for key, value in amounts.items():
        if key.startswith("input"):
            tokens_in = value if tokens_in is None else tokens_in + value
        elif key.startswith("output"):
            tokens_out = value if tokens_out is None else tokens_out + value
    return tokens_in, tokens_out, amounts.get(TOTAL)


def legacy_costs(usage: Mapping[str, Any] | None, field: str) -> dict[str, float]:
    """The cost fields of Langfuse's legacy ``usage`` object, as cost details."""
    if not isinstance(usage, Mapping):
        return {}
    costs: dict[str, float] = {}
    for name, key in (("inputCost", "input"), ("outputCost", "output"), ("totalCost", TOTAL)):
        if usage.get(name) is not None:
            costs[key] = amount(usage[name], f"{field}.{name}")
    return costs


def amount(value: Any, field: str) -> float:
    """A cost in USD: a non-negative number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise Invalid(f"{field} must be a non-negative number, got {value!r}", field=field)
    return float(value)


def normalize_costs(costs: Mapping[str, Any] | None, field: str) -> dict[str, float]:
    if costs is None:
        return {}
    if not isinstance(costs, Mapping):
        raise Invalid(f"{field} must be an object of amounts in USD", field=field)
    return {
        _ALIASES.get(name, name): amount(raw, f"{field}.{name}")
        for name, raw in costs.items()
        if raw is not None
    }
