"""Typed errors raised by the core. None of them knows HTTP: each face maps them to its
own envelope (``rest/errors.py`` for both REST dialects, ``graphql/errors.py`` for GraphQL).
"""

from __future__ import annotations


class CoreError(Exception):
    """Base of every expected failure; ``message`` is safe to show to the caller."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class Invalid(CoreError):
    """Bad input; ``field`` names the offending field (dotted path) when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    def __repr__(self) -> str:
        return f"Invalid({self.message!r}, field={self.field!r})"


class NotFound(CoreError):
    def __init__(self, resource: str, identifier: str | None = None) -> None:
        message = (
            f"{resource} not found"
            if identifier is None
            else f"{resource} {identifier!r} not found"
        )
        super().__init__(message)
        self.resource = resource
        self.identifier = identifier


class Conflict(CoreError):
    pass


class Unauthorized(CoreError):
    pass


class Forbidden(CoreError):
    pass


class TooLarge(CoreError):
    pass


class RateLimited(CoreError):
    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
