"""Which errors are a database outage (503) and which stay bugs (500)."""

from __future__ import annotations

import errno
import sqlite3

import pytest
from sqlalchemy import exc as sa_exc

from agenttrace.db.faults import describe, unavailable


def _wrapped(orig: Exception) -> sa_exc.DBAPIError:
    return sa_exc.OperationalError("INSERT INTO trace VALUES (?)", ("secret payload",), orig)


def _sqlite_error(name: str, message: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = name  # type: ignore[attr-defined]
    return error


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(errno.ECONNREFUSED, "refused"),
        OSError("Multiple exceptions: [Errno 111] Connect call failed ('::1', 5432)"),
        OSError(errno.ENOSPC, "No space left on device"),
        TimeoutError(),
        _wrapped(_sqlite_error("SQLITE_FULL", "database or disk is full")),
        _wrapped(_sqlite_error("SQLITE_BUSY", "database is locked")),
        _wrapped(_PgError("57P01")),  # terminating connection due to administrator command
        _wrapped(_PgError("08006")),  # connection failure
        _wrapped(_PgError("53100")),  # disk full
    ],
)
def test_outages(error: BaseException) -> None:
    assert unavailable(error)


@pytest.mark.parametrize(
    "error",
    [
        FileNotFoundError(errno.ENOENT, "no such blob"),
        ValueError("a bug"),
        _wrapped(_sqlite_error("SQLITE_ERROR", "no such table: trace")),
        _wrapped(_PgError("23505")),  # unique violation
        _wrapped(_PgError("42P01")),  # undefined table
    ],
)
def test_bugs_stay_bugs(error: BaseException) -> None:
    assert not unavailable(error)


def test_the_description_leaves_statements_and_parameters_out() -> None:
    text = describe(_wrapped(_sqlite_error("SQLITE_FULL", "database or disk is full")))
    assert text == "OperationalError: database or disk is full"
    assert "secret payload" not in text
