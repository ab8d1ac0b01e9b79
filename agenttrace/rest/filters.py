"""Query parameters → the core's typed filters, for both REST dialects.

Both dialects name these parameters alike (Langfuse's names, camelCase), so each filter is
read in one place; a dialect ignores what it does not document.
"""

from __future__ import annotations

from starlette.requests import Request

from agenttrace.core.errors import Invalid
from agenttrace.core.tracing.filters import ObservationFilter, TraceFilter
from agenttrace.core.tracing.vocabulary import LEVELS, OBSERVATION_TYPES
from agenttrace.rest import params


def one_of(request: Request, name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """Repeated or comma-separated values of an enum, any case; an unknown one is a 400."""
    values = tuple(value.upper() for value in params.texts(request, name))
    if any(value not in allowed for value in values):
        raise Invalid(f"{name} must be among {', '.join(allowed)} (any case)", field=name)
    return values


def _level(request: Request) -> str | None:
    levels = one_of(request, "level", LEVELS)
    return levels[0] if levels else None


def _metadata(request: Request) -> tuple[tuple[str, str], ...]:
    """``metadata=key=value``, repeated for several pairs (split at the first ``=``)."""
    pairs = []
    for given in request.query_params.getlist("metadata"):
        key, equals, value = given.partition("=")
        if not key or not equals:
            raise Invalid("metadata must be key=value", field="metadata")
        pairs.append((key, value))
    return tuple(pairs)


def trace_filter(request: Request) -> TraceFilter:
    return TraceFilter(
        user_id=params.text(request, "userId"),
        session_id=params.text(request, "sessionId"),
        name=params.text(request, "name"),
        tags=params.texts(request, "tags"),
        environments=params.texts(request, "environment"),
        release=params.text(request, "release"),
        version=params.text(request, "version"),
        level=_level(request),
        from_timestamp=params.timestamp(request, "fromTimestamp"),
        to_timestamp=params.timestamp(request, "toTimestamp"),
        bookmarked=params.boolean(request, "bookmarked"),
        git_commit_sha=params.text(request, "gitCommitSha"),
        git_branch=params.text(request, "gitBranch"),
        levels=one_of(request, "levels", LEVELS),
        models=params.texts(request, "models"),
        metadata=_metadata(request),
        search=params.text(request, "search"),
    )


def observation_filter(request: Request) -> ObservationFilter:
    return ObservationFilter(
        trace_id=params.text(request, "traceId"),
        types=one_of(request, "type", OBSERVATION_TYPES),
        name=params.text(request, "name"),
        level=_level(request),
        # Present but empty: observations without a parent.
        parent_observation_id=request.query_params.get("parentObservationId"),
        is_root=params.boolean(request, "isRootObservation"),
        environments=params.texts(request, "environment"),
        version=params.text(request, "version"),
        from_start_time=params.timestamp(request, "fromStartTime"),
        to_start_time=params.timestamp(request, "toStartTime"),
        user_id=params.text(request, "userId"),
        session_id=params.text(request, "sessionId"),
    )
