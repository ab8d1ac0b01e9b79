"""Numbers that clients send as numbers or as their decimal text (Claude Code's log
attributes, a rule's JSON path into a trace's output): one reading for every part."""

from __future__ import annotations

from typing import Any


def number(value: Any) -> float | None:
    """``value`` as a float: a number (not a boolean) or text that is one; else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None
