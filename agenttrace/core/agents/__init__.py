"""Coding-agent records: checkpoints, git links, CI runs, file operations, terminal
commands, and the views built over them (the per-commit timeline, replay, session
totals). ``docs/agents.md`` describes what each does and the choices made."""
