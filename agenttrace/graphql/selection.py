"""What a query asks of a field, read from its selection before any database work: which
columns to read (large input/output/metadata only when asked for) and whether to count."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from agenttrace.graphql.context import Context

# Columns that can be large; read only when a query selects them.
IO_FIELDS = frozenset({"input", "output", "metadata"})


def _names(selections: Iterable[Selection], path: tuple[str, ...]) -> set[str]:
    found: set[str] = set()
    for selection in selections:
        if isinstance(selection, FragmentSpread | InlineFragment):
            found |= _names(selection.selections, path)
        elif isinstance(selection, SelectedField):
            if not path:
                found.add(selection.name)
            elif selection.name == path[0]:
                found |= _names(selection.selections, path[1:])
    return found


def selected(info: strawberry.Info[Context, None], *path: str) -> frozenset[str]:
    """Names selected under this field, or under ``path`` within it (fragments included;
    ``@skip``/``@include`` are not evaluated, so this errs towards selecting).

    A field of a list is asked once per item with the same selection, so the answer is
    kept in the context by the operation and the field's response path without indexes.
    """
    operation = info.operation
    # By identity: a document's hash walks its whole tree. The entry holds the operation,
    # so a later operation at the same address cannot take its answer.
    key = (id(operation), *(k for k in info.path.as_list() if isinstance(k, str)), "", *path)
    memo = info.context.selections
    entry = memo.get(key)
    if entry is None or entry[0] is not operation:
        selections = (s for field in info.selected_fields for s in _selections(field))
        entry = memo[key] = (operation, frozenset(_names(selections, path)))
    return entry[1]


def _selections(field: Selection) -> list[Selection]:
    return field.selections if isinstance(field, SelectedField) else []


def node_fields(info: strawberry.Info[Context, None]) -> frozenset[str]:
    """What a connection field asks of its nodes, through ``edges.node`` or ``nodes``."""
    return selected(info, "edges", "node") | selected(info, "nodes")


def wants_io(names: frozenset[str]) -> bool:
    return not IO_FIELDS.isdisjoint(names)
