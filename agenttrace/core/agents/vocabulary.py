"""The one vocabulary of agent records: each enum's canonical values, and every alias the
reference server, its SDKs, docs and CI templates used (spec ``agenttrace-reference.md``
§4.6). Input in any case, with ``-`` or spaces for ``_``, maps to the canonical value;
answers always carry the canonical one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from agenttrace.core.errors import Invalid


@dataclass(frozen=True)
class Vocabulary:
    name: str
    values: tuple[str, ...]
    aliases: Mapping[str, str]

    def canonical(self, value: object, *, field: str) -> str:
        """The canonical value of ``value``; anything else is an error naming ``field``."""
        if isinstance(value, str):
            key = value.strip().lower().replace("-", "_").replace(" ", "_")
            if key in self.values:
                return key
            if key in self.aliases:
                return self.aliases[key]
        accepted = ", ".join(self.values)
        raise Invalid(f"{field} must be one of {accepted} (got {value!r})", field=field)


CHECKPOINT_TYPES = Vocabulary(
    "checkpoint type",
    # Server: manual, auto, pre_edit, post_edit, rollback; SDKs and docs: manual, auto,
    # tool_call, error, milestone, restore. A rollback is a restore.
    ("manual", "auto", "pre_edit", "post_edit", "tool_call", "error", "milestone", "restore"),
    {"rollback": "restore"},
)

GIT_LINK_TYPES = Vocabulary(
    "git link type",
    # Server: current, start, end, referenced; SDKs and docs: start, commit, restore,
    # branch, diff; the CI templates: ci.
    ("current", "start", "end", "referenced", "commit", "restore", "branch", "diff", "ci"),
    {},
)

FILE_OPERATIONS = Vocabulary(
    "file operation",
    ("create", "read", "update", "delete", "rename", "move", "copy", "chmod"),
    {},
)

CI_STATUSES = Vocabulary(
    "CI run status",
    # The spec README decides: these six, with the OAS and CI templates' words as aliases
    # (and the spellings GitHub and GitLab report a job's state in).
    ("pending", "running", "success", "failure", "cancelled", "skipped"),
    {
        "completed": "success",
        "succeeded": "success",
        "failed": "failure",
        "canceled": "cancelled",
        "queued": "pending",
        "in_progress": "running",
    },
)
TERMINAL_CI_STATUSES = frozenset({"success", "failure", "cancelled", "skipped"})

CI_PROVIDERS = Vocabulary(
    "CI provider",
    ("github_actions", "gitlab_ci", "jenkins", "circleci", "azure_devops", "bitbucket", "other"),
    {
        "github": "github_actions",
        "gitlab": "gitlab_ci",
        "circle_ci": "circleci",
        "azure": "azure_devops",
        "azure_pipelines": "azure_devops",
        "bitbucket_pipelines": "bitbucket",
    },
)
