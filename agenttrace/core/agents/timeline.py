"""The per-commit timeline: which commit made the agent slower or costlier.

A trace belongs to a commit through a git link or through its own ``gitCommitSha`` (both
count, once). Per commit: its traces' count, cost, tokens, mean latency, observations at
level ERROR, failed traces and mean numeric scores, each with the change from the
previous commit (by commit time), and the metrics that moved the wrong way by more than
``REGRESSION_RATIO``. Every figure comes from a few statements over all matching commits
(so each delta has its predecessor); only the page's commits list their traces.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import CompoundSelect, Select, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.tables import GIT_LINK
from agenttrace.core.pages import Page, Sort, decode_cursor, page_of
from agenttrace.core.tracing.tables import OBSERVATION, SCORE, TRACE

# A metric that moved the wrong way by more than this share of its previous value is
# listed in ``regressions`` (cost, latency and errors up; scores down).
REGRESSION_RATIO = 0.1
# Traces listed with each commit of a page (``traceCount`` counts them all).
TRACES_PER_COMMIT = 100

SORT = Sort(
    name="git_timeline.commit_time.desc",
    column=GIT_LINK.c.commit_timestamp,
    id_column=GIT_LINK.c.commit_sha,
)


def _pairs(
    project_id: str, branch: str | None, repo_url: str | None, commit_sha: str | None
) -> CompoundSelect[Any]:
    """(commit sha, trace id) of every link, from both sources, each pair once."""
    links = select(GIT_LINK.c.commit_sha.label("sha"), GIT_LINK.c.trace_id.label("trace_id"))
    links = links.where(GIT_LINK.c.project_id == project_id)
    traces = select(TRACE.c.git_commit_sha.label("sha"), TRACE.c.id.label("trace_id")).where(
        TRACE.c.project_id == project_id, TRACE.c.git_commit_sha.is_not(None)
    )
    for value, link_column, trace_column in (
        (branch, GIT_LINK.c.branch, TRACE.c.git_branch),
        (repo_url, GIT_LINK.c.repo_url, TRACE.c.git_repo_url),
        (commit_sha, GIT_LINK.c.commit_sha, TRACE.c.git_commit_sha),
    ):
        if value is not None:
            links = links.where(link_column == value)
            traces = traces.where(trace_column == value)
    return union(links, traces)


async def _rows(session: AsyncSession, statement: Select[Any]) -> list[Any]:
    return list((await session.execute(statement)).all())


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


async def commits(
    *,
    session: AsyncSession,
    project_id: str,
    branch: str | None = None,
    repo_url: str | None = None,
    commit_sha: str | None = None,
) -> list[dict[str, Any]]:
    """Every matching commit with its figures and deltas, newest first.

    Each figure is read per trace (one statement per source, each trace's rows read once
    however many commits name it), then summed per commit here."""
    pairs_query = _pairs(project_id, branch, repo_url, commit_sha)
    pairs = await _rows(session, pairs_query)  # type: ignore[arg-type]
    if not pairs:
        return []
    linked = pairs_query.subquery("pairs")
    in_pairs = select(linked.c.trace_id)
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
            select(
                GIT_LINK.c.commit_sha,
                func.min(GIT_LINK.c.commit_timestamp),
                func.max(GIT_LINK.c.commit_message),
                func.max(GIT_LINK.c.commit_author),
                func.max(GIT_LINK.c.branch),
                func.max(GIT_LINK.c.repo_url),
                func.max(GIT_LINK.c.parent_sha),
            )
            .where(
                GIT_LINK.c.project_id == project_id,
                GIT_LINK.c.commit_sha.in_(select(linked.c.sha)),
            )
            .group_by(GIT_LINK.c.commit_sha),
        )
    }
    summed: dict[str, _Commit] = defaultdict(_Commit)
    for sha, trace_id in pairs:
        if trace_id in traces:
            summed[sha].add(traces[trace_id], errors.get(trace_id, 0), scores.get(trace_id, {}))
    found = [_public(sha, figures, meta.get(sha)) for sha, figures in summed.items()]
    found.sort(key=lambda c: (c["commit_time"], c["commit_sha"]))
    previous: dict[str, Any] | None = None
    for commit in found:
        commit["delta"], commit["regressions"] = _delta(commit, previous)
        commit["previous_commit_sha"] = previous["commit_sha"] if previous else None
        previous = commit
    found.reverse()
    return found


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
    every = await commits(session=session, project_id=project_id, branch=branch, repo_url=repo_url)
    rows = [{**c, "commit_timestamp": c["commit_time"]} for c in every]
    if cursor:
        after_time, after_sha = decode_cursor(SORT, cursor)
        rows = [r for r in rows if (r["commit_time"], r["commit_sha"]) < (after_time, after_sha)]
    page = page_of(
        [{**r, "id": r["commit_sha"]} for r in rows[: limit + 1]],
        sort=SORT,
        limit=limit,
        total=len(every),
    )
    listed = await traces_of_commits(
        session=session,
        project_id=project_id,
        shas=[r["commit_sha"] for r in page.rows],
        per_commit=TRACES_PER_COMMIT,
    )
    for row in page.rows:
        row["traces"] = listed[row["commit_sha"]]
    return page
