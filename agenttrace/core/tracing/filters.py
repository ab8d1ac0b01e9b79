"""Typed filters for traces, observations, scores and sessions, and their SQL conditions.

Every face (``/v1``, the Langfuse API, GraphQL) fills these dataclasses from its own
parameters; the conditions are written once here, so no two faces can disagree about
which rows a filter selects. Project scoping is not a filter: ``core/listing.py`` adds
it to every query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, select

from agenttrace.core.time import bound_utc
from agenttrace.core.tracing import search as trace_search
from agenttrace.core.tracing.tables import OBSERVATION, SCORE, SESSION, TRACE
from agenttrace.db import sql

SCORE_OPERATORS = {
    "<": "__lt__",
    ">": "__gt__",
    "<=": "__le__",
    ">=": "__ge__",
    "=": "__eq__",
    "!=": "__ne__",
}


def _equal(conditions: list[ColumnElement[bool]], column: ColumnElement[Any], value: Any) -> None:
    if value is not None:
        conditions.append(column == value)


def _one_of(
    conditions: list[ColumnElement[bool]], column: ColumnElement[Any], values: Sequence[Any]
) -> None:
    if values:
        conditions.append(column.in_(list(values)))


def _between(
    conditions: list[ColumnElement[bool]],
    column: ColumnElement[Any],
    start: datetime | None,
    end: datetime | None,
) -> None:
    """``start`` inclusive, ``end`` exclusive (Langfuse's rule); bounds without an offset
    are UTC (``core/time.py``), whichever face gave them."""
    if start is not None:
        conditions.append(column >= bound_utc(start))
    if end is not None:
        conditions.append(column < bound_utc(end))


@dataclass(frozen=True)
class TraceFilter:
    ids: tuple[str, ...] = ()  # any of them
    user_id: str | None = None
    session_id: str | None = None
    name: str | None = None
    tags: tuple[str, ...] = ()  # a trace must carry all of them
    environments: tuple[str, ...] = ()  # any of them
    release: str | None = None
    version: str | None = None
    level: str | None = None
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None
    bookmarked: bool | None = None
    git_commit_sha: str | None = None
    git_branch: str | None = None
    levels: tuple[str, ...] = ()  # any of them
    models: tuple[str, ...] = ()  # at least one observation of one of these models
    # (key, value): each top-level metadata value, as text, equals the given one.
    metadata: tuple[tuple[str, str], ...] = ()
    search: str | None = None  # every word, in the name, input or output (``search.py``)

    def conditions(
        self, dialect: sql.Dialect, table: Table = TRACE, project_id: str | None = None
    ) -> list[ColumnElement[bool]]:
        """``project_id`` is needed only for ``models`` and ``search`` (their subqueries
        stay inside the project, where the indexes are)."""
        found: list[ColumnElement[bool]] = []
        _one_of(found, table.c.id, self.ids)
        _equal(found, table.c.user_id, self.user_id)
        _equal(found, table.c.session_id, self.session_id)
        _equal(found, table.c.name, self.name)
        _one_of(found, table.c.environment, self.environments)
        _equal(found, table.c.release, self.release)
        _equal(found, table.c.version, self.version)
        _equal(found, table.c.level, self.level)
        _between(found, table.c.timestamp, self.from_timestamp, self.to_timestamp)
        _equal(found, table.c.bookmarked, self.bookmarked)
        _equal(found, table.c.git_commit_sha, self.git_commit_sha)
        _equal(found, table.c.git_branch, self.git_branch)
        if self.tags:
            found.append(sql.json_array_contains_all(table.c.tags, self.tags, dialect))
        _one_of(found, table.c.level, self.levels)
        for key, value in self.metadata:
            found.append(sql.json_text_at(table.c["metadata"], key, dialect) == value)
        if self.models or trace_search.words(self.search):
            if project_id is None:
                raise ValueError("filtering traces by model or search needs the project")
            if self.models:
                found.append(table.c.id.in_(_traces_with_models(project_id, self.models)))
            if words := trace_search.words(self.search):
                found.append(trace_search.condition(table.c.id, project_id, words, dialect))
        return found


def _traces_with_models(project_id: str, models: Sequence[str]) -> Any:
    """Through the (project, model, trace) index of observations."""
    return select(OBSERVATION.c.trace_id).where(
        OBSERVATION.c.project_id == project_id, OBSERVATION.c.model.in_(list(models))
    )


def _trace_ids_where(project_id: str, column: ColumnElement[Any], value: str) -> Any:
    return select(TRACE.c.id).where(TRACE.c.project_id == project_id, column == value)


@dataclass(frozen=True)
class ObservationFilter:
    trace_id: str | None = None
    types: tuple[str, ...] = ()
    name: str | None = None
    level: str | None = None
    # "" selects observations without a parent (the roots).
    parent_observation_id: str | None = None
    # True: only roots (no parent); False: only observations with a parent.
    is_root: bool | None = None
    environments: tuple[str, ...] = ()
    version: str | None = None
    from_start_time: datetime | None = None
    to_start_time: datetime | None = None
    user_id: str | None = None
    session_id: str | None = None

    def conditions(self, project_id: str) -> list[ColumnElement[bool]]:
        table = OBSERVATION
        found: list[ColumnElement[bool]] = []
        _equal(found, table.c.trace_id, self.trace_id)
        _one_of(found, table.c.type, self.types)
        _equal(found, table.c.name, self.name)
        _equal(found, table.c.level, self.level)
        if self.parent_observation_id == "":
            found.append(table.c.parent_observation_id.is_(None))
        else:
            _equal(found, table.c.parent_observation_id, self.parent_observation_id)
        if self.is_root is not None:
            parent = table.c.parent_observation_id
            found.append(parent.is_(None) if self.is_root else parent.is_not(None))
        _one_of(found, table.c.environment, self.environments)
        _equal(found, table.c.version, self.version)
        _between(found, table.c.start_time, self.from_start_time, self.to_start_time)
        if self.user_id is not None:
            found.append(
                table.c.trace_id.in_(_trace_ids_where(project_id, TRACE.c.user_id, self.user_id))
            )
        if self.session_id is not None:
            found.append(
                table.c.trace_id.in_(
                    _trace_ids_where(project_id, TRACE.c.session_id, self.session_id)
                )
            )
        return found


@dataclass(frozen=True)
class ScoreFilter:
    ids: tuple[str, ...] = ()
    trace_id: str | None = None
    observation_ids: tuple[str, ...] = ()
    session_id: str | None = None
    dataset_run_id: str | None = None
    names: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    data_types: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()
    config_id: str | None = None
    queue_id: str | None = None
    author_user_id: str | None = None
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None
    user_id: str | None = None
    # A comparison on the numeric value, e.g. (">=", 0.5).
    value: tuple[str, float] | None = None
    values: tuple[float, ...] = ()  # the numeric value is one of them
    string_values: tuple[str, ...] = ()  # the label (categorical, boolean) is one of them
    value_min: float | None = None  # inclusive
    value_max: float | None = None  # inclusive
    trace_tags: tuple[str, ...] = ()  # the score's trace must carry all of them
    # True: scores of traces (and their observations) only, not of sessions or runs.
    on_trace: bool | None = None

    def conditions(
        self, project_id: str, dialect: sql.Dialect | None = None
    ) -> list[ColumnElement[bool]]:
        """``dialect`` is needed only for ``trace_tags`` (JSON containment differs)."""
        table = SCORE
        found: list[ColumnElement[bool]] = []
        _one_of(found, table.c.id, self.ids)
        _equal(found, table.c.trace_id, self.trace_id)
        _one_of(found, table.c.observation_id, self.observation_ids)
        _equal(found, table.c.session_id, self.session_id)
        _equal(found, table.c.dataset_run_id, self.dataset_run_id)
        _one_of(found, table.c.name, self.names)
        _one_of(found, table.c.source, self.sources)
        _one_of(found, table.c.data_type, self.data_types)
        _one_of(found, table.c.environment, self.environments)
        _equal(found, table.c.config_id, self.config_id)
        _equal(found, table.c.queue_id, self.queue_id)
        _equal(found, table.c.author_user_id, self.author_user_id)
        _between(found, table.c.timestamp, self.from_timestamp, self.to_timestamp)
        if self.user_id is not None:
            found.append(
                table.c.trace_id.in_(_trace_ids_where(project_id, TRACE.c.user_id, self.user_id))
            )
        if self.value is not None:
            operator, number = self.value
            found.append(getattr(table.c.value, SCORE_OPERATORS[operator])(number))
        _one_of(found, table.c.value, self.values)
        _one_of(found, table.c.string_value, self.string_values)
        if self.value_min is not None:
            found.append(table.c.value >= self.value_min)
        if self.value_max is not None:
            found.append(table.c.value <= self.value_max)
        if self.on_trace is not None:
            trace = table.c.trace_id
            found.append(trace.is_not(None) if self.on_trace else trace.is_(None))
        if self.trace_tags:
            if dialect is None:
                raise ValueError("filtering scores by trace tags needs the dialect")
            tagged = TraceFilter(tags=self.trace_tags).conditions(dialect)
            found.append(
                table.c.trace_id.in_(
                    select(TRACE.c.id).where(TRACE.c.project_id == project_id, *tagged)
                )
            )
        return found


@dataclass(frozen=True)
class SessionFilter:
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None
    environments: tuple[str, ...] = ()
    user_id: str | None = None  # sessions with at least one trace of this user

    def conditions(self, project_id: str, table: Table = SESSION) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        _between(found, table.c.created_at, self.from_timestamp, self.to_timestamp)
        _one_of(found, table.c.environment, self.environments)
        if self.user_id is not None:
            # Through the (project, user, timestamp) index of traces.
            found.append(
                table.c.id.in_(
                    select(TRACE.c.session_id).where(
                        TRACE.c.project_id == project_id, TRACE.c.user_id == self.user_id
                    )
                )
            )
        return found
