"""Token counts, the shape ``usage`` has on traces, observations, sessions and metrics."""

from __future__ import annotations

import strawberry


@strawberry.type(description="Token counts: input, output and their total.")
class Usage:
    input_tokens: int
    output_tokens: int
    total_tokens: int
