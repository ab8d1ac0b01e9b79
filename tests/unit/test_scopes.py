"""Key scopes: validation and what each grant allows."""

from __future__ import annotations

import pytest

from agenttrace.core.errors import Invalid
from agenttrace.core.tenancy.keys import Principal
from agenttrace.core.tenancy.scopes import grants, validate_scopes


def test_validate_scopes_sorts_and_deduplicates() -> None:
    assert validate_scopes(["traces:write", "traces:read", "traces:write"]) == [
        "traces:read",
        "traces:write",
    ]


@pytest.mark.parametrize(
    "scope", ["traces:fly", "nothing:read", "traces"], ids=["action", "resource", "bare"]
)
def test_unknown_scope_is_invalid_naming_the_field(scope: str) -> None:
    with pytest.raises(Invalid) as raised:
        validate_scopes([scope])
    assert raised.value.field == "scopes"
    assert repr(scope) in raised.value.message


def test_empty_scope_list_is_invalid() -> None:
    with pytest.raises(Invalid, match="at least one scope"):
        validate_scopes([])


@pytest.mark.parametrize(
    ("granted", "needed", "allowed"),
    [
        ({"*"}, "prompts:write", True),
        ({"traces:*"}, "traces:delete", True),
        ({"traces:*"}, "scores:write", False),
        ({"traces:read"}, "traces:read", True),
        ({"traces:read"}, "traces:write", False),
    ],
)
def test_grants(granted: set[str], needed: str, allowed: bool) -> None:
    assert grants(frozenset(granted), needed) is allowed


def test_public_key_principal_may_only_write_scores() -> None:
    principal = Principal("p", "k", "pk", frozenset({"*"}), public_only=True)
    assert principal.allows("scores:write")
    assert not principal.allows("traces:write")
    assert not principal.allows("scores:read")
