"""``/v1/terminal-commands``: create, batch create, list, read, stats, and per trace."""

from __future__ import annotations

from agenttrace.core.agents import terminal_commands
from agenttrace.rest.v1.record_routes import RecordRoutes

ROUTES = RecordRoutes(
    kind=terminal_commands.KIND,
    build=terminal_commands.terminal_command_write,
    stats_of=terminal_commands.stats,
    batch_field="commands",
)
