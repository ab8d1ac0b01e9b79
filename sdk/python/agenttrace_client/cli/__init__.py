"""The ``agenttrace`` command. This distribution owns it; the server's distribution adds
its commands (``serve``, ``migrate``, ``keys`` …) through the ``agenttrace.cli`` entry-point
group, loaded only when one of them is asked for or the help lists them. So the client
commands work with or without the server installed, and one ``agenttrace --help`` shows
both when both are."""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

import typer
from typer.core import TyperGroup

from agenttrace_client.cli import checkpoint, ci, gitlink, prompts, traces, wrap
from agenttrace_client.cli._common import Globals

PLUGIN_GROUP = "agenttrace.cli"
SERVER_PANEL = "Server commands"


class AgentTraceGroup(TyperGroup):
    """Our commands, then those of the installed plugins (ours win a name clash)."""

    _plugins: dict[str, Any] | None = None
    _plugin_errors: list[str]

    def plugins(self) -> dict[str, Any]:
        if self._plugins is None:
            self._plugins, self._plugin_errors = {}, []
            for point in entry_points(group=PLUGIN_GROUP):
                try:
                    group = typer.main.get_command(point.load())
                except Exception as exc:  # a broken plugin must not break the client commands
                    self._plugin_errors.append(f"{point.name} ({point.value}): {exc}")
                    continue
                # Duck-typed: typer 0.12 builds click groups, newer typers their own.
                commands = getattr(group, "commands", None) or {group.name or point.name: group}
                for name, command in commands.items():
                    if name not in self.commands:
                        command.rich_help_panel = SERVER_PANEL
                        self._plugins[name] = command
        return self._plugins

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *self.plugins()]

    def get_command(self, ctx: Any, name: str) -> Any:
        found = super().get_command(ctx, name) or self.plugins().get(name)
        if found is None and self._plugin_errors:
            typer.echo(
                f"agenttrace: a plugin failed to load: {'; '.join(self._plugin_errors)}", err=True
            )
        return found


app = typer.Typer(
    cls=AgentTraceGroup,
    help="AgentTrace: trace commands, CI runs, checkpoints and git links; read traces and prompts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    api_url: str | None = typer.Option(
        None, help="Overrides AGENTTRACE_API_URL (default http://127.0.0.1:3000)."
    ),
    api_key: str | None = typer.Option(
        None, help="Overrides AGENTTRACE_API_KEY (a secret key).", show_default=False
    ),
    timeout: float | None = typer.Option(
        None, help="Seconds any call may take, retries included (default 10)."
    ),
) -> None:
    ctx.obj = Globals(api_url, api_key, timeout)


app.command(context_settings={"allow_interspersed_args": False, "ignore_unknown_options": True})(
    wrap.wrap
)
app.add_typer(ci.app, name="ci")
app.add_typer(checkpoint.app, name="checkpoint")
app.command("git-link")(gitlink.git_link)
app.add_typer(traces.app, name="traces")
app.add_typer(prompts.app, name="prompts")


def main() -> None:
    app()
