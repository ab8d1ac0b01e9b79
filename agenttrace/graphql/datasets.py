"""The dataset roots: ``datasets`` (a keyset connection), ``dataset`` (by id or name),
``datasetRun`` (by id, with or without a dataset), ``datasetRunComparison``, and the writes
(``createDataset``, ``createDatasetItem``, ``createDatasetRun``), each the core use case
REST calls."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.datasets import commands, reads, results, runs
from agenttrace.core.errors import NotFound
from agenttrace.graphql.connections import DEFAULT_FIRST, Connection, connection, known, page_size
from agenttrace.graphql.context import Context
from agenttrace.graphql.mutations import _body as body_of
from agenttrace.graphql.types.dataset import Dataset, DatasetItem, DatasetRun, RunComparison

Info = strawberry.Info[Context, None]


@strawberry.input
class DatasetInput:
    name: str
    description: str | None = None
    metadata: JSON | None = None


@strawberry.input
class DatasetItemInput:
    id: strawberry.ID | None = None
    input: JSON | None = None
    expected_output: JSON | None = None
    metadata: JSON | None = None
    source_trace_id: strawberry.ID | None = None
    source_observation_id: strawberry.ID | None = None


@strawberry.input
class RunItemInput:
    dataset_item_id: strawberry.ID
    trace_id: strawberry.ID
    observation_id: strawberry.ID | None = None


@strawberry.input
class DatasetRunInput:
    name: str
    description: str | None = None
    metadata: JSON | None = None
    items: list[RunItemInput] | None = None


@strawberry.type
class DatasetsQuery:
    @strawberry.field(description="Newest first.")
    async def datasets(
        self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[Dataset]:
        principal = info.context.principal("datasets:read")
        async with info.context.database.read() as session:
            page = await reads.datasets(
                session=session,
                project_id=principal.project_id,
                limit=page_size(first),
                cursor=after,
            )
        return connection(
            page,
            Dataset.from_row,
            sort=reads.DATASET_SORT,
            after=after,
            count=known(page.total or 0),
        )

    @strawberry.field(description="By id, or by name.")
    async def dataset(self, info: Info, id: strawberry.ID) -> Dataset:
        principal = info.context.principal("datasets:read")
        async with info.context.database.read() as session:
            row = await reads.dataset(session=session, project_id=principal.project_id, ref=id)
        return Dataset.from_row(row)

    @strawberry.field
    async def dataset_run(self, info: Info, id: strawberry.ID) -> DatasetRun:
        info.context.principal("datasets:read")
        row = await info.context.loaders.run_by_id.load(str(id))
        if row is None:
            raise NotFound("dataset run", id)
        return DatasetRun.from_row(row)

    @strawberry.field(description="Runs (ids or names, 1 to 10) of one dataset side by side.")
    async def dataset_run_comparison(
        self, info: Info, dataset_id: strawberry.ID, run_ids: list[strawberry.ID]
    ) -> RunComparison:
        principal = info.context.principal("datasets:read")
        async with info.context.database.read() as session:
            compared = await results.compare(
                session=session,
                project_id=principal.project_id,
                dataset_ref=dataset_id,
                run_refs=[str(r) for r in run_ids],
            )
        return RunComparison.from_comparison(compared)


@strawberry.type
class DatasetsMutation:
    @strawberry.mutation(description="A new dataset; a name in use is BAD_USER_INPUT.")
    async def create_dataset(self, info: Info, input: DatasetInput) -> Dataset:
        principal = info.context.principal("datasets:write")
        async with info.context.database.write() as session:
            row = await commands.create_dataset(
                session=session, project_id=principal.project_id, body=body_of(input), upsert=False
            )
        info.context.forget_loaded()
        return Dataset.from_row(row)

    @strawberry.mutation(description="An item of the dataset (by id or name).")
    async def create_dataset_item(
        self, info: Info, dataset_id: strawberry.ID, input: DatasetItemInput
    ) -> DatasetItem:
        principal = info.context.principal("datasets:write")
        async with info.context.database.write() as session:
            row = await commands.create_item(
                session=session,
                project_id=principal.project_id,
                body=body_of(input),
                dataset_ref=dataset_id,
            )
        info.context.forget_loaded()
        return DatasetItem.from_row(row)

    @strawberry.mutation(description="A run of the dataset, with its run items.")
    async def create_dataset_run(
        self, info: Info, dataset_id: strawberry.ID, input: DatasetRunInput
    ) -> DatasetRun:
        principal = info.context.principal("datasets:write")
        body = body_of(input)
        body["items"] = [body_of(item) for item in input.items or []]
        async with info.context.database.write() as session:
            row = await runs.create_run(
                session=session, project_id=principal.project_id, dataset_ref=dataset_id, body=body
            )
        info.context.forget_loaded()
        return DatasetRun.from_row(row)
