"""Computed documents (a timeline, a replay, a diff) in the spelling every face answers:
snake_case keys as camelCase, times as ISO UTC. Both faces render them the same way;
values that hold the caller's own data (inputs, outputs, metadata) or names (score names,
env vars…) are written as they are.

A replay writes tens of thousands of keys, so spellings are remembered and plain dicts
and lists take the fast path before the general ``Mapping`` check."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from agenttrace.core.time import iso

DATA = frozenset({"scores", "events_by_type", "env_vars", "metadata", "input", "output"})
_SPELLINGS: dict[str, str] = {}


def camel(name: str) -> str:
    spelt = _SPELLINGS.get(name)
    if spelt is None:
        first, *rest = name.split("_")
        spelt = _SPELLINGS[name] = first + "".join(part[:1].upper() + part[1:] for part in rest)
    return spelt


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, item in value.items():
        name = _SPELLINGS.get(key) or camel(str(key))
        kind = type(item)
        if kind is str or kind is int or kind is float or kind is bool or item is None:
            found[name] = item
        else:
            found[name] = item if key in DATA else document_json(item)
    return found


def document_json(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict:
        return _mapping(value)
    if kind is list or kind is tuple:
        return [document_json(item) for item in value]
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, Mapping):
        return _mapping(value)
    return value
