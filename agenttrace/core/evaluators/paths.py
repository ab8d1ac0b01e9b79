"""JSON paths into a value: ``$.answer``, ``answer.items[0].text``, ``choices.0`` — keys
separated by dots, list positions in brackets or as numbers. Deliberately small: no
wildcards or filters, so a path is checked when the evaluator is saved and resolves the
same way everywhere."""

from __future__ import annotations

import re
from typing import Any

import orjson

from agenttrace.core.errors import Invalid

_PART = re.compile(r"[^.\[\]]+|\[\d+\]")
MISSING = object()  # a path that leads nowhere (distinct from a JSON null)


def parse_path(path: str, *, field: str) -> list[str | int]:
    """The steps of ``path``; a 400 naming ``field`` when it is not one."""
    text = path.strip()
    if text.startswith("$"):
        text = text[1:].lstrip(".")
    if not text:
        return []
    if re.fullmatch(r"(?:[^.\[\]]+|\[\d+\])(?:\.?(?:[^.\[\]]+|\[\d+\]))*", text) is None:
        raise Invalid(f"{field}: {path!r} is not a JSON path like $.a.b[0]", field=field)
    return [int(p[1:-1]) if p.startswith("[") else p for p in _PART.findall(text)]


def resolve(value: Any, steps: list[str | int]) -> Any:
    """The value at ``steps`` (``MISSING`` when there is none). A string that holds JSON
    is read as JSON when a step goes into it: outputs are often JSON text."""
    for step in steps:
        if isinstance(value, str):
            value = _as_json(value)
        if isinstance(value, dict):
            key = str(step)
            if key not in value:
                return MISSING
            value = value[key]
        elif isinstance(value, list):
            try:
                value = value[int(step)]
            except (ValueError, IndexError):
                return MISSING
        else:
            return MISSING
    return value


def _as_json(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return text
