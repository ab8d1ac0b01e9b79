"""What a reader sees of a prompt version (the object every face answers for a fetched
prompt) and of a prompt in a list."""

from __future__ import annotations

from agenttrace.core.views import View, column

PROMPT = View(
    "prompt",
    (
        *(column(name) for name in ("id", "project_id", "name", "version", "type", "prompt")),
        *(column(name) for name in ("config", "labels", "tags", "commit_message", "created_by")),
        column("created_at", kind="time"),
        column("updated_at", kind="time"),
    ),
)

PROMPT_SUMMARY = View(
    "prompt_summary",
    (
        *(column(name) for name in ("id", "name", "type", "tags", "versions", "labels")),
        column("latest_version"),
        column("last_config"),
        column("last_updated_at", kind="time"),
        column("created_at", kind="time"),
    ),
)
