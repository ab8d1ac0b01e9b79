"""Limits on what one operation may ask, checked before any resolver runs (so before any
database work): depth, aliases, tokens, and a cost budget.

The cost is an estimate of the fields the answer will hold: each field counts once per
object it is resolved on, a field with ``first`` multiplies what it contains by its page
size, and another list by ``LIST_GUESS``. It needs the variables (``first: $first``), so
it runs when execution starts, after validation; the other limits are validation rules
made once, so the validation cache keeps hitting.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
    value_from_ast_untyped,
)
from strawberry.extensions import AddValidationRules, MaxAliasesLimiter, QueryDepthLimiter

from agenttrace.core.errors import Invalid
from agenttrace.graphql.connections import DEFAULT_FIRST

# The trace explorer's operations are at most 5 deep (the observation tree, the list with
# observations); 12 leaves room for trees opened further.
MAX_DEPTH = 12
MAX_ALIASES = 50
# The explorer's longest operation (trace detail) has about 130 tokens; parsing 10,000
# takes a few milliseconds, and a longer document is no query a person wrote.
MAX_TOKENS = 10_000
# Fields in an answer: a page of 1,000 observations with 30 fields each is 30,000; at the
# 3-6 µs a field costs here (bench/graphql.py), the budget bounds execution near half a
# second.
MAX_COST = 100_000
# Items assumed in a list field without ``first`` (scores, children, tags).
LIST_GUESS = 10

_RULES = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)


class QueryLimits(AddValidationRules):
    def __init__(self) -> None:
        super().__init__(list(_RULES))

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = MAX_TOKENS
        yield from super().on_operation()

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            cost = estimate_cost(
                context.schema._schema,  # as Strawberry's own ValidationCache reads it
                document.definitions,
                context.operation_name,
                context.variables or {},
            )
            if cost > MAX_COST:
                raise Invalid(
                    f"Query cost of {cost:,} fields or more exceeds the budget of "
                    f"{MAX_COST:,}; ask for smaller pages (first) or fewer nested lists"
                )
        yield


def estimate_cost(
    schema: GraphQLSchema,
    definitions: Any,
    operation_name: str | None,
    variables: Mapping[str, Any],
) -> int:
    operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    chosen = [
        op
        for op in operations
        if operation_name is None or (op.name is not None and op.name.value == operation_name)
    ]
    if not chosen:
        return 0
    operation = chosen[0]
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    defaults = {
        d.variable.name.value: value_from_ast_untyped(d.default_value)
        for d in operation.variable_definitions or ()
        if d.default_value is not None
    }
    return _Estimate(schema, fragments, {**defaults, **variables}).cost(
        operation.selection_set, root, 1
    )


class _Estimate:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def cost(
        self, selections: SelectionSetNode, parent: Any, multiplier: int, paged: bool = False
    ) -> int:
        """``paged``: ``multiplier`` already counts the page of a connection, so its lists
        (``edges``, ``nodes``) hold that many items, no more."""
        total = 0
        for node in selections.selections:
            if isinstance(node, FieldNode):
                if node.name.value.startswith("__"):  # introspection answers from memory
                    continue
                total += multiplier
                field: GraphQLField | None = getattr(parent, "fields", {}).get(node.name.value)
                if field is not None and node.selection_set is not None:
                    page = self._page(node, field)
                    if page is not None:
                        factor = page
                    elif is_list_type(get_nullable_type(field.type)) and not paged:
                        factor = LIST_GUESS
                    else:
                        factor = 1
                    total += self.cost(
                        node.selection_set,
                        get_named_type(field.type),
                        multiplier * factor,
                        paged=page is not None,
                    )
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(node.selection_set, inner, multiplier, paged)
            elif isinstance(node, FragmentSpreadNode):
                fragment = self.fragments.get(node.name.value)
                if fragment is not None:
                    inner = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.cost(fragment.selection_set, inner, multiplier, paged)
            if total > MAX_COST:  # enough to refuse; spare the rest of the walk
                return total
        return total

    def _page(self, node: FieldNode, field: GraphQLField) -> int | None:
        """The page size a connection field asks for; None for other fields."""
        if "first" not in field.args:
            return None
        argument = next((a for a in node.arguments or () if a.name.value == "first"), None)
        if argument is None:
            value = field.args["first"].default_value
        elif isinstance(argument.value, VariableNode):
            value = self.variables.get(argument.value.name.value)
        else:
            value = value_from_ast_untyped(argument.value)
        return max(1, value) if isinstance(value, int) else DEFAULT_FIRST
