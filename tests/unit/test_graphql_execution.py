"""The direct path for plain fields (``agenttrace/graphql/execution.py``) answers exactly
what graphql-core's full path answers, errors included."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from agenttrace.graphql.execution import PlainFieldsExecutionContext


@strawberry.enum
class Colour(Enum):
    RED = "RED"


@strawberry.type
class Item:
    name: str
    count: int | None
    colour: Colour
    tags: list[str]

    @strawberry.field
    def shout(self, suffix: str = "!") -> str:
        return self.name.upper() + suffix


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item | None]:  # a bad item is null, the others stay
        return [
            Item(name="a", count=1, colour="RED", tags=["x"]),  # type: ignore[arg-type]
            Item(name="b", count=None, colour=Colour.RED, tags=[]),
            Item(name=None, count=2, colour="RED", tags=["y"]),  # type: ignore[arg-type]
            Item(name="d", count="many", colour="RED", tags=[]),  # type: ignore[arg-type]
            Item(name="e", count=3, colour="BLUE", tags=[]),  # type: ignore[arg-type]
        ]


def run(execution_context_class: type, query: str) -> dict[str, Any]:
    schema = strawberry.Schema(Query, execution_context_class=execution_context_class)
    result = schema.execute_sync(query)
    return {
        "data": result.data,
        "errors": sorted((error.message, tuple(error.path or ())) for error in result.errors or ()),
    }


@pytest.mark.parametrize(
    "query",
    [
        "{ items { name count colour tags } }",
        '{ items { n: name c: count shout(suffix: "?") } }',
        "{ items { ... on Item { name } count } }",
    ],
    ids=["plain fields", "aliases and a resolver", "a fragment"],
)
def test_plain_fields_answer_as_graphql_core_does(query: str) -> None:
    """Nulls in non-null fields, values a scalar refuses and enum values it does not know
    are errors at the same paths with the same messages on both paths."""
    direct = run(PlainFieldsExecutionContext, query)
    assert direct == run(StrawberryGraphQLCoreExecutionContext, query)
    assert direct["errors"]
    assert direct["data"]["items"][0] is not None
