"""What a judge's template variables (and a rule's source) resolve to for one subject.

A variable maps to a source path: ``trace.output``, ``observation.input.messages[0]``,
``trace.metadata.context``, ``dataset_item.expected_output``. Without a mapping, the
common names resolve on the evaluator's target: ``input``, ``output``, ``metadata``,
``name``, ``context`` (its ``metadata.context``) and ``expected`` (the dataset item's
expected output).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from agenttrace.core.errors import Invalid
from agenttrace.core.evaluators.paths import MISSING, parse_path, resolve
from agenttrace.core.prompts.compile import substitute, variables_of
from agenttrace.db.types import Row

ROOTS = ("trace", "observation", "dataset_item")
DEFAULTS = {
    "input": "{target}.input",
    "output": "{target}.output",
    "metadata": "{target}.metadata",
    "name": "{target}.name",
    "context": "{target}.metadata.context",
    "expected": "dataset_item.expected_output",
}


@dataclass(frozen=True)
class Subject:
    """The rows one evaluation reads."""

    trace: Row | None = None
    observation: Row | None = None
    dataset_item: Row | None = None

    def root(self, name: str) -> Row | None:
        found: Row | None = getattr(self, name)
        return found


def _target_root(target: str) -> str:
    return "observation" if target == "observation" else "trace"


def mapping_of(target: str, template: str, mapping: Mapping[str, str]) -> dict[str, str]:
    """Each variable of ``template`` with the source it reads; a 400 naming ``prompt`` for
    a variable that neither the mapping nor the defaults know."""
    resolved: dict[str, str] = {}
    for name in variables_of(template):
        if name in mapping:
            resolved[name] = mapping[name]
        elif name in DEFAULTS:
            resolved[name] = DEFAULTS[name].format_map({"target": _target_root(target)})
        else:
            raise Invalid(
                f"prompt uses the unknown variable {{{{{name}}}}}; map it in variableMapping "
                f"or use one of {', '.join(DEFAULTS)}",
                field="prompt",
            )
    return resolved


def check_source(source: Any, *, field: str) -> list[str | int]:
    """The steps of a source path (``trace.output.answer``); a 400 naming ``field``."""
    if not isinstance(source, str) or not source.strip():
        raise Invalid(f"{field} must be a path like trace.output", field=field)
    steps = parse_path(source, field=field)
    if not steps or steps[0] not in ROOTS:
        raise Invalid(f"{field} must start with one of {', '.join(ROOTS)}", field=field)
    return steps


def value_at(subject: Subject, source: str) -> Any:
    steps = parse_path(source, field="source")
    root = subject.root(str(steps[0]))
    if root is None:
        return MISSING
    first = str(steps[1]) if len(steps) > 1 else None
    if first is None or first not in root:
        return MISSING
    return resolve(root[first], steps[2:])


def as_text(value: Any) -> str:
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def fill(template: str, values: Mapping[str, Any]) -> str:
    """The template with each variable's value as text (JSON for structured values)."""
    return substitute(template, {name: as_text(value) for name, value in values.items()})


def resolve_all(subject: Subject, mapping: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """(values, missing): each variable's value, and the variables whose source has none."""
    values: dict[str, Any] = {}
    missing: list[str] = []
    for name, source in mapping.items():
        value = value_at(subject, source)
        if value is MISSING or value is None:
            missing.append(f"{name} ({source})")
        else:
            values[name] = value
    return values, missing
