"""The figures of commits, for the timeline: which traces belong to each commit (a git
link, or the trace's own ``gitCommitSha``: both count, once), and per commit their count,
cost, tokens, mean latency, observations at level ERROR, failed traces and mean numeric
scores. Each figure is read per trace (each trace's rows read once however many commits
name it) for just the commits asked for, then summed per commit here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import CompoundSelect, Select, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.tables import GIT_LINK
from agenttrace.core.tracing.tables import OBSERVATION, SCORE, TRACE

# Traces listed with each commit of a page (``traceCount`` counts them all).
TRACES_PER_COMMIT = 100


@dataclass(frozen=True)
class Scope:
    """Which links count: the project's, narrowed to a branch and a repository."""

    project_id: str
    branch: str | None = None
    repo_url: str | None = None

    def links(self, *columns: Any) -> Select[Any]:
        statement = select(*columns).where(GIT_LINK.c.project_id == self.project_id)
        if self.branch is not None:
            statement = statement.where(GIT_LINK.c.branch == self.branch)
        if self.repo_url is not None:
            statement = statement.where(GIT_LINK.c.repo_url == self.repo_url)
        return statement

    def traces(self, *columns: Any) -> Select[Any]:
        statement = select(*columns).where(
            TRACE.c.project_id == self.project_id, TRACE.c.git_commit_sha.is_not(None)
        )
        if self.branch is not None:
            statement = statement.where(TRACE.c.git_branch == self.branch)
        if self.repo_url is not None:
            statement = statement.where(TRACE.c.git_repo_url == self.repo_url)
        return statement


def _pairs(scope: Scope, shas: Sequence[str]) -> CompoundSelect[Any]:
    """(commit sha, trace id) of these commits, from both sources, each pair once."""
    links = scope.links(GIT_LINK.c.commit_sha.label("sha"), GIT_LINK.c.trace_id.label("trace_id"))
    traces = scope.traces(TRACE.c.git_commit_sha.label("sha"), TRACE.c.id.label("trace_id"))
    return union(
        links.where(GIT_LINK.c.commit_sha.in_(list(shas))),
        traces.where(TRACE.c.git_commit_sha.in_(list(shas))),
    )


async def _rows(session: AsyncSession, statement: Any) -> list[Any]:
    return list((await session.execute(statement)).all())


async def commit_times(*, session: AsyncSession, scope: Scope) -> list[tuple[datetime, str]]:
    """Every commit of the scope with its time, oldest first: its links' earliest commit
    time, or (a commit only traces name) its earliest trace."""
    linked = dict(
        await _rows(
            session,
            scope.links(GIT_LINK.c.commit_sha, func.min(GIT_LINK.c.commit_timestamp)).group_by(
                GIT_LINK.c.commit_sha
            ),
        )
    )
    named = await _rows(
        session,
        scope.traces(TRACE.c.git_commit_sha, func.min(TRACE.c.timestamp)).group_by(
            TRACE.c.git_commit_sha
        ),
    )
    times = {**{sha: when for sha, when in named}, **linked}
    return sorted((when, sha) for sha, when in times.items())


@dataclass
class _Commit:
    """A commit's figures, summed trace by trace."""

    traces: int = 0
    observations: int = 0
    cost: float | None = None
    tokens: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    failed: int = 0
    first: Any = None
    branch: str | None = None
    repo_url: str | None = None
    scores: dict[str, list[float]] = field(default_factory=dict)  # name → [sum, count]

    def add(self, trace: Any, errors: int, scores: dict[str, list[float]]) -> None:
        self.traces += 1
        self.observations += trace.observation_count or 0
        if trace.total_cost is not None:
            self.cost = (self.cost or 0.0) + trace.total_cost
        self.tokens += trace.total_tokens or 0
        if trace.latency is not None:
            self.latencies.append(trace.latency)
        self.errors += errors
        self.failed += trace.level == "ERROR"
        self.first = trace.timestamp if self.first is None else min(self.first, trace.timestamp)
        self.branch = self.branch or trace.git_branch
        self.repo_url = self.repo_url or trace.git_repo_url
        for name, (total, count) in scores.items():
            kept = self.scores.setdefault(name, [0.0, 0])
            kept[0] += total
            kept[1] += count


