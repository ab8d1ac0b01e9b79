"""A shorter path through graphql-core's executor for the fields that are most of an answer.

A page of 1,000 observations is some 25,000 fields, and graphql-core spends about 6 µs on
each: a resolve-info object, the argument values, the middleware lookup, and three levels
of value completion. Most of them are plain attributes of scalar type with no arguments
(``Observation.name``); for those the answer is the attribute, coerced by its scalar. This
execution context resolves such fields directly and leaves every other field, and every
value that is not simply right (a null in a non-null field, a failing coercion), to
graphql-core's own path, which then builds the error exactly as it would have. Lists of
scalars (a trace skeleton's columns: 20,000 values each) take the same short path, value
by value.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

from graphql import (
    GraphQLLeafType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    get_nullable_type,
    is_leaf_type,
    is_non_null_type,
    is_specified_scalar_type,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField


class _Leaf(NamedTuple):
    attribute: str
    type: GraphQLLeafType
    non_null: bool
    # A list of this scalar; ``non_null`` then says whether its items may be null.
    is_list: bool = False


# (type, field name) → how to read that field directly, or None when it needs the full path.
_PLANS: dict[tuple[GraphQLObjectType, str], _Leaf | None] = {}


def _plan(parent_type: GraphQLObjectType, name: str) -> _Leaf | None:
    """A field qualifies when Strawberry resolves it by reading an attribute (no resolver,
    no field extension, the default ``getattr``), it has no arguments, and its type is a
    scalar or an enum."""
    field = parent_type.fields.get(name)
    if field is None or field.args or not getattr(field.resolve, "_is_default", False):
        return None
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or definition.default_resolver is not getattr:
        return None
    return_type: GraphQLOutputType = field.type
    leaf = get_nullable_type(return_type)
    if isinstance(leaf, GraphQLList) and is_non_null_type(return_type):
        item = get_nullable_type(leaf.of_type)
        if is_leaf_type(item):
            return _Leaf(definition.python_name, item, is_non_null_type(leaf.of_type), True)
        return None
    if not is_leaf_type(leaf):
        return None
    return _Leaf(definition.python_name, leaf, is_non_null_type(return_type))


# Built-in scalars whose serialization leaves a value of this exact Python type as it is
# (a finite float, a 32-bit int): a list of such values needs no call per item.
_AS_THEY_ARE: dict[str, Callable[[Any], bool]] = {
    "String": lambda v: type(v) is str,
    "ID": lambda v: type(v) is str,
    "Float": lambda v: type(v) is float and math.isfinite(v),
    "Int": lambda v: type(v) is int and -(2**31) <= v < 2**31,
}


def _as_they_are(plan: _Leaf, value: list[Any]) -> bool:
    check = _AS_THEY_ARE.get(plan.type.name) if is_specified_scalar_type(plan.type) else None
    if check is None:
        return False
    if plan.non_null:
        return all(map(check, value))
    return all(v is None or check(v) for v in value)


def _coerced_list(plan: _Leaf, value: Any) -> list[Any] | None:
    """The list's items coerced, or None when any of them needs the full path. Enum values
    are coerced once each (a column of levels holds four)."""
    if not isinstance(value, list):
        return None
    if _as_they_are(plan, value):
        return value
    coerce = plan.type.coerce_output_value
    seen: dict[Any, Any] = {}
    found: list[Any] = []
    try:
        for item in value:
            if item is None:
                if plan.non_null:
                    return None
                found.append(None)
                continue
            coerced = seen.get(item, Undefined) if isinstance(item, str) else Undefined
            if coerced is Undefined:
                coerced = coerce(item)
                if coerced is None or coerced is Undefined:
                    return None
                if isinstance(item, str):
                    seen[item] = coerced
            found.append(coerced)
    except Exception:  # the full path below reports it
        return None
    return found


class PlainFieldsExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Middleware (an extension with a ``resolve`` hook) must see every field.
        self._direct = not getattr(self.middleware_manager, "middlewares", None)

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        name = field_details_list[0].node.name.value
        key = (parent_type, name)
        plan = _PLANS[key] if key in _PLANS else _PLANS.setdefault(key, _plan(parent_type, name))
        if plan is not None and plan.is_list and self._direct:
            items = _coerced_list(plan, getattr(source, plan.attribute))
            if items is not None:
                return items
        elif plan is not None and self._direct:
            value = getattr(source, plan.attribute)
            if value is None and not plan.non_null:
                return None
            if value is not None:
                try:
                    coerced = plan.type.coerce_output_value(value)
                except Exception:  # the full path below reports it
                    coerced = None
                if coerced is not None and coerced is not Undefined:
                    return coerced
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
