"""Rule evaluators: a check of one value (a trace's or observation's input or output, or a
dataset item's expected output, optionally at a JSON path) that answers a score and a
comment saying why.

``contains``, ``not_contains``, ``equals``, ``regex`` and ``json_valid`` answer BOOLEAN;
``length`` answers the length (NUMERIC) or, given ``min``/``max``, whether it is within
them (BOOLEAN); ``numeric_range`` answers whether a number lies within ``min`` to ``max``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from agenttrace.core.errors import Invalid
from agenttrace.core.evaluators.paths import MISSING, parse_path, resolve
from agenttrace.core.numbers import number

OPERATORS = ("contains", "not_contains", "equals", "regex", "json_valid", "length", "numeric_range")
SOURCES = ("input", "output", "expected_output", "metadata")
# Longest pattern a rule may hold: regexes are user data run on every evaluation.
MAX_PATTERN = 2000


@dataclass(frozen=True)
class Rule:
    operator: str
    source: str
    path: list[str | int]
    value: Any
    case_sensitive: bool
    minimum: float | None
    maximum: float | None
    pattern: re.Pattern[str] | None

    @property
    def data_type(self) -> str:
        if self.operator == "length" and self.minimum is None and self.maximum is None:
            return "NUMERIC"
        return "BOOLEAN"


def parse_rule(config: dict[str, Any], *, field: str = "config") -> Rule:
    """A rule from an evaluator's config; a 400 naming the field at fault."""
    operator = config.get("operator")
    if operator not in OPERATORS:
        raise Invalid(
            f"{field}.operator must be one of {', '.join(OPERATORS)}, got {operator!r}",
            field=f"{field}.operator",
        )
    source = config.get("source", "output")
    if source not in SOURCES:
        raise Invalid(
            f"{field}.source must be one of {', '.join(SOURCES)}, got {source!r}",
            field=f"{field}.source",
        )
    path = config.get("path") or ""
    if not isinstance(path, str):
        raise Invalid(f"{field}.path must be a string", field=f"{field}.path")
    value = config.get("value")
    pattern = None
    if operator in ("contains", "not_contains", "equals", "regex") and value is None:
        raise Invalid(f"{field}.value is required for {operator}", field=f"{field}.value")
    case_sensitive = bool(config.get("caseSensitive", True))
    if operator == "regex":
        if not isinstance(value, str) or len(value) > MAX_PATTERN:
            raise Invalid(
                f"{field}.value must be a regular expression of at most {MAX_PATTERN} characters",
                field=f"{field}.value",
            )
        try:
            pattern = re.compile(value, 0 if case_sensitive else re.IGNORECASE)
        except re.error as exc:
            raise Invalid(
                f"{field}.value is not a valid regular expression: {exc}", field=f"{field}.value"
            ) from None
    bounds = [_number(config.get(name), f"{field}.{name}") for name in ("min", "max")]
    if operator == "numeric_range" and bounds == [None, None]:
        raise Invalid(f"{field}.min or {field}.max is required", field=f"{field}.min")
    if None not in bounds and bounds[0] > bounds[1]:  # type: ignore[operator]
        raise Invalid(f"{field}.min is above {field}.max", field=f"{field}.min")
    return Rule(
        operator, source, parse_path(path, field=f"{field}.path"), value, case_sensitive,
        bounds[0], bounds[1], pattern,
    )  # fmt: skip


def _number(value: Any, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"{field} must be a number", field=field)
    return float(value)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _where(rule: Rule) -> str:
    return rule.source + ("" if not rule.path else "." + ".".join(str(p) for p in rule.path))


def _within(rule: Rule, number: float) -> bool:
    return (rule.minimum is None or number >= rule.minimum) and (
        rule.maximum is None or number <= rule.maximum
    )


def _bounds(rule: Rule) -> str:
    low = "-∞" if rule.minimum is None else f"{rule.minimum:g}"
    high = "∞" if rule.maximum is None else f"{rule.maximum:g}"
    return f"[{low}, {high}]"


def apply_rule(rule: Rule, source_value: Any) -> tuple[float | bool, str]:
    """(score, comment) of ``rule`` on the value of its source. A missing value is a
    ``LookupError`` (the caller records "mapping missing")."""
    value = resolve(source_value, rule.path)
    where = _where(rule)
    if value is MISSING or (value is None and rule.operator != "json_valid"):
        raise LookupError(f"{where} is missing")
    op = rule.operator
    if op in ("contains", "not_contains", "equals"):
        text, wanted = _text(value), _text(rule.value)
        if not rule.case_sensitive:
            text, wanted = text.lower(), wanted.lower()
        if op == "equals":
            equal = value == rule.value if not isinstance(rule.value, str) else text == wanted
            return equal, f"{where} {'equals' if equal else 'does not equal'} {rule.value!r}"
        found = wanted in text
        passed = found if op == "contains" else not found
        return passed, f"{where} {'contains' if found else 'does not contain'} {rule.value!r}"
    if op == "regex":
        assert rule.pattern is not None
        match = rule.pattern.search(_text(value))
        if match is None:
            return False, f"{where} does not match /{rule.value}/"
        return True, f"{where} matches /{rule.value}/ at {match.start()}: {match.group(0)[:80]!r}"
    if op == "json_valid":
        if not isinstance(value, str):
            return value is not None, f"{where} is {'stored JSON' if value is not None else 'null'}"
        try:
            orjson.loads(value)
        except orjson.JSONDecodeError as exc:
            return False, f"{where} is not valid JSON: {exc}"
        return True, f"{where} is valid JSON"
    if op == "length":
        size = len(value) if isinstance(value, str | list | dict) else len(_text(value))
        if rule.minimum is None and rule.maximum is None:
            return float(size), f"{where} has length {size}"
        inside = _within(rule, size)
        return (
            inside,
            f"{where} has length {size}, {'within' if inside else 'outside'} {_bounds(rule)}",
        )
    amount = number(value)
    if amount is None:
        return False, f"{where} is not a number: {_text(value)[:80]}"
    inside = _within(rule, amount)
    return inside, f"{where} is {amount:g}, {'within' if inside else 'outside'} {_bounds(rule)}"
