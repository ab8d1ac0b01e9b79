"""The prompt roots: ``prompts`` (a keyset connection by name), ``prompt`` (a version by
version, label or ``production``, through the cache REST reads through), and the writes
(``createPrompt``, ``setPromptLabels``, ``deletePrompt``), each the core use case REST
calls."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.prompts import commands, listing, reads
from agenttrace.core.prompts.listing import PromptFilter
from agenttrace.graphql.connections import DEFAULT_FIRST, Connection, connection, known, page_size
from agenttrace.graphql.context import Context
from agenttrace.graphql.mutations import _body as body_of
from agenttrace.graphql.types.prompt import Prompt, PromptVersion
from agenttrace.web.state import prompt_cache

Info = strawberry.Info[Context, None]


@strawberry.input
class PromptFilterInput:
    name: str | None = None
    label: str | None = None
    tag: str | None = None


@strawberry.input(description="A new version of `name` (version 1 of a new name).")
class PromptInput:
    name: str
    prompt: JSON
    type: str | None = None
    config: JSON | None = None
    labels: list[str] | None = None
    tags: list[str] | None = None
    commit_message: str | None = None


@strawberry.type
class PromptsQuery:
    @strawberry.field(description="By name.")
    async def prompts(
        self,
        info: Info,
        filter: PromptFilterInput | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[Prompt]:
        principal = info.context.principal("prompts:read")
        given = filter or PromptFilterInput()
        async with info.context.database.read() as session:
            page = await listing.listing(
                session=session,
                project_id=principal.project_id,
                filter=PromptFilter(name=given.name, label=given.label, tag=given.tag),
                limit=page_size(first),
                cursor=after,
            )
        return connection(
            page, Prompt.from_row, sort=listing.NAME_SORT, after=after, count=known(page.total or 0)
        )

    @strawberry.field(description="`version`, else `label`, else the label `production`.")
    async def prompt(
        self, info: Info, name: str, version: int | None = None, label: str | None = None
    ) -> PromptVersion:
        principal = info.context.principal("prompts:read")
        number, chosen = reads.selector(version, label, exclusive=False)
        row = await reads.fetch(
            database=info.context.database,
            cache=prompt_cache(info.context.request),
            project_id=principal.project_id,
            name=name,
            version=number,
            label=chosen,
        )
        return PromptVersion.from_row(row)


@strawberry.type
class PromptsMutation:
    @strawberry.mutation(description="Add a version; its labels move to it from older ones.")
    async def create_prompt(self, info: Info, input: PromptInput) -> PromptVersion:
        principal = info.context.principal("prompts:write")
        async with info.context.database.write() as session:
            row = await commands.create_version(
                session=session,
                cache=prompt_cache(info.context.request),
                project_id=principal.project_id,
                body=body_of(input),
            )
        info.context.forget_loaded()
        return PromptVersion.from_row(row)

    @strawberry.mutation(
        description="Exactly these labels on the version, each taken off the version that had it."
    )
    async def set_prompt_labels(
        self, info: Info, name: str, version: int, labels: list[str]
    ) -> PromptVersion:
        principal = info.context.principal("prompts:write")
        async with info.context.database.write() as session:
            row = await commands.label_version(
                session=session,
                cache=prompt_cache(info.context.request),
                project_id=principal.project_id,
                name=name,
                version=version,
                labels=labels,
                replace=True,
            )
        info.context.forget_loaded()
        return PromptVersion.from_row(row)

    @strawberry.mutation(description="Every version of the prompt; true once deleted.")
    async def delete_prompt(self, info: Info, name: str) -> bool:
        principal = info.context.principal("prompts:delete")
        async with info.context.database.write() as session:
            await commands.delete_prompt(
                session=session,
                cache=prompt_cache(info.context.request),
                project_id=principal.project_id,
                name=name,
            )
        info.context.forget_loaded()
        return True
