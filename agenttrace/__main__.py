"""``python -m agenttrace`` is the ``agenttrace`` command."""

from __future__ import annotations

from agenttrace.cli import main

# Guarded: worker processes (``core/telemetry/processes.py``, ``spawn``) import the parent's
# main module under another name, and must not run the command again.
if __name__ == "__main__":
    main()
