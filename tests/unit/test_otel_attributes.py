"""The value conversions of the OTel mapping: flattened keys rebuilt, tags in every spelling,
JSON decoded only where a convention says so, inclusive GenAI usage made disjoint."""

from __future__ import annotations

from typing import Any

import pytest

from agenttrace.core.telemetry.attributes import (
    Attributes,
    json_structure,
    json_value,
    tags,
    unflatten,
)
from agenttrace.core.telemetry.generation import usage_details

# Tests for unflatten


def test_unflatten_rebuilds_lists_and_objects() -> None:
    assert unflatten(
        {
            "0.message.role": "user",
            "0.message.tool_calls.0.tool_call.id": "c1",
            "1.message.role": "assistant",
        }
    ) == [
        {"message": {"role": "user", "tool_calls": [{"tool_call": {"id": "c1"}}]}},
        {"message": {"role": "assistant"}},
    ]


def test_unflatten_keeps_colliding_keys_and_given_objects_as_they_are() -> None:
    assert unflatten({"a": 1, "a.b": 2, "c.d": 3, "c": 4, "e": {"0": "kept"}}) == {
        "a": 1,
        "a.b": 2,
        "c": {"d": 3, "": 4},
        "e": {"0": "kept"},
    }


# Tests for tags and JSON text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["a", "b"], ["a", "b"]),
        ('["a", "b"]', ["a", "b"]),
        ("a, b", ["a", "b"]),
        ("single", ["single"]),
        ([1, "b"], ["1", "b"]),
        ("", None),
        (3, None),
    ],
    ids=[
        "array",
        "json-array-text",
        "comma-separated",
        "one-string",
        "non-strings",
        "empty",
        "number",
    ],
)
def test_tags_are_read_from_every_spelling(value: Any, expected: list[str] | None) -> None:
    assert tags(value) == expected


def test_langfuse_json_attributes_are_decoded_and_other_text_only_when_structured() -> None:
    assert (json_value('"v"'), json_value("3"), json_value("not json")) == ("v", 3, "not json")
    assert (json_structure('{"a": 1}'), json_structure(" [1]"), json_structure("3")) == (
        {"a": 1},
        [1],
        "3",
    )


# Tests for generic usage


def test_inclusive_genai_and_openinference_counts_are_made_disjoint() -> None:
    attributes = Attributes(
        {
            "gen_ai.usage.input_tokens": 1000,
            "gen_ai.usage.cache_read.input_tokens": 200,
            "gen_ai.usage.cache_creation.input_tokens": 100,
            "gen_ai.usage.output_tokens": 300,
            "gen_ai.usage.reasoning.output_tokens": 50,
            "gen_ai.usage.cost": 0.5,
            "llm.token_count.prompt_details.audio": 10,
            "gen_ai.usage.details.image_tokens": 7,
            "gen_ai.usage.unknown": "many",
        }
    )
    assert usage_details(attributes) == {
        "input": 690,
        "input_cached_tokens": 200,
        "input_cache_creation": 100,
        "input_audio_tokens": 10,
        "output": 250,
        "output_reasoning_tokens": 50,
        "image_tokens": 7,
    }
    # Neither the cost nor a value that is not a count is used up by usage.
    assert attributes.unused() == {"gen_ai.usage.cost": 0.5, "gen_ai.usage.unknown": "many"}
