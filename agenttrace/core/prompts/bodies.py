"""What a prompt write may carry, checked once for every face: names (folders are ``/``),
types and the body each type needs, chat messages and placeholders, labels and tags.

Lenient where clients differ (Langfuse SDK 5.x omits ``type`` for text prompts, the 2.x SDK
sends ``config: {}`` and explicit nulls) and strict where data would be lost or misread: a
body that does not fit its type is an error naming ``prompt``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

from agenttrace.core.errors import Invalid
from agenttrace.core.tracing.ingest.bodies import Body, parse

PromptType = Literal["text", "chat"]
LATEST = "latest"
PRODUCTION = "production"
MAX_NAME_LENGTH = 255
MAX_COMMIT_MESSAGE_LENGTH = 500
_LABEL = re.compile(r"[a-z0-9_.\-]{1,36}")
_PLACEHOLDER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class PromptBody(Body):
    name: Any = None
    type: Any = None
    prompt: Any = None
    config: Any = None
    labels: Any = None
    tags: Any = None
    commit_message: Any = None


def check_name(name: Any, *, field: str = "name") -> str:
    """A prompt name: folders are ``/``-separated, so no segment may be empty."""
    if not isinstance(name, str) or not name.strip():
        raise Invalid(f"{field} is required (a non-empty string)", field=field)
    if len(name) > MAX_NAME_LENGTH:
        raise Invalid(f"{field} is longer than {MAX_NAME_LENGTH} characters", field=field)
    if "|" in name:
        raise Invalid(f"{field} may not contain '|'", field=field)
    if any(not segment.strip() for segment in name.split("/")):
        raise Invalid(
            f"{field} {name!r} has an empty folder segment (a leading, trailing or double '/')",
            field=field,
        )
    return name


def check_labels(labels: Any, *, field: str, allow_latest: bool) -> list[str]:
    """Labels are 1 to 36 of ``[a-z0-9_.-]``; ``latest`` is the server's to place."""
    if labels is None:
        return []
    if not isinstance(labels, list):
        raise Invalid(f"{field} must be a list of strings", field=field)
    checked: list[str] = []
    for position, label in enumerate(labels):
        where = f"{field}[{position}]"
        if not isinstance(label, str) or not _LABEL.fullmatch(label):
            raise Invalid(
                f"{where} must be 1 to 36 characters of a-z, 0-9, '_', '.' or '-', got {label!r}",
                field=where,
            )
        if label == LATEST:
            if not allow_latest:
                raise Invalid(
                    "the label 'latest' always marks the newest version; it cannot be set",
                    field=where,
                )
            continue
        if label not in checked:
            checked.append(label)
    return checked


def _check_tags(tags: Any) -> list[str] | None:
    if tags is None:
        return None
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise Invalid("tags must be a list of strings", field="tags")
    return sorted(set(tags))


def _check_type(given: Any, prompt: Any) -> PromptType:
    if given is None:
        return "chat" if isinstance(prompt, list) else "text"
    if not isinstance(given, str) or given.strip().lower() not in ("text", "chat"):
        raise Invalid(f"type must be 'text' or 'chat', got {given!r}", field="type")
    return "chat" if given.strip().lower() == "chat" else "text"


def check_messages(messages: Sequence[Any], *, field: str, placeholders: bool) -> None:
    """Chat messages are ``{role, content}`` (content a string); a prompt may also hold
    ``{type: "placeholder", name}`` entries, filled with messages when compiled."""
    for position, message in enumerate(messages):
        where = f"{field}[{position}]"
        if not isinstance(message, dict):
            raise Invalid(f"{where} must be an object with role and content", field=where)
        if placeholders and message.get("type") == "placeholder":
            name = message.get("name")
            if not isinstance(name, str) or not _PLACEHOLDER_NAME.fullmatch(name):
                raise Invalid(
                    f"{where}.name must start with a letter and hold letters, digits or '_'",
                    field=f"{where}.name",
                )
            continue
        if not isinstance(message.get("role"), str) or not message["role"]:
            raise Invalid(f"{where}.role is required (a string)", field=f"{where}.role")
        if not isinstance(message.get("content"), str):
            raise Invalid(f"{where}.content must be a string", field=f"{where}.content")


def _check_prompt(prompt: Any, prompt_type: PromptType) -> Any:
    if prompt_type == "text":
        if not isinstance(prompt, str):
            raise Invalid("a text prompt's prompt must be a string", field="prompt")
        return prompt
    if not isinstance(prompt, list):
        raise Invalid(
            "a chat prompt's prompt must be a list of messages {role, content}", field="prompt"
        )
    check_messages(prompt, field="prompt", placeholders=True)
    return [
        {"type": "placeholder", "name": m["name"]}
        if m.get("type") == "placeholder"
        else {"role": m["role"], "content": m["content"]}
        for m in prompt
    ]


class NewVersion:
    """A checked prompt write: the version it adds and what it says of the prompt."""

    def __init__(self, data: Any) -> None:
        body = parse(PromptBody, data)
        self.name = check_name(body.name)
        self.type: PromptType = _check_type(body.type, body.prompt)
        self.prompt = _check_prompt(body.prompt, self.type)
        self.config = {} if body.config is None else body.config
        self.labels = check_labels(body.labels, field="labels", allow_latest=True)
        self.tags = _check_tags(body.tags)
        message = body.commit_message
        if message is not None and (
            not isinstance(message, str) or len(message) > MAX_COMMIT_MESSAGE_LENGTH
        ):
            raise Invalid(
                f"commitMessage must be a string of at most {MAX_COMMIT_MESSAGE_LENGTH} characters",
                field="commitMessage",
            )
        self.commit_message: str | None = message
