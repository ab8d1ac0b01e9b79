"""Typed errors raised by the core. None of them knows HTTP: each carries a neutral
``code`` (and the ``field`` it concerns, when there is one), and each face turns the code
into its own envelope: ``rest/v1/errors.py``, ``rest/public/errors.py`` and
``graphql/errors.py``; ``web/errors.py`` gives each code its HTTP status.
"""

from __future__ import annotations

from typing import ClassVar


class CoreError(Exception):
    """Base of every expected failure; ``message`` is safe to show to the caller."""

    code: ClassVar[str] = "invalid"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        if self.field is None:
            return f"{type(self).__name__}({self.message!r})"
        return f"{type(self).__name__}({self.message!r}, field={self.field!r})"


class Invalid(CoreError):
    """Bad input; ``field`` names the offending field (dotted path) when there is one."""

    code = "invalid"


class NotFound(CoreError):
    code = "not_found"

    def __init__(
        self, resource: str, identifier: str | None = None, *, hint: str | None = None
    ) -> None:
        """``hint``: how to find what was looked for, appended to the message."""
        message = (
            f"{resource} not found"
            if identifier is None
            else f"{resource} {identifier!r} not found"
        )
        super().__init__(message if hint is None else f"{message}: {hint}")
        self.resource = resource
        self.identifier = identifier


class Conflict(CoreError):
    code = "conflict"


class Unauthorized(CoreError):
    code = "unauthorized"


class Forbidden(CoreError):
    code = "forbidden"


class TooLarge(CoreError):
    code = "too_large"


class RateLimited(CoreError):
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotStored(CoreError):
    """A write that failed on the server's side (not the caller's fault); nothing of it
    was stored, so sending it again is safe."""

    code = "internal"

    def __init__(self, message: str = "not stored") -> None:
        super().__init__(message)


class Unavailable(CoreError):
    """The database cannot take the write now; retrying later may succeed."""

    code = "unavailable"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
