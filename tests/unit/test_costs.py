"""The built-in price table and cost arithmetic."""

from __future__ import annotations

import json
import re

import pytest

from agenttrace.core.pricing.costs import BUILTIN_PRICES, PriceBook, PriceEntry, cost_of
from agenttrace.core.tracing.usage import sides


def _table() -> list[dict[str, object]]:
    return json.loads(BUILTIN_PRICES.read_text(encoding="utf-8"))["models"]  # type: ignore[no-any-return]


def test_every_example_matches_its_own_entry_and_no_other() -> None:
    patterns = [(m["model"], re.compile(str(m["matchPattern"]), re.IGNORECASE)) for m in _table()]
    clashes = []
    for model in _table():
        for example in model["examples"]:  # type: ignore[attr-defined]
            matched = [name for name, pattern in patterns if pattern.fullmatch(example)]
            if matched != [model["model"]]:
                clashes.append((example, matched))
    assert clashes == []


def test_the_table_covers_the_providers_we_promise() -> None:
    providers = {m["provider"] for m in _table()}
    assert {
        "openai",
        "anthropic",
        "google",
        "mistral",
        "groq",
        "deepseek",
        "xai",
        "bedrock",
    } <= providers
    assert all(0 < price < 0.001 for m in _table() for price in m["prices"].values())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("gpt-4o", "gpt-4o"),
        ("GPT-4o-2024-08-06", "gpt-4o"),
        ("gpt-4o-mini", "gpt-4o-mini"),
        ("claude-3-sonnet", "claude-3-sonnet"),
        ("anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet"),
        ("my-own-model", None),
    ],
)
def test_matching_is_case_insensitive_and_exact(model: str, expected: str | None) -> None:
    entry = PriceBook().match("project", model)
    assert (entry.name if entry else None) == expected


def test_cost_prices_each_usage_key_and_falls_back_to_its_side() -> None:
    entry = PriceEntry(
        "m", re.compile("m"), {"input": 1e-6, "output": 2e-6, "input_cached_tokens": 1e-7}
    )
    costs = cost_of(
        {
            "input": 1000,
            "input_cached_tokens": 10000,
            "input_audio_tokens": 10,
            "output": 500,
            "total": 11510,
        },
        entry,
    )
    assert costs == pytest.approx(
        {
            "input": 1e-3,
            "input_cached_tokens": 1e-3,
            "input_audio_tokens": 1e-5,
            "output": 1e-3,
            "total": 3.01e-3,
        }
    )
    assert sides(costs) == pytest.approx((2.01e-3, 1e-3, 3.01e-3))
