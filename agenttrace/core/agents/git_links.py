"""Git links: a trace tied to a commit (the commit it ran on, made, or referenced)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from agenttrace.core.agents.bodies import GitLinkBody
from agenttrace.core.agents.listing import Filterable, RecordKind
from agenttrace.core.agents.records import at, record_id, record_write
from agenttrace.core.agents.tables import GIT_LINK
from agenttrace.core.agents.vocabulary import GIT_LINK_TYPES
from agenttrace.core.time import utcnow
from agenttrace.core.tracing.ingest.bodies import parse
from agenttrace.core.tracing.ingest.records import RecordWrite
from agenttrace.core.views import View, column, derived
from agenttrace.db.types import Row

STORE = "git_link"


def _changed_count(row: Row) -> int:
    return sum(len(row[name] or ()) for name in ("files_added", "files_modified", "files_deleted"))


VIEW = View(
    "git_link",
    (
        *(column(name) for name in ("id", "project_id", "trace_id", "observation_id")),
        *(column(name) for name in ("commit_sha", "parent_sha", "branch", "tag", "repo_url")),
        *(column(name) for name in ("commit_message", "commit_author", "commit_author_email")),
        column("commit_timestamp", kind="time"),
        *(column(name) for name in ("files_added", "files_modified", "files_deleted")),
        derived("files_changed_count", _changed_count),
        *(column(name) for name in ("additions", "deletions", "link_type", "ci_run_id")),
        column("created_at", kind="time"),
    ),
)

KIND = RecordKind(
    resource="git link",
    table=GIT_LINK,
    view=VIEW,
    time_column="created_at",
    filters={
        "traceId": Filterable("trace_id"),
        "commitSha": Filterable("commit_sha"),
        "branch": Filterable("branch"),
        "repoUrl": Filterable("repo_url"),
        "linkType": Filterable("link_type", vocabulary=GIT_LINK_TYPES),
        "ciRunId": Filterable("ci_run_id"),
    },
)


def git_link_write(
    body: Mapping[str, Any],
    *,
    project_id: str,
    event_at: datetime | None = None,
    field_prefix: str = "",
) -> RecordWrite:
    """The write of one git link (``/v1``, ingestion, telemetry mappers)."""
    parsed = parse(GitLinkBody, body, prefix=field_prefix)
    link_type = (
        "current"
        if parsed.link_type is None
        else GIT_LINK_TYPES.canonical(parsed.link_type, field=at(field_prefix, "linkType"))
    )
    now = event_at or utcnow()
    values = {
        **parsed.model_dump(exclude={"id", "create_trace", "files_changed", "link_type"}),
        "project_id": project_id,
        "id": record_id(parsed.id, event_at=event_at, body=body),
        "commit_timestamp": parsed.commit_timestamp or now,
        "files_added": parsed.files_added or [],
        "files_modified": parsed.files_modified or parsed.files_changed or [],
        "files_deleted": parsed.files_deleted or [],
        "additions": parsed.additions or 0,
        "deletions": parsed.deletions or 0,
        "link_type": link_type,
        "created_at": now,
    }
    return record_write(
        store=STORE, table=GIT_LINK, values=values, trace_id=parsed.trace_id, event_at=now
    )
