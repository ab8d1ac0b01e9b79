"""Enums of the schema, made from the core's vocabularies so the two never differ."""

from __future__ import annotations

from enum import Enum

import strawberry

from agenttrace.core.tracing.vocabulary import (
    LEVELS,
    OBSERVATION_TYPES,
    SCORE_DATA_TYPES,
    SCORE_SOURCES,
)


def _enum(name: str, values: tuple[str, ...], description: str) -> type[Enum]:
    members: type[Enum] = Enum(name, [(value, value) for value in values])  # type: ignore[misc]
    return strawberry.enum(members, description=description)


ObservationType = _enum("ObservationType", OBSERVATION_TYPES, "What an observation records.")
Level = _enum(
    "Level", LEVELS, "Severity; a trace's is the highest of its own and its observations'."
)
ScoreDataType = _enum("ScoreDataType", SCORE_DATA_TYPES, "How a score's value reads.")
ScoreSource = _enum("ScoreSource", SCORE_SOURCES, "Who gave a score.")


@strawberry.enum(description="Order of a list.")
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.enum(description="What a list of traces is ordered by (ties by id).")
class TraceOrderField(Enum):
    TIMESTAMP = "timestamp"
    LATENCY = "latency"
    TOTAL_COST = "totalCost"


def value_of(member: Enum | None) -> str | None:
    """The core's string for an enum argument."""
    return None if member is None else str(member.value)


def values(members: list[Enum] | None) -> tuple[str, ...]:
    """The core's strings for a list argument of enum members."""
    return tuple(member.value for member in members or ())
