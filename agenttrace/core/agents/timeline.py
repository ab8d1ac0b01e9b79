"""The per-commit timeline: which commit made the agent slower or costlier.

Commits are ordered by commit time; each shows its figures (``commit_figures.py``) and
the change from the previous commit, with the metrics that moved the wrong way by more
than ``REGRESSION_RATIO``. A page reads the times of every commit of the scope (one
grouped statement per source), then the figures of only its own commits and the one
before the oldest of them, so page 1 of 1,000 commits costs about what a page of 50 does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.commit_figures import (
    TRACES_PER_COMMIT,
    Scope,
    commit_times,
    figures,
    traces_of_commits,
)
from agenttrace.core.agents.tables import GIT_LINK
from agenttrace.core.pages import Page, Sort, decode_cursor, page_of

# A metric that moved the wrong way by more than this share of its previous value is
# listed in ``regressions`` (cost, latency and errors up; scores down).
REGRESSION_RATIO = 0.1

SORT = Sort(
    name="git_timeline.commit_time.desc",
    column=GIT_LINK.c.commit_timestamp,
    id_column=GIT_LINK.c.commit_sha,
)

__all__ = ["SORT", "TRACES_PER_COMMIT", "commit", "timeline"]


def _minus(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def _per_trace(commit: dict[str, Any]) -> float | None:
    cost = commit["total_cost"]
    return None if cost is None or not commit["trace_count"] else cost / commit["trace_count"]


def _worse(now: float | None, before: float | None, higher_is_worse: bool = True) -> bool:
    if now is None or before is None:
        return False
    change = now - before if higher_is_worse else before - now
    return change > abs(before) * REGRESSION_RATIO and change > 0


def _delta(
    commit: dict[str, Any], previous: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, list[str]]:
    if previous is None:
        return None, []
    cost, cost_before = _per_trace(commit), _per_trace(previous)
    delta = {
        "trace_count": commit["trace_count"] - previous["trace_count"],
        "total_cost": _minus(commit["total_cost"], previous["total_cost"]),
        "cost_per_trace": _minus(cost, cost_before),
        "total_tokens": commit["total_tokens"] - previous["total_tokens"],
        "avg_latency": _minus(commit["avg_latency"], previous["avg_latency"]),
        "error_count": commit["error_count"] - previous["error_count"],
        "scores": {
            name: value - previous["scores"][name]
            for name, value in commit["scores"].items()
            if name in previous["scores"]
        },
    }
    regressions = [
        name
        for name, worse in (
            ("cost", _worse(cost, cost_before)),
            ("latency", _worse(commit["avg_latency"], previous["avg_latency"])),
            ("errors", commit["error_count"] > previous["error_count"]),
        )
        if worse
    ] + [
        f"score:{name}"
        for name, value in commit["scores"].items()
        if _worse(value, previous["scores"].get(name), higher_is_worse=False)
    ]
    return delta, regressions


def _chained(newest_first: list[str], found: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The commits in order, each with its delta from the next (older) one of the list."""
    shown = []
    for index, sha in enumerate(newest_first):
        current = found[sha]
        older = found.get(newest_first[index + 1]) if index + 1 < len(newest_first) else None
        delta, regressions = _delta(current, older)
        shown.append({**current, "delta": delta, "regressions": regressions,
                      "previous_commit_sha": older["commit_sha"] if older else None})  # fmt: skip
    return shown


async def timeline(
    *,
    session: AsyncSession,
    project_id: str,
    branch: str | None,
    repo_url: str | None,
    limit: int,
    cursor: str | None,
) -> Page:
    """A page of the timeline, newest commit first, each with its first traces."""
    scope = Scope(project_id, branch, repo_url)
    ordered = list(reversed(await commit_times(session=session, scope=scope)))
    total = len(ordered)
    if cursor:
        after = decode_cursor(SORT, cursor)
        ordered = [(when, sha) for when, sha in ordered if (when, sha) < after]
    window = [sha for _, sha in ordered[: limit + 1]]
    found = await figures(session=session, scope=scope, shas=window)
    rows = [
        {**row, "id": row["commit_sha"], "commit_timestamp": row["commit_time"]}
        for row in _chained(window, found)
    ]
    page = page_of(rows, sort=SORT, limit=limit, total=total)
    listed = await traces_of_commits(
        session=session, project_id=project_id, shas=[r["commit_sha"] for r in page.rows],
        per_commit=TRACES_PER_COMMIT,
    )  # fmt: skip
    for row in page.rows:
        row["traces"] = listed[row["commit_sha"]]
    return page


async def commit(*, session: AsyncSession, project_id: str, sha: str) -> dict[str, Any] | None:
    """One commit of the project, with its traces and its delta from the commit before it."""
    scope = Scope(project_id)
    ordered = [name for _, name in reversed(await commit_times(session=session, scope=scope))]
    if sha not in ordered:
        return None
    window = ordered[ordered.index(sha) : ordered.index(sha) + 2]
    (found, *_) = _chained(window, await figures(session=session, scope=scope, shas=window))
    listed = await traces_of_commits(
        session=session, project_id=project_id, shas=[sha], per_commit=TRACES_PER_COMMIT
    )
    return {**found, "traces": listed[sha]}
