"""Resources written as REST JSON: a view's fields (``core/views.py``) under camelCase
names, times in ISO UTC, token totals as ``{inputTokens, outputTokens, totalTokens}``.
``/v1`` writes exactly this; the Langfuse dialect starts from it where its objects agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agenttrace.core.time import iso
from agenttrace.core.views import Field, Totals, View
from agenttrace.db.types import Row


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def totals_json(value: Totals | None) -> dict[str, int] | None:
    if value is None:
        return None
    return {
        "inputTokens": value.input_tokens,
        "outputTokens": value.output_tokens,
        "totalTokens": value.total_tokens,
    }


def _writer(field: Field) -> Callable[[Row], Any]:
    get = field.get
    if field.kind == "time":
        return lambda row: iso(get(row))
    if field.kind == "totals":
        return lambda row: totals_json(get(row))
    return get


class Shape:
    """A view written as ``/v1`` JSON. The (key, getter) pairs are built once per view:
    a trace detail writes 20,000 observations with one loop each."""

    def __init__(self, view: View) -> None:
        self._view = view
        self._all = [(camel(f.name), _writer(f)) for f in view.fields]
        self._small = [(camel(f.name), _writer(f)) for f in view.fields if not f.large]

    def __call__(self, row: Row) -> dict[str, Any]:
        pairs = self._all if self._view.present(row) is self._view.fields else self._small
        return {key: get(row) for key, get in pairs}
