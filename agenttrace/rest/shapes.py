"""Resources written as REST JSON: a view's fields (``core/views.py``) under camelCase
names, times in ISO UTC, token totals as ``{inputTokens, outputTokens, totalTokens}``.
``/v1`` writes exactly this; the Langfuse dialect starts from it where its objects agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agenttrace.core.time import iso
from agenttrace.core.views import Totals, View
from agenttrace.db.types import Row
from agenttrace.web.documents import camel


def totals_json(value: Totals | None) -> dict[str, int] | None:
    if value is None:
        return None
    return {
        "inputTokens": value.input_tokens,
        "outputTokens": value.output_tokens,
        "totalTokens": value.total_tokens,
    }


def shape_of(view: View) -> Callable[[Row], dict[str, Any]]:
    """A view written as REST JSON."""
    writer: Callable[[Row], dict[str, Any]] = view.writer(
        key=camel, convert={"time": iso, "totals": totals_json}
    )
    return writer
