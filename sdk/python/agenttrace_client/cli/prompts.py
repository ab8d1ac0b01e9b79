"""``agenttrace prompts get|compile`` (``/v1/prompts``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from agenttrace_client.cli._common import JsonOption, api, fail, handles_errors, print_json
from agenttrace_client.prompts import prompt_path

app = typer.Typer(help="Fetch and compile prompts.", no_args_is_help=True)

LabelOption = typer.Option(None, help="Default: production (unless --version).")
VersionOption = typer.Option(None, min=1)


@app.command()
@handles_errors
def get(
    ctx: typer.Context,
    name: str,
    label: str | None = LabelOption,
    version: int | None = VersionOption,
    as_json: bool = JsonOption,
) -> None:
    """Print a prompt: its text, or its messages as JSON."""
    prompt = api(ctx).get(prompt_path(name), label=label, version=version)
    if as_json:
        print_json(prompt)
    else:
        _print(prompt["prompt"])


def _variables(pairs: list[str], file: Path | None) -> dict[str, Any]:
    values: dict[str, Any] = json.loads(file.read_text()) if file else {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise fail(f"--var {pair!r}: expected NAME=VALUE")
        values[key] = value
    return values


@app.command("compile")
@handles_errors
def compile_(
    ctx: typer.Context,
    name: str,
    var: list[str] = typer.Option([], "--var", help="NAME=VALUE; repeat for several."),
    vars_file: Path | None = typer.Option(None, help="A JSON object of variables."),
    label: str | None = LabelOption,
    version: int | None = VersionOption,
    as_json: bool = JsonOption,
) -> None:
    """Compile a prompt on the server with variables; print the result."""
    body = {"variables": _variables(var, vars_file), "label": label, "version": version}
    answer = api(ctx).post(
        prompt_path(name) + "/compile", {k: v for k, v in body.items() if v is not None}
    )
    if as_json:
        print_json(answer)
    else:
        _print(answer["compiledPrompt"])


def _print(value: Any) -> None:
    typer.echo(value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False))
