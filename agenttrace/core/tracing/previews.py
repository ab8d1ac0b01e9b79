"""What a reader sees of a payload without reading it: a one-line preview, its size, and the
text a search looks in. Computed once per write by the ingest core (``ingest/store.py``)
and stored beside the payload, so a list of traces never reads a 4 MB output to show 200
characters of it.

The preview follows the web UI's rule (``ui/src/lib/preview.ts``): the text of the last
chat message that has any when the value is a conversation, a string as it is, otherwise
compact JSON; whitespace collapsed to single spaces; cut to ``PREVIEW_CHARS`` with ``…``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson

PREVIEW_CHARS = 200
# How much of each of name, input and output a search looks in, in characters: enough for
# any prompt and answer, small enough for PostgreSQL's 1 MB tsvector limit.
SEARCH_CHARS = 60_000

_SPACES = re.compile(r"\s+")


def json_bytes(value: Any) -> int:
    """The size of a stored payload: its compact JSON text in UTF-8; 0 when absent."""
    return 0 if value is None else len(orjson.dumps(value))


def preview(value: Any, max_chars: int = PREVIEW_CHARS) -> str | None:
    """The one-line preview of an input or output; ``None`` when there is none."""
    if value is None:
        return None
    spoken = [text for text in (_message_text(m) for m in _messages(value) or []) if text]
    whole = spoken[-1] if spoken else orjson.dumps(value).decode()
    line = _SPACES.sub(" ", whole).strip()
    return line if len(line) <= max_chars else line[: max_chars - 1] + "…"


def search_text(*values: Any) -> str:
    """The words a search finds a trace by: the strings inside each value (not its keys,
    which every chat shares), each value's share cut to ``SEARCH_CHARS``."""
    parts: list[str] = []
    for value in values:
        taken, size = [], 0
        for text in _strings(value):
            taken.append(text[: SEARCH_CHARS - size])
            size += len(taken[-1])
            if size >= SEARCH_CHARS:
                break
        parts.append(" ".join(taken))
    return " ".join(part for part in parts if part)


def _strings(value: Any) -> Iterator[str]:
    """Depth-first, without recursion (payloads can nest deeply)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            yield current
        elif isinstance(current, dict):
            stack.extend(reversed(list(current.values())))
        elif isinstance(current, list):
            stack.extend(reversed(current))


# The chat shapes, as far as the preview needs them: which messages, and their text parts.


def _is_message(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("role"), str)


def _messages(value: Any) -> list[Any] | None:
    """The messages in ``value`` (as raw dicts, or a string), or None when not a chat."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value if value and all(_is_message(item) for item in value) else None
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("messages"), list):
        messages = _messages(value["messages"])
        system = value.get("system")
        return [system, *messages] if messages and isinstance(system, str) else messages
    if isinstance(value.get("contents"), list):
        return _messages(value["contents"])
    if isinstance(value.get("choices"), list):
        choices = value["choices"]
        return _messages([_choice_message(c) for c in choices if isinstance(c, dict)])
    if isinstance(value.get("role"), str) or isinstance(value.get("content"), str):
        return [value]
    return None


def _choice_message(choice: dict[str, Any]) -> Any:
    message = choice.get("message")
    return message if message is not None else choice.get("delta")


def _message_text(message: Any) -> str:
    if isinstance(message, str):
        return message
    role = message.get("role")
    if role in ("tool", "function") or isinstance(message.get("tool_call_id"), str):
        return ""  # a tool's result is no text of the conversation
    content = message.get("content")
    if content is None:
        content = message.get("parts")
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    return "\n".join(text for text in map(_block_text, content) if text is not None)


def _block_text(block: Any) -> str | None:
    if isinstance(block, str):
        return block
    if not isinstance(block, dict) or not isinstance(block.get("text"), str):
        return None
    kind = block.get("type")
    return block["text"] if kind is None or str(kind).endswith("text") else None
