"""Prompts: a prompt (its name, type, tags, version numbers and labels) and its versions,
through a loader; a version compiles itself with variables and placeholders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.prompts import views
from agenttrace.core.prompts.compile import compile_prompt
from agenttrace.db.types import Row
from agenttrace.graphql.context import Context

Info = strawberry.Info[Context, None]


@strawberry.type(description="One version of a prompt, with its labels (`latest` on the newest).")
class PromptVersion:
    id: strawberry.ID
    project_id: strawberry.ID
    name: str
    version: int
    type: str = strawberry.field(description="`text` or `chat`.")
    prompt: JSON = strawberry.field(description="A string, or a list of chat messages.")
    config: JSON | None
    labels: list[str]
    tags: list[str]
    commit_message: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> PromptVersion:
        return _version_from_row(row)

    @strawberry.field(
        description="The version compiled: `{{name}}` replaced by its variable, placeholders "
        "by their messages. A missing one is BAD_USER_INPUT naming it."
    )
    def compiled(self, variables: JSON | None = None, placeholders: JSON | None = None) -> JSON:
        compiled: JSON = compile_prompt(
            self.prompt, self.type, variables=variables or {}, placeholders=placeholders
        )
        return compiled


@strawberry.type(description="A named prompt and its versions.")
class Prompt:
    id: strawberry.ID
    name: str
    type: str
    tags: list[str]
    version_numbers: list[int]
    labels: list[str] = strawberry.field(description="Every label of any of its versions.")
    latest_version: int | None
    last_config: JSON | None
    last_updated_at: datetime
    created_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Prompt:
        return _prompt_from_row(row)

    @strawberry.field(description="Newest first.")
    async def versions(self, info: Info) -> list[PromptVersion]:
        rows = await info.context.loaders.prompt_versions_by_prompt.load(str(self.id))
        return [PromptVersion.from_row(row) for row in rows]


# The rows' public fields as constructor arguments, compiled once (``core/views.py``);
# a prompt's version numbers are ``versionNumbers`` here (``versions`` are the objects).
_version_from_row: Callable[[Row], PromptVersion] = views.PROMPT.writer(into=PromptVersion)
_prompt_from_row: Callable[[Row], Prompt] = views.PROMPT_SUMMARY.writer(
    key=lambda name: "version_numbers" if name == "versions" else name, into=Prompt
)