async def figures(
    *, session: AsyncSession, scope: Scope, shas: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """The figures of these commits (those the scope holds)."""
    if not shas:
        return {}
    project_id = scope.project_id
    pairs_query = _pairs(scope, shas)
    pairs = await _rows(session, pairs_query)
    in_pairs = select(pairs_query.subquery("pairs").c.trace_id)
    trace = TRACE
    traces = {
        row.id: row
        for row in await _rows(
            session,
            select(
                trace.c.id, trace.c.timestamp, trace.c.total_cost, trace.c.total_tokens,
                trace.c.latency, trace.c.observation_count, trace.c.level, trace.c.git_branch,
                trace.c.git_repo_url,
            ).where(trace.c.project_id == project_id, trace.c.id.in_(in_pairs)),
        )
    }  # fmt: skip
    observation = OBSERVATION
    errors: dict[str, int] = dict(
        await _rows(
            session,
            select(observation.c.trace_id, func.count())
            .where(
                observation.c.project_id == project_id,
                observation.c.trace_id.in_(in_pairs),
                observation.c.level == "ERROR",
            )
            .group_by(observation.c.trace_id),
        )
    )
    score = SCORE
    scores: dict[str, dict[str, list[float]]] = {}
    for trace_id, name, total, count in await _rows(
        session,
        select(score.c.trace_id, score.c.name, func.sum(score.c.value), func.count())
        .where(
            score.c.project_id == project_id,
            score.c.trace_id.in_(in_pairs),
            score.c.value.is_not(None),
            score.c.data_type != "CATEGORICAL",
        )
        .group_by(score.c.trace_id, score.c.name),
    ):
        scores.setdefault(trace_id, {})[name] = [float(total), int(count)]
    meta = {
        row[0]: row[1:]
        for row in await _rows(
            session,
            scope.links(
                GIT_LINK.c.commit_sha,
                func.min(GIT_LINK.c.commit_timestamp),
                func.max(GIT_LINK.c.commit_message),
                func.max(GIT_LINK.c.commit_author),
                func.max(GIT_LINK.c.branch),
                func.max(GIT_LINK.c.repo_url),
                func.max(GIT_LINK.c.parent_sha),
            )
            .where(GIT_LINK.c.commit_sha.in_(list(shas)))
            .group_by(GIT_LINK.c.commit_sha),
        )
    }
    summed: dict[str, _Commit] = defaultdict(_Commit)
    for sha, trace_id in pairs:
        if trace_id in traces:
            summed[sha].add(traces[trace_id], errors.get(trace_id, 0), scores.get(trace_id, {}))
    return {sha: _public(sha, commit, meta.get(sha)) for sha, commit in summed.items()}


def _public(sha: str, figures: _Commit, meta: Any) -> dict[str, Any]:
    commit_time, message, author, branch, repo_url, parent = meta or (None,) * 6
    latencies = figures.latencies
    return {
        "commit_sha": sha,
        "commit_time": commit_time or figures.first,
        "commit_message": message,
        "commit_author": author,
        "parent_sha": parent,
        "branch": branch or figures.branch,
        "repo_url": repo_url or figures.repo_url,
        "trace_count": figures.traces,
        "observation_count": figures.observations,
        "total_cost": figures.cost,
        "total_tokens": figures.tokens,
        "avg_latency": sum(latencies) / len(latencies) if latencies else None,
        "error_count": figures.errors,
        "failed_trace_count": figures.failed,
        "scores": {name: total / count for name, (total, count) in sorted(figures.scores.items())},
    }


async def traces_of_commits(
    *, session: AsyncSession, project_id: str, shas: Sequence[str], per_commit: int
) -> dict[str, list[dict[str, Any]]]:
    """The first traces (oldest first) of each commit, with their figures."""
    found: dict[str, list[dict[str, Any]]] = {sha: [] for sha in shas}
    if not shas:
        return found
    pairs = union(
        select(GIT_LINK.c.commit_sha.label("sha"), GIT_LINK.c.trace_id.label("trace_id")).where(
            GIT_LINK.c.project_id == project_id, GIT_LINK.c.commit_sha.in_(list(shas))
        ),
        select(TRACE.c.git_commit_sha, TRACE.c.id).where(
            TRACE.c.project_id == project_id, TRACE.c.git_commit_sha.in_(list(shas))
        ),
    ).subquery("pairs")
    trace = TRACE
    result = await session.execute(
        select(
            pairs.c.sha,
            trace.c.id,
            trace.c.name,
            trace.c.timestamp,
            trace.c.total_cost,
            trace.c.total_tokens,
            trace.c.latency,
            trace.c.level,
        )
        .select_from(
            pairs.join(trace, (trace.c.project_id == project_id) & (trace.c.id == pairs.c.trace_id))
        )
        .order_by(pairs.c.sha, trace.c.timestamp, trace.c.id)
    )
    for sha, *values in result.all():
        if len(found[sha]) < per_commit:
            keys = ("id", "name", "timestamp", "total_cost", "total_tokens", "latency", "level")
            found[sha].append(dict(zip(keys, values, strict=True)))
    return found
