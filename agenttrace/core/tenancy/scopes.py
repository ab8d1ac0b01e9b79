"""The permission vocabulary of API keys."""

from __future__ import annotations

from collections.abc import Iterable

from agenttrace.core.errors import Invalid

RESOURCES = (
    "traces",
    "scores",
    "prompts",
    "datasets",
    "evaluators",
    "agents",
    "models",
)
ACTIONS = ("read", "write", "delete")
ALL = "*"
SCOPES = frozenset(f"{resource}:{action}" for resource in RESOURCES for action in ACTIONS)


def validate_scopes(scopes: Iterable[str]) -> list[str]:
    """Return the scopes sorted and de-duplicated; unknown ones are an error naming them."""
    result = sorted(set(scopes))
    for scope in result:
        resource, _, action = scope.partition(":")
        if scope == ALL or scope in SCOPES or (action == "*" and resource in RESOURCES):
            continue
        raise Invalid(
            f"unknown scope {scope!r}; use '*', '<resource>:*' or one of {sorted(SCOPES)}",
            field="scopes",
        )
    if not result:
        raise Invalid("a key needs at least one scope", field="scopes")
    return result


def grants(granted: frozenset[str], needed: str) -> bool:
    """Whether a key holding ``granted`` may do ``needed`` (e.g. ``traces:write``)."""
    resource = needed.partition(":")[0]
    return ALL in granted or needed in granted or f"{resource}:*" in granted
