"""Datasets, their items and runs, a run's results and runs compared. Relations go through
loaders (``Dataset.items`` is a keyset connection per dataset, ``DatasetRun.items`` a
run's results), so a list of datasets or runs costs a fixed number of statements."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from agenttrace.core.datasets import reads, views
from agenttrace.db.types import Row
from agenttrace.graphql.connections import DEFAULT_FIRST, Connection, connection, page_size
from agenttrace.graphql.context import Context
from agenttrace.graphql.loaders import items_by_dataset
from agenttrace.graphql.types.score import Score

if TYPE_CHECKING:
    from agenttrace.graphql.types.trace import Trace

Info = strawberry.Info[Context, None]


@strawberry.type(description="An item of a dataset: an input and what it should give.")
class DatasetItem:
    id: strawberry.ID
    project_id: strawberry.ID
    dataset_id: strawberry.ID
    dataset_name: str | None
    status: str = strawberry.field(description="`ACTIVE` or `ARCHIVED`.")
    input: JSON | None
    expected_output: JSON | None
    metadata: JSON | None
    source_trace_id: strawberry.ID | None
    source_observation_id: strawberry.ID | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DatasetItem:
        return _item_from_row(row)

    @strawberry.field
    async def source_trace(
        self, info: Info
    ) -> Annotated[Trace, strawberry.lazy("agenttrace.graphql.types.trace")] | None:
        from agenttrace.graphql.types.trace import trace_or_none

        if self.source_trace_id is None:
            return None
        return trace_or_none(await info.context.loaders.trace_by_id.load(str(self.source_trace_id)))


@strawberry.type(description="A score's average over a run's items.")
class ScoreSummary:
    name: str
    average: float
    count: int


@strawberry.type(description="A run's totals over its items.")
class RunSummary:
    item_count: int
    average_latency: float | None = strawberry.field(description="Seconds, over its traces.")
    total_cost: float | None
    average_cost: float | None
    scores: list[ScoreSummary]

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any]) -> RunSummary:
        return cls(
            item_count=summary["item_count"],
            average_latency=summary["average_latency"],
            total_cost=summary["total_cost"],
            average_cost=summary["average_cost"],
            scores=[ScoreSummary(name=n, **s) for n, s in summary["scores"].items()],
        )


@strawberry.type(description="An item as a run ran it: its trace, output, latency, cost, scores.")
class DatasetRunItem:
    id: strawberry.ID
    dataset_run_id: strawberry.ID
    dataset_item_id: strawberry.ID | None
    trace_id: strawberry.ID
    observation_id: strawberry.ID | None
    input: JSON | None
    expected_output: JSON | None
    output: JSON | None = strawberry.field(
        description="Its observation's output, else its trace's."
    )
    latency: float | None
    total_cost: float | None
    scores: list[Score] = strawberry.field(description="The scores of its trace.")
    created_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DatasetRunItem:
        return cls(
            id=row["id"], dataset_run_id=row["run_id"], dataset_item_id=row["dataset_item_id"],
            trace_id=row["trace_id"], observation_id=row["observation_id"], input=row["input"],
            expected_output=row["expected_output"], output=row["output"], latency=row["latency"],
            total_cost=row["total_cost"], scores=[Score.from_row(s) for s in row["scores"]],
            created_at=row["created_at"],
        )  # fmt: skip

    @strawberry.field
    async def trace(
        self, info: Info
    ) -> Annotated[Trace, strawberry.lazy("agenttrace.graphql.types.trace")] | None:
        from agenttrace.graphql.types.trace import trace_or_none

        return trace_or_none(await info.context.loaders.trace_by_id.load(str(self.trace_id)))

    @strawberry.field
    async def dataset_item(self, info: Info) -> DatasetItem | None:
        if self.dataset_item_id is None:
            return None
        row = await info.context.loaders.dataset_item_by_id.load(str(self.dataset_item_id))
        return None if row is None else DatasetItem.from_row(row)


@strawberry.type(description="A run of a dataset (an experiment).")
class DatasetRun:
    id: strawberry.ID
    project_id: strawberry.ID
    name: str
    description: str | None
    metadata: JSON | None
    dataset_id: strawberry.ID | None
    dataset_name: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DatasetRun:
        return _run_from_row(row)

    async def _results(self, info: Info) -> dict[str, Any]:
        found: dict[str, Any] = await info.context.loaders.results_by_run.load(str(self.id))
        return found

    @strawberry.field(description="Oldest first.")
    async def items(self, info: Info) -> list[DatasetRunItem]:
        return [DatasetRunItem.from_row(i) for i in (await self._results(info))["items"]]

    @strawberry.field(description="The run's own scores (``datasetRunId`` only).")
    async def scores(self, info: Info) -> list[Score]:
        return [Score.from_row(s) for s in (await self._results(info))["scores"]]

    @strawberry.field
    async def summary(self, info: Info) -> RunSummary | None:
        summary = (await self._results(info))["summary"]
        return None if summary is None else RunSummary.from_summary(summary)

    @strawberry.field
    async def dataset(self, info: Info) -> Dataset | None:
        if self.dataset_id is None:
            return None
        row = await info.context.loaders.dataset_by_id.load(str(self.dataset_id))
        return None if row is None else Dataset.from_row(row)


@strawberry.type(description="A dataset of items to run an app on.")
class Dataset:
    id: strawberry.ID
    project_id: strawberry.ID
    name: str
    description: str | None
    metadata: JSON | None
    input_schema: JSON | None
    expected_output_schema: JSON | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Dataset:
        return _dataset_from_row(row)

    @strawberry.field
    async def item_count(self, info: Info) -> int:
        return await info.context.loaders.item_count_by_dataset.load(str(self.id))

    @strawberry.field(description="Oldest first.")
    async def items(
        self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[DatasetItem]:
        arguments = items_by_dataset.Arguments(first=page_size(first), after=after)
        page = await info.context.loaders.items_by_dataset.load((str(self.id), arguments))
        loaders = info.context.loaders

        async def count() -> int:
            return await loaders.item_count_by_dataset.load(str(self.id))

        return connection(
            page, DatasetItem.from_row, sort=reads.ITEM_SORT, after=after, count=count
        )

    @strawberry.field(description="Newest first.")
    async def runs(self, info: Info) -> list[DatasetRun]:
        rows = await info.context.loaders.runs_by_dataset.load(str(self.id))
        return [DatasetRun.from_row(row) for row in rows]


@strawberry.type(description="One run's result for a compared item.")
class ComparedResult:
    run_id: strawberry.ID
    trace_id: strawberry.ID
    observation_id: strawberry.ID | None
    output: JSON | None
    latency: float | None
    total_cost: float | None
    scores: JSON = strawberry.field(description="Score name → value (a number or a label).")


@strawberry.type(description="A dataset item with each compared run's result for it.")
class ComparedItem:
    dataset_item_id: strawberry.ID | None
    input: JSON | None
    expected_output: JSON | None
    results: list[ComparedResult] = strawberry.field(
        description="One per compared run that ran the item, in the order the runs were asked."
    )


@strawberry.type(description="Runs of one dataset side by side.")
class RunComparison:
    dataset_id: strawberry.ID
    runs: list[DatasetRun]
    items: list[ComparedItem]

    @classmethod
    def from_comparison(cls, compared: Mapping[str, Any]) -> RunComparison:
        return cls(
            dataset_id=compared["dataset_id"],
            runs=[DatasetRun.from_row(r) for r in compared["runs"]],
            items=[
                ComparedItem(
                    dataset_item_id=i["dataset_item_id"], input=i["input"],
                    expected_output=i["expected_output"],
                    results=[ComparedResult(run_id=run_id, **result)
                             for run_id, result in i["runs"].items() if result is not None],
                )
                for i in compared["items"]
            ],
        )  # fmt: skip


# The rows' public fields as constructor arguments, compiled once (``core/views.py``).
_item_from_row: Callable[[Row], DatasetItem] = views.ITEM.writer(into=DatasetItem)
_run_from_row: Callable[[Row], DatasetRun] = views.RUN.writer(into=DatasetRun)
_dataset_from_row: Callable[[Row], Dataset] = views.DATASET.writer(into=Dataset)
