"""``python -m agenttrace_client`` is the ``agenttrace`` command."""

from __future__ import annotations

from agenttrace_client.cli import main

main()
