"""The agent tables as SQLAlchemy ``Table`` objects, for the statements of the core."""

from __future__ import annotations

from sqlalchemy import Table

from agenttrace.models import (
    Checkpoint,
    CheckpointBlob,
    CiRun,
    CiRunTrace,
    FileOperation,
    GitLink,
    TerminalCommand,
)

CHECKPOINT: Table = Checkpoint.__table__  # type: ignore[attr-defined]
CHECKPOINT_BLOB: Table = CheckpointBlob.__table__  # type: ignore[attr-defined]
GIT_LINK: Table = GitLink.__table__  # type: ignore[attr-defined]
CI_RUN: Table = CiRun.__table__  # type: ignore[attr-defined]
CI_RUN_TRACE: Table = CiRunTrace.__table__  # type: ignore[attr-defined]
FILE_OPERATION: Table = FileOperation.__table__  # type: ignore[attr-defined]
TERMINAL_COMMAND: Table = TerminalCommand.__table__  # type: ignore[attr-defined]
