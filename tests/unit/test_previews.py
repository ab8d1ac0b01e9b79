"""The server's previews follow the web UI's rule: the cases of
``ui/src/lib/preview.cases.json`` are checked here and by the UI's ``preview.test.ts``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from agenttrace.core.tracing import previews, search

CASES = json.loads(
    (Path(__file__).resolve().parents[2] / "ui" / "src" / "lib" / "preview.cases.json").read_text(
        encoding="utf-8"
    )
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_preview_rule_is_the_uis(case: dict[str, Any]) -> None:
    assert previews.preview(case["value"]) == case["preview"]


def test_nothing_has_no_preview_and_no_size() -> None:
    assert previews.preview(None) is None
    assert previews.json_bytes(None) == 0


def test_sizes_are_the_compact_json_in_utf8() -> None:
    value = {"q": "grüße"}
    assert previews.json_bytes(value) == len(orjson.dumps(value)) == 15


def test_search_text_holds_the_strings_not_the_keys_and_is_cut() -> None:
    text = previews.search_text("checkout", {"role": "user", "content": "order 42"}, None)
    assert text == "checkout user order 42"
    long = previews.search_text(["x" * 50_000, "y" * 50_000])
    assert len(long) <= previews.SEARCH_CHARS + 1


def test_deep_payloads_do_not_recurse() -> None:
    deep: Any = "bottom"
    for _ in range(10_000):
        deep = [deep]
    assert previews.search_text(deep) == "bottom"


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Timed OUT", ("timed", "out")),
        ("order-42, order!", ("order", "42")),
        ("  ", ()),
        (None, ()),
        ('"; DROP TABLE', ("drop", "table")),
    ],
)
def test_a_search_is_its_words(query: str | None, words: tuple[str, ...]) -> None:
    assert search.words(query) == words
