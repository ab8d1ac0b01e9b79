"""The API key making the request, as a client shows it (never its secret)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from agenttrace.core.tenancy.keys import Principal


@strawberry.type(description="The API key making the request.")
class Viewer:
    project_id: strawberry.ID
    public_key: str
    scopes: list[str] = strawberry.field(description="Sorted; `*` grants every scope.")
    public_only: bool = strawberry.field(
        description="Signed in with the public key alone (may only create scores)."
    )
    expires_at: datetime | None = strawberry.field(description="Null: the key never expires.")

    @classmethod
    def from_principal(cls, principal: Principal) -> Viewer:
        return cls(
            project_id=strawberry.ID(principal.project_id),
            public_key=principal.public_key,
            scopes=sorted(principal.scopes),
            public_only=principal.public_only,
            expires_at=principal.expires_at,
        )
