"""What can go wrong talking to AgentTrace, as exceptions a caller (or the CLI) can tell apart.

The library raises them only in strict mode; otherwise they are logged and counted in
``client.stats()``. The CLI turns them into one line and an exit code.
"""

from __future__ import annotations


class AgentTraceError(Exception):
    """Base of every error of this package."""


class ConfigurationError(AgentTraceError):
    """No key, or a setting that cannot be read (named in the message)."""


class Unreachable(AgentTraceError):
    """The server could not be reached, timed out, or kept answering 5xx."""


class NotAgentTrace(AgentTraceError):
    """The URL answered, but not as AgentTrace does (a wrong ``AGENTTRACE_API_URL``)."""


class ApiError(AgentTraceError):
    """The server refused the request: ``status``, its ``code`` and the ``field`` it names."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.field = field

    @property
    def unauthorized(self) -> bool:
        return self.status == 401
