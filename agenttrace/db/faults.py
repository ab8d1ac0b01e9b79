"""Which database errors mean "not now" (the database is down, restarting, unreachable or
out of space) rather than "this is wrong" (a bug, a constraint): the first become 503 with
``Retry-After`` and are never retried write by write; the others stay what they are.

PostgreSQL says it by SQLSTATE class (08 connection exception, 53 insufficient resources,
57P01 to 57P03 shutdown and start-up), by the driver's connection errors, or by a refused
socket; SQLite by its result code (full, busy, locked, I/O, cannot open), since its
``OperationalError`` also covers bugs such as a missing table.
"""

from __future__ import annotations

import errno
import socket

from sqlalchemy import exc as sa_exc

# Seconds a client is told to wait before retrying a write the database could not take.
RETRY_AFTER_SECONDS = 5

_SQLSTATE_PREFIXES = ("08", "53", "57P01", "57P02", "57P03")
_SQLITE_CODES = ("SQLITE_FULL", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_CANTOPEN")
# Operating-system errors of an outage (a missing file, say, is not one: it stays a 500).
_OUTAGE_ERRNOS = {
    errno.ENOSPC, errno.EIO, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ECONNREFUSED,
    errno.ECONNRESET, errno.ETIMEDOUT, errno.EPIPE,
}  # fmt: skip
# The asyncpg errors of a connection that went away (matched by name: no import of the
# driver for the SQLite-only install path).
_DRIVER_CONNECTION_ERRORS = (
    "ConnectionDoesNotExistError",
    "ConnectionFailureError",
    "CannotConnectNowError",
    "InterfaceError",
)


def unavailable(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) says the database cannot serve us right now."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _says_unavailable(current):
            return True
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return False


def _says_unavailable(error: BaseException) -> bool:
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, sa_exc.DisconnectionError | sa_exc.TimeoutError):
        return True
    if isinstance(error, ConnectionError | socket.gaierror | TimeoutError):
        return True  # refused, reset, unresolvable, timed out
    if isinstance(error, OSError) and (
        error.errno in _OUTAGE_ERRNOS or "Connect call failed" in str(error)
    ):
        return True  # no space, I/O error, unreachable; asyncio's "Multiple exceptions"
    sqlstate = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if isinstance(sqlstate, str) and sqlstate.startswith(_SQLSTATE_PREFIXES):
        return True
    name = getattr(error, "sqlite_errorname", None)
    if isinstance(name, str) and name.startswith(_SQLITE_CODES):
        return True
    return type(error).__name__ in _DRIVER_CONNECTION_ERRORS and type(error).__module__.startswith(
        "asyncpg"
    )


def describe(error: BaseException) -> str:
    """One short line for the log: the driver's own message, without the statement or its
    parameters (which would carry payloads)."""
    cause = error.orig if isinstance(error, sa_exc.DBAPIError) and error.orig is not None else error
    message = " ".join(str(cause).split()) or type(cause).__name__
    return f"{type(cause).__name__}: {message}"[:300]
