"""What dataset writes may carry. Lenient where clients differ (the Langfuse SDKs send
explicit nulls, snake_case or camelCase), strict where data would be lost: a wrong type
is an error naming the field."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, StringConstraints

from agenttrace.core.tracing.ingest.bodies import Body, Id, Timestamp


def _status(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


Name = Annotated[str, StringConstraints(min_length=1, max_length=255, strip_whitespace=True)]
ItemId = Annotated[str, StringConstraints(min_length=1, max_length=255)]
Status = Annotated[str, BeforeValidator(_status), StringConstraints(pattern="^(ACTIVE|ARCHIVED)$")]


class DatasetUpdate(Body):
    name: Name | None = None
    description: str | None = None
    metadata: Any = None
    input_schema: Any = None
    expected_output_schema: Any = None


class DatasetBody(DatasetUpdate):
    name: Name


class ItemUpdate(Body):
    input: Any = None
    expected_output: Any = None
    metadata: Any = None
    source_trace_id: Id | None = None
    source_observation_id: Id | None = None
    status: Status | None = None


class ItemBody(ItemUpdate):
    id: ItemId | None = None
    dataset_name: Name | None = None  # Langfuse's items name their dataset in the body


class FromTrace(Body):
    trace_id: Id
    observation_id: Id | None = None
    id: ItemId | None = None


class RunItemLink(Body):
    """A run item as ``/v1`` runs take them and Langfuse's ``dataset-run-items`` (with the
    run's name and description alongside)."""

    dataset_item_id: ItemId
    trace_id: Id | None = None
    observation_id: Id | None = None


class RunBody(Body):
    name: Name
    description: str | None = None
    metadata: Any = None
    items: list[RunItemLink] | None = None


class DatasetRunItemBody(RunItemLink):
    run_name: Name
    run_description: str | None = None
    metadata: Any = None
    dataset_version: Timestamp | None = None
