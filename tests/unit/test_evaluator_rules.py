"""The pure rules of evaluators and jobs: JSON paths, rule operators and their comments,
the judge's answer validation, sampling, and the retry backoff."""

from __future__ import annotations

import random

import pytest

from agenttrace.core.errors import Invalid
from agenttrace.core.evaluators.judge import parse_answer
from agenttrace.core.evaluators.matching import sampled_in
from agenttrace.core.evaluators.paths import MISSING, parse_path, resolve
from agenttrace.core.evaluators.rules import apply_rule, parse_rule
from agenttrace.core.jobs import backoff
from agenttrace.core.jobs.kinds import Fail


def test_paths_read_keys_positions_and_json_text() -> None:
    assert parse_path("$.a.b[0]", field="f") == ["a", "b", 0]
    assert parse_path("a.items.1", field="f") == ["a", "items", "1"]
    assert resolve({"a": {"b": [5]}}, ["a", "b", 0]) == 5
    assert resolve('{"a": [1, 2]}', ["a", "1"]) == 2
    assert resolve({"a": 1}, ["b"]) is MISSING
    with pytest.raises(Invalid) as error:
        parse_path("a..b", field="config.path")
    assert error.value.field == "config.path"


@pytest.mark.parametrize(
    ("config", "value", "expected", "comment"),
    [
        ({"operator": "contains", "value": "x"}, "axb", True, "output contains 'x'"),
        ({"operator": "not_contains", "value": "x"}, "axb", False, "output contains 'x'"),
        ({"operator": "equals", "value": 3}, 3, True, "output equals 3"),
        ({"operator": "regex", "value": "^a"}, "abc", True, "output matches /^a/ at 0: 'a'"),
        ({"operator": "json_valid"}, "{nope", False, None),
        ({"operator": "length"}, "abcd", 4.0, "output has length 4"),
        ({"operator": "length", "min": 5}, "abcd", False, "output has length 4, outside [5, ∞]"),
        ({"operator": "numeric_range", "min": 0, "max": 1}, "0.5", True,
         "output is 0.5, within [0, 1]"),
        ({"operator": "numeric_range", "max": 1}, "many", False, "output is not a number: many"),
    ],
)  # fmt: skip
def test_each_operator_scores_and_explains(
    config: dict[str, object], value: object, expected: object, comment: str | None
) -> None:
    score, said = apply_rule(parse_rule(config), value)
    assert score == expected
    if comment is not None:
        assert said == comment


def test_bad_rules_name_their_field() -> None:
    for config, field in [
        ({"operator": "regex", "value": "("}, "config.value"),
        ({"operator": "contains"}, "config.value"),
        ({"operator": "numeric_range"}, "config.min"),
        ({"operator": "length", "min": 3, "max": 1}, "config.min"),
        ({"operator": "equals", "value": 1, "source": "elsewhere"}, "config.source"),
    ]:
        with pytest.raises(Invalid) as error:
            parse_rule(config)
        assert error.value.field == field, config


def test_judge_answers_are_validated_for_the_score_type() -> None:
    assert parse_answer('```json\n{"score": 0.7, "reasoning": "ok"}\n```', "NUMERIC", None) == (
        0.7, "ok",
    )  # fmt: skip
    assert parse_answer('{"result": "pass"}', "BOOLEAN", None) == (True, "")
    assert parse_answer('{"category": "good"}', "CATEGORICAL", ["good", "bad"]) == ("good", "")
    for content, why in [
        ("no json here", "no JSON object"),
        ('{"reasoning": "x"}', 'no "score"'),
        ('{"score": "high"}', "is not a number"),
        ("", "empty answer"),
    ]:
        with pytest.raises(Fail, match=why):
            parse_answer(content, "NUMERIC", None)
    with pytest.raises(Fail, match="not one of"):
        parse_answer('{"category": "meh"}', "CATEGORICAL", ["good", "bad"])


def test_sampling_is_stable_per_subject_and_near_its_rate() -> None:
    chosen = [sampled_in("ev", f"trace:{n}", 0.5) for n in range(2000)]
    assert chosen == [sampled_in("ev", f"trace:{n}", 0.5) for n in range(2000)]
    assert 900 <= sum(chosen) <= 1100
    assert all(sampled_in("ev", "x", 1.0) for _ in range(3))
    assert not sampled_in("ev", "x", 0.0)


def test_backoff_doubles_with_jitter_and_stops_at_its_cap() -> None:
    rng = random.Random(7)
    for attempt, ceiling in [(1, 2.0), (2, 4.0), (3, 8.0), (10, 60.0)]:
        delays = [backoff.delay(attempt, base=2.0, cap=60.0, rng=rng) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 100  # jittered, not one value
