"""Rows as the ingest core handles them: plain dicts keyed by column name, found by
(project, id), read in chunks under the bind-parameter limits, new ones made from the
table's column defaults."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

from agenttrace.core.tracing.tables import TABLES, Kind

# Keys per IN list: far below both databases' bind-parameter limits.
LOAD_CHUNK = 2000

Row = dict[str, Any]
Key = tuple[str, str]


def _defaults(table: Table) -> Row:
    row: Row = {}
    for column in table.columns:
        default = column.default
        if default is None:
            row[column.name] = None
        elif isinstance(default, CallableColumnDefault):
            row[column.name] = default.arg(None)  # type: ignore[arg-type]  # no context needed
        elif isinstance(default, ScalarElementColumnDefault):
            row[column.name] = default.arg
        else:  # a server-side default: the database fills it
            row[column.name] = None
    return row


_DEFAULTS: dict[Kind, Row] = {kind: _defaults(table) for kind, table in TABLES.items()}
# A new observation has no type until a write gives one (an update event only fills it);
# it becomes SPAN if none ever does.
_DEFAULTS["observation"]["type"] = None


def new_row(kind: Kind, project_id: str, row_id: str, now: datetime) -> Row:
    # A shallow copy is enough: merging replaces dict and list values, never mutates them.
    row = dict(_DEFAULTS[kind])
    row["project_id"], row["id"], row["created_at"] = project_id, row_id, now
    return row


def chunks(keys: Iterable[Key]) -> Iterator[tuple[str, list[str]]]:
    """(project, ids) per project, at most LOAD_CHUNK ids at a time."""
    by_project: dict[str, list[str]] = defaultdict(list)
    for project_id, row_id in set(keys):
        by_project[project_id].append(row_id)
    for project_id, ids in by_project.items():
        for start in range(0, len(ids), LOAD_CHUNK):
            yield project_id, ids[start : start + LOAD_CHUNK]
