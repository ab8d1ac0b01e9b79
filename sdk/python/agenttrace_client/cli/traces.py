"""``agenttrace traces list|get|export``: read traces through ``/v1``."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

import typer

from agenttrace_client.cli._common import (
    JsonOption,
    api,
    handles_errors,
    print_json,
    progress,
    table,
)

app = typer.Typer(help="Read traces.", no_args_is_help=True)

MAX_PAGE = 1000


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"


def _filters(name: str | None, user_id: str | None, session_id: str | None, tags: list[str],
             since: str | None, until: str | None) -> dict[str, Any]:  # fmt: skip
    return {"name": name, "userId": user_id, "sessionId": session_id, "tags": ",".join(tags) or None,
            "fromTimestamp": since, "toTimestamp": until}  # fmt: skip


NameOption = typer.Option(None, help="Only traces of this name.")
UserOption = typer.Option(None)
SessionOption = typer.Option(None)
TagOption = typer.Option([], "--tag", help="Repeat: a trace must carry all.")
FromOption = typer.Option(None, "--from", help="ISO 8601, inclusive.")
ToOption = typer.Option(None, "--to", help="ISO 8601, exclusive.")


@app.command("list")
@handles_errors
def list_(
    ctx: typer.Context,
    limit: int = typer.Option(50, min=1, max=MAX_PAGE),
    name: str | None = NameOption,
    user_id: str | None = UserOption,
    session_id: str | None = SessionOption,
    tag: list[str] = TagOption,
    since: str | None = FromOption,
    until: str | None = ToOption,
    as_json: bool = JsonOption,
) -> None:
    """The newest traces."""
    page = api(ctx).get(
        "/v1/traces", limit=limit, **_filters(name, user_id, session_id, tag, since, until)
    )
    if as_json:
        print_json(page)
        return
    table(page["data"], [("ID", "id"), ("TIMESTAMP", "timestamp"), ("NAME", "name"),
                         ("OBSERVATIONS", "observationCount"), ("COST", "totalCost"),
                         ("LATENCY", "latency"), ("LEVEL", "level")])  # fmt: skip


@app.command()
@handles_errors
def get(
    ctx: typer.Context,
    trace_id: str,
    observations: bool = typer.Option(True, help="Include its observations."),
    scores: bool = typer.Option(True, help="Include its scores."),
    as_json: bool = JsonOption,
) -> None:
    """One trace, with its observations and scores."""
    trace = api(ctx).get(
        f"/v1/traces/{trace_id}", includeObservations=observations, includeScores=scores
    )
    if as_json:
        print_json(trace)
        return
    typer.echo(
        f"{trace['id']}  {trace.get('name') or '-'}  {trace['timestamp']}  level={trace.get('level')}"
    )
    typer.echo(
        f"cost={trace.get('totalCost')}  latency={trace.get('latency')}  tokens={(trace.get('usage') or {}).get('totalTokens')}"
    )
    for item in trace.get("observations") or []:
        typer.echo(
            f"  {item['type']:<10} {item.get('name') or '-'}  {item['startTime']}  {item.get('model') or ''}".rstrip()
        )
    for item in trace.get("scores") or []:
        typer.echo(f"  score {item['name']} = {item.get('value', item.get('stringValue'))}")


@app.command()
@handles_errors
def export(
    ctx: typer.Context,
    output: Path | None = typer.Option(None, "-o", "--output", help="Default: stdout."),
    format: Format = typer.Option(Format.jsonl, "--format"),
    observations: bool = typer.Option(
        False, help="Each trace with its observations and scores (one request per trace)."
    ),
    name: str | None = NameOption,
    user_id: str | None = UserOption,
    session_id: str | None = SessionOption,
    tag: list[str] = TagOption,
    since: str | None = FromOption,
    until: str | None = ToOption,
) -> None:
    """Every trace that matches, as JSON Lines (one trace a line) or one JSON array."""
    client = api(ctx)
    query: dict[str, Any] = {
        "limit": MAX_PAGE,
        **_filters(name, user_id, session_id, tag, since, until),
    }
    first = client.get("/v1/traces", **query)
    total = first["meta"].get("totalCount")
    with (output.open("w", encoding="utf-8") if output else nullcontext(sys.stdout)) as out, \
            progress(total if output else None, "exporting") as bar:  # fmt: skip
        writer = _Writer(out, format)
        page = first
        while True:
            for trace in page["data"]:
                if observations:
                    trace = client.get(
                        f"/v1/traces/{trace['id']}", includeObservations=True, includeScores=True
                    )
                writer.write(trace)
                bar.update(1)
            meta = page["meta"]
            if not meta.get("hasMore") or not meta.get("nextCursor"):
                break
            page = client.get("/v1/traces", **query, cursor=meta["nextCursor"], totalCount=False)
        writer.close()
    if output:
        typer.echo(f"{writer.count} trace(s) written to {output}", err=True)


class _Writer:
    """Streams: a JSON array is written item by item, never held whole."""

    def __init__(self, out: TextIO, format: Format) -> None:
        self.out, self.format, self.count = out, format, 0
        if format is Format.json:
            out.write("[")

    def write(self, item: dict[str, Any]) -> None:
        text = json.dumps(item, ensure_ascii=False)
        if self.format is Format.json:
            self.out.write(("\n" if self.count == 0 else ",\n") + text)
        else:
            self.out.write(text + "\n")
        self.count += 1

    def close(self) -> None:
        if self.format is Format.json:
            self.out.write("\n]\n" if self.count else "]\n")
