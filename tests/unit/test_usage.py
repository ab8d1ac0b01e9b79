"""Usage normalisation: every spelling becomes one map of disjoint counts."""

from __future__ import annotations

import pytest

from agenttrace.core.errors import Invalid
from agenttrace.core.tracing.usage import merge, normalize, sides, with_total


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"inputTokens": 150, "outputTokens": 200}, {"input": 150, "output": 200}),
        (
            {"input": 5, "output": 6, "total": 11, "unit": "TOKENS"},
            {"input": 5, "output": 6, "total": 11},
        ),
        (
            {"promptTokens": 3, "completionTokens": 4, "totalTokens": 7},
            {"input": 3, "output": 4, "total": 7},
        ),
        (
            {
                "input_tokens": 100,
                "output_tokens": 50,
                "cache_read_input_tokens": 900,
                "cache_creation_input_tokens": 20,
            },
            {"input": 100, "output": 50, "input_cached_tokens": 900, "input_cache_creation": 20},
        ),
        (
            {"cacheReadTokens": 10, "cacheCreationTokens": 2, "reasoningTokens": 7},
            {"input_cached_tokens": 10, "input_cache_creation": 2, "output_reasoning_tokens": 7},
        ),
        ({"image": "3"}, {"image": 3}),
    ],
    ids=["seed", "langfuse-legacy", "openai-camel", "anthropic", "v1-cache-keys", "custom-key"],
)
def test_plain_spellings_map_to_canonical_keys(
    given: dict[str, object], expected: dict[str, int]
) -> None:
    assert normalize(given, "usage") == expected


def test_openai_chat_usage_moves_cached_and_reasoning_tokens_out() -> None:
    usage = {
        "prompt_tokens": 100,
        "completion_tokens": 50,
        "total_tokens": 150,
        "prompt_tokens_details": {"cached_tokens": 40},
        "completion_tokens_details": {"reasoning_tokens": 10},
    }
    assert normalize(usage, "usage") == {
        "input": 60,
        "output": 40,
        "input_cached_tokens": 40,
        "output_reasoning_tokens": 10,
        "total": 150,
    }


def test_openai_responses_usage_moves_cached_tokens_out() -> None:
    usage = {
        "input_tokens": 100,
        "output_tokens": 50,
        "input_tokens_details": {"cached_tokens": 30},
    }
    assert with_total(normalize(usage, "usage")) == {
        "input": 70,
        "output": 50,
        "input_cached_tokens": 30,
        "total": 150,
    }


@pytest.mark.parametrize(
    "bad", [-1, 1.5, "many", True], ids=["negative", "fraction", "word", "bool"]
)
def test_a_bad_count_is_invalid_naming_its_field(bad: object) -> None:
    with pytest.raises(Invalid) as raised:
        normalize({"inputTokens": bad}, "usage")
    assert raised.value.field == "usage.inputTokens"


def test_total_is_derived_unless_given() -> None:
    assert with_total({"input": 2, "output": 3}) == {"input": 2, "output": 3, "total": 5}
    assert with_total({"input": 2, "total": 9}) == {"input": 2, "total": 9}


def test_merge_lets_newer_counts_win_and_rederives_a_stale_total() -> None:
    assert merge({"input": 10, "total": 10}, {"output": 5}) == {"input": 10, "output": 5}
    assert merge({"input": 10}, {"input": 12, "total": 20}) == {"input": 12, "total": 20}


def test_sides_count_every_input_and_output_key() -> None:
    usage = {"input": 60, "input_cached_tokens": 40, "output": 40, "output_reasoning_tokens": 10}
    assert sides(with_total(usage)) == (100, 50, 150)
    assert sides({"output": 3, "total": 3}) == (None, 3, 3)
