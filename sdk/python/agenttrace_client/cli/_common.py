"""What every client command shares: the settings from the root options, one line and an
exit code for each kind of failure, JSON or human output, progress on stderr.

Exit codes scripts can rely on:

- 0: done;
- 1: the server refused the request (not found, invalid, forbidden, too large) or the
  operation failed (a restore that could not write every file);
- 2: AgentTrace could not be used: no key, a wrong URL, the server down or timing out,
  a key the server refused (401), or a usage error;
- ``wrap`` exits with its command's code.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import typer

from agenttrace_client._data import trace_id
from agenttrace_client._http import Transport
from agenttrace_client._rest import RestApi
from agenttrace_client._settings import Settings
from agenttrace_client.errors import AgentTraceError, ApiError, ConfigurationError

FAILED = 1
UNAVAILABLE = 2

F = TypeVar("F", bound=Callable[..., Any])

JsonOption = typer.Option(False, "--json", help="Print JSON (for scripts).")


@dataclass(frozen=True)
class Globals:
    api_url: str | None = None
    api_key: str | None = None
    timeout: float | None = None

    def settings(self) -> Settings:
        return Settings.load(api_url=self.api_url, api_key=self.api_key, timeout=self.timeout)


def settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root().obj
    return (root if isinstance(root, Globals) else Globals()).settings()


def api(ctx: typer.Context) -> RestApi:
    """A REST client; no key is a ``ConfigurationError`` before any request."""
    chosen = settings(ctx)
    chosen.authorization()
    return RestApi(Transport(chosen))


def fail(message: str, code: int = FAILED) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def exit_code(exc: AgentTraceError) -> int:
    if isinstance(exc, ApiError) and exc.status != 401:
        return FAILED
    return UNAVAILABLE


def message(exc: AgentTraceError) -> str:
    if isinstance(exc, ApiError) and exc.status == 401:
        return f"the server refused the key ({exc.message}); check AGENTTRACE_API_KEY"
    if isinstance(exc, ApiError) and exc.field:
        return f"{exc} (field {exc.field})"
    return str(exc)


def handles_errors(command: F) -> F:
    """One line on stderr and the exit code for the error's kind; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (ConfigurationError, AgentTraceError) as exc:
            raise fail(message(exc), exit_code(exc)) from None

    return wrapper  # type: ignore[return-value]


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def table(rows: Iterable[Mapping[str, Any]], columns: Sequence[tuple[str, str]]) -> None:
    """Rows as aligned columns: (title, key) pairs; missing values as ``-``."""
    cells = [[_cell(row.get(key)) for _, key in columns] for row in rows]
    widths = [
        max([len(title), *(len(r[i]) for r in cells)]) for i, (title, _) in enumerate(columns)
    ]
    typer.echo(
        "  ".join(title.ljust(w) for (title, _), w in zip(columns, widths, strict=True)).rstrip()
    )
    for row in cells:
        typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


class _Quiet:
    """Stands in for a bar when the total is unknown."""

    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, step: int) -> None:
        return None


def progress(length: int | None, label: str) -> Any:
    """A progress bar on stderr (drawn on a terminal only; click leaves pipes alone)."""
    if not length:
        return _Quiet()
    return typer.progressbar(length=length, label=label, file=sys.stderr)


def trace_for(given: str | None) -> str:
    """The trace a record goes to: given, else the wrapping command's, else the CI job's,
    else a new one (the server creates it: ``createTrace``)."""
    return (
        given
        or os.environ.get("AGENTTRACE_TRACE_ID")
        or os.environ.get("AGENTTRACE_CI_TRACE_ID")
        or trace_id()
    )
