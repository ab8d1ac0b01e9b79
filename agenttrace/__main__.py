"""``python -m agenttrace`` is the ``agenttrace`` command."""

from __future__ import annotations

from agenttrace.cli import main

main()
