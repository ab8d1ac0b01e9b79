"""A resource's public fields, declared once; every face renders them from the same row.

A ``View`` names what a reader may see of a stored row and how each value is found: a
column as it is, or a value derived from the row (a latency, a link). Faces differ only in
how they write it down — camelCase keys and ISO times in REST, snake_case attributes and
the ``DateTime`` scalar in GraphQL — never in what a field holds, so they cannot disagree
about a number. Adding a public field to a resource is one line in its view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Literal

from agenttrace.db.types import Row

# How a face writes a value: as it is, as a time, or as token totals.
Kind = Literal["value", "time", "totals"]


@dataclass(frozen=True, slots=True)
class Totals:
    """Token counts: input, output and their total (``usage`` on every resource)."""

    input_tokens: int
    output_tokens: int
    total_tokens: int


def totals(row: Row, input: str, output: str, total: str) -> Totals:
    """Sums over no rows arrive as NULL: they count as 0 tokens."""
    return Totals(int(row[input] or 0), int(row[output] or 0), int(row[total] or 0))


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # snake_case; faces derive their own spelling from it
    get: Callable[[Row], Any]
    kind: Kind = "value"
    # A payload column (input, output, metadata): lists may be read without all of them
    # (``fields=core``), and then the row holds none of them and the field is left out.
    large: bool = False


def column(name: str, source: str | None = None, *, kind: Kind = "value") -> Field:
    return Field(name, itemgetter(source or name), kind)


def large(name: str) -> Field:
    return Field(name, itemgetter(name), large=True)


def derived(name: str, get: Callable[[Row], Any], *, kind: Kind = "value") -> Field:
    return Field(name, get, kind)


class View:
    def __init__(self, resource: str, fields: tuple[Field, ...]) -> None:
        self.resource = resource
        self.fields = fields
        self._small = tuple(f for f in fields if not f.large)
        # Payload columns are read all together or not at all: one of them tells which.
        self._probe = next((f.name for f in fields if f.large), None)

    def present(self, row: Row) -> tuple[Field, ...]:
        """The fields this row can show: all, or all but the payloads it was read without."""
        return self.fields if self._probe is None or self._probe in row else self._small

    def values(self, row: Row) -> dict[str, Any]:
        """The public values of ``row`` under their snake_case names (times as datetimes)."""
        return {f.name: f.get(row) for f in self.present(row)}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)
