"""Loading a dataset's items from a file: JSON (a list of items, or ``{"items": [...]}``),
CSV (columns ``input``, ``expected_output`` and ``metadata``; cells holding JSON are read
as JSON) and JSONL in the chat fine-tune format (``{"messages": [...]}`` per line: the
messages before the last assistant message are the input, that message's content the
expected output, and the line's other keys the metadata).

All or nothing: every bad row is reported by its line number (the item's position for
JSON) in one 400, and nothing is stored; a row is never skipped silently.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Literal

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.datasets import commands
from agenttrace.core.errors import Invalid

Format = Literal["json", "csv", "jsonl"]
FORMATS: tuple[Format, ...] = ("json", "csv", "jsonl")
# Problems named in the message; the count covers them all.
LISTED_PROBLEMS = 10


def _cell(value: str) -> Any:
    """A CSV cell: JSON when it parses as an object, array, number or quoted string, else text."""
    text = value.strip()
    if not text:
        return None
    if text[0] in '[{"' or text[0].isdigit() or text[0] == "-":
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return value
    return value


def _from_csv(text: str, problems: list[str]) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "input" not in columns:
        raise Invalid("a CSV import needs an 'input' column", field="input")
    reader.fieldnames = columns
    items = []
    for row in reader:
        line = reader.line_num
        if None in row:
            problems.append(f"line {line}: more cells than columns")
            continue
        if not (row.get("input") or "").strip():
            problems.append(f"line {line}: input is empty")
            continue
        metadata = _cell(row.get("metadata") or "")
        if metadata is not None and not isinstance(metadata, dict):
            problems.append(f"line {line}: metadata must be a JSON object")
            continue
        item = {"input": _cell(row["input"]), "metadata": metadata}
        if (row.get("expected_output") or "").strip():
            item["expectedOutput"] = _cell(row["expected_output"])
        items.append(item)
    return items


def _chat_item(record: Any) -> dict[str, Any]:
    if not isinstance(record, dict) or not isinstance(record.get("messages"), list):
        raise ValueError('each line must be an object with "messages": [...]')
    messages = record["messages"]
    if not all(isinstance(m, dict) and isinstance(m.get("role"), str) for m in messages):
        raise ValueError("each message must be an object with a role")
    last = max((i for i, m in enumerate(messages) if m["role"] == "assistant"), default=None)
    if last is None or last == 0:
        raise ValueError("the messages need an assistant message after the input")
    extra = {k: v for k, v in record.items() if k != "messages"}
    return {
        "input": messages[:last],
        "expectedOutput": messages[last].get("content"),
        "metadata": extra or None,
    }


def _from_jsonl(text: str, problems: list[str]) -> list[dict[str, Any]]:
    items = []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            items.append(_chat_item(orjson.loads(raw)))
        except orjson.JSONDecodeError as exc:
            problems.append(f"line {line}: not JSON ({exc})")
        except ValueError as exc:
            problems.append(f"line {line}: {exc}")
    return items


def _from_json(text: str, problems: list[str]) -> list[dict[str, Any]]:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise Invalid(f"the file is not JSON: {exc}", field="body") from None
    listed = data.get("items") if isinstance(data, dict) else data
    if not isinstance(listed, list):
        raise Invalid('a JSON import is a list of items or {"items": [...]}', field="items")
    items = []
    for position, item in enumerate(listed):
        if not isinstance(item, dict) or item.get("input") is None:
            problems.append(f"item {position}: an object with an input is required")
            continue
        items.append(item)
    return items


def parse_file(content: bytes, format: str) -> list[dict[str, Any]]:
    """The items of a file; every bad row is one problem of the 400."""
    if format not in FORMATS:
        raise Invalid(f"format must be one of {', '.join(FORMATS)}, got {format!r}", field="format")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("the file must be UTF-8 text", field="body") from None
    problems: list[str] = []
    reader = {"csv": _from_csv, "jsonl": _from_jsonl, "json": _from_json}[format]
    items = reader(text, problems)
    if problems:
        shown = "; ".join(problems[:LISTED_PROBLEMS])
        more = len(problems) - LISTED_PROBLEMS
        raise Invalid(
            f"{len(problems)} bad row{'s' if len(problems) > 1 else ''}, nothing imported: {shown}"
            + (f"; and {more} more" if more > 0 else ""),
            field=problems[0].split(":", 1)[0],
        )
    if not items:
        raise Invalid("the file holds no items", field="body")
    return items


async def import_items(
    *, session: AsyncSession, project_id: str, dataset_ref: str, content: bytes, format: str
) -> list[str]:
    """Add the file's items to the dataset; their ids, in file order."""
    items = parse_file(content, format)
    return await commands.create_items(
        session=session, project_id=project_id, dataset_ref=dataset_ref, bodies=items
    )
