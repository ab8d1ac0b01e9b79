"""The compile rule of prompts: plain one-pass substitution of ``{{name}}``, never an
evaluator, and every missing variable or placeholder named."""

from __future__ import annotations

import pytest

from agenttrace.core.errors import Invalid
from agenttrace.core.prompts.compile import compile_prompt, variables_of


def test_variables_are_found_once_each_in_order_with_spaces_inside_the_braces() -> None:
    assert variables_of("{{ b }} {{a}} {{b}} {{  first name  }} {x} {{}}") == [
        "b", "a", "first name", "",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{a}}{{a}}", "XX"),
        ("{0} {a} {a.__class__} %(a)s ${a}", "{0} {a} {a.__class__} %(a)s ${a}"),  # no format
        ("{{{a}}}", "{X}"),  # the inner pair is the variable
        ("{{ a }} and {{b}}", "X and {{a}}"),  # a value is never expanded again
    ],
    ids=["repeated", "format-strings-stay", "triple-braces", "values-not-re-expanded"],
)
def test_text_is_substituted_in_one_pass(template: str, expected: str) -> None:
    assert compile_prompt(template, "text", variables={"a": "X", "b": "{{a}}"}) == expected


def test_numbers_and_booleans_are_written_as_json_and_other_values_refused() -> None:
    assert compile_prompt("{{n}} {{t}}", "text", variables={"n": 3, "t": True}) == "3 true"
    with pytest.raises(Invalid) as refused:
        compile_prompt("{{n}}", "text", variables={"n": None})
    assert refused.value.field == "variables.n"
    with pytest.raises(Invalid) as not_an_object:
        compile_prompt("{{n}}", "text", variables=["n"])
    assert not_an_object.value.field == "variables"


def test_every_missing_variable_is_listed_and_the_first_named() -> None:
    with pytest.raises(Invalid) as missing:
        compile_prompt("{{a}} {{b}} {{c}}", "text", variables={"b": "x"})
    assert (missing.value.message, missing.value.field) == (
        "missing variables: a, c",
        "variables.a",
    )


def test_chat_placeholders_take_message_lists_and_are_checked() -> None:
    prompt = [
        {"role": "system", "content": "{{x}}"},
        {"type": "placeholder", "name": "history"},
    ]
    history = [{"role": "user", "content": "{{x}} stays"}]
    compiled = compile_prompt(
        prompt, "chat", variables={"x": "X"}, placeholders={"history": history}
    )
    assert compiled == [
        {"role": "system", "content": "X"},
        {"role": "user", "content": "{{x}} stays"},
    ]
    with pytest.raises(Invalid) as bad:
        compile_prompt(
            prompt, "chat", variables={"x": "X"}, placeholders={"history": [{"role": "user"}]}
        )
    assert bad.value.field == "placeholders.history[0].content"
