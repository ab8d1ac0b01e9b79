"""The GraphQL schema. ``graphql/schema.graphql`` at the repository root is its printed SDL
(``python -m agenttrace.graphql.export > graphql/schema.graphql``)."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from agenttrace.graphql.agents import AgentsQuery
from agenttrace.graphql.datasets import DatasetsMutation, DatasetsQuery
from agenttrace.graphql.errors import coded, is_unexpected
from agenttrace.graphql.evaluators import EvaluatorsQuery
from agenttrace.graphql.execution import PlainFieldsExecutionContext
from agenttrace.graphql.limits import QueryLimits
from agenttrace.graphql.mutations import TracingMutation
from agenttrace.graphql.prompts import PromptsMutation, PromptsQuery
from agenttrace.graphql.queries import TracingQuery
from agenttrace.graphql.scalars import SCALARS
from agenttrace.graphql.subscriptions import Subscription

logger = logging.getLogger("agenttrace.graphql")

# Distinct operation texts kept parsed and validated; a frontend sends a few dozen.
DOCUMENT_CACHE_SIZE = 256


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log what is a bug (a caller's mistake, not found or bad input, is not one), then
        give every error its code in place: the one spot all errors pass (``errors.py``)."""
        for error in errors:
            if is_unexpected(error):
                logger.error("GraphQL resolver failed", exc_info=error.original_error)
        errors[:] = [coded(error) for error in errors]


# Each capability declares its own root fields; the roots are their union.
Query = merge_types(
    "Query", (TracingQuery, PromptsQuery, DatasetsQuery, AgentsQuery, EvaluatorsQuery)
)
Mutation = merge_types("Mutation", (TracingMutation, PromptsMutation, DatasetsMutation))

schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    # Classes and factories, so each operation gets its own instances.
    extensions=[
        QueryLimits,
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
    ],
    config=StrawberryConfig(scalar_map=SCALARS),
    execution_context_class=PlainFieldsExecutionContext,
)
