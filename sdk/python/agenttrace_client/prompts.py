"""Prompts fetched from ``GET /v1/prompts/:name`` (``?version=``, else ``?label=``, else the
label ``production``), cached in the process, with a fallback for when the server cannot
answer; ``compile`` fills ``{{variables}}`` the way the server's compile does.

The cache keeps each answer ``cache_ttl`` seconds (60 by default). When a refresh fails the
stale answer is served (and the failure counted); with nothing cached, the ``fallback``
(version 0, ``is_fallback``). Without either, ``get_prompt`` raises: it is the one call
whose answer the caller's code cannot do without.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from agenttrace_client._core import ClientCore
from agenttrace_client.errors import AgentTraceError

VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
DEFAULT_TTL = 60.0


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    type: str  # "text" or "chat"
    prompt: Any  # a string, or a list of messages
    config: Any = field(default_factory=dict)
    labels: tuple[str, ...] = ()
    is_fallback: bool = False

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Prompt:
        return cls(
            name=data["name"], version=int(data["version"]), type=data.get("type", "text"),
            prompt=data["prompt"], config=data.get("config") or {},
            labels=tuple(data.get("labels") or ()),
        )  # fmt: skip

    @property
    def variables(self) -> list[str]:
        texts = [self.prompt] if isinstance(self.prompt, str) else [
            message.get("content", "") for message in self.prompt if isinstance(message, dict)
        ]  # fmt: skip
        names = (
            m.group(1) for text in texts if isinstance(text, str) for m in VARIABLE.finditer(text)
        )
        return list(dict.fromkeys(names))

    def compile(
        self,
        variables: Mapping[str, Any] | None = None,
        *,
        placeholders: Mapping[str, list[dict[str, Any]]] | None = None,
        **more: Any,
    ) -> Any:
        """The text (or the chat messages) with every ``{{name}}`` replaced; a missing
        variable or placeholder is a ``KeyError`` naming it. Values are inserted as they
        are, never expanded again."""
        values = {**(variables or {}), **more}
        missing = [name for name in self.variables if name not in values]
        if missing:
            raise KeyError(
                f"missing variable{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
            )
        text = {name: _text(value) for name, value in values.items()}
        if isinstance(self.prompt, str):
            return _fill(self.prompt, text)
        messages: list[Any] = []
        for message in self.prompt:
            if message.get("type") == "placeholder":
                if placeholders is None or message["name"] not in placeholders:
                    raise KeyError(f"missing placeholder: {message['name']}")
                messages.extend(placeholders[message["name"]])
            else:
                content = message.get("content")
                filled = _fill(content, text) if isinstance(content, str) else content
                messages.append({**message, "content": filled})
        return messages


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _fill(template: str, values: Mapping[str, str]) -> str:
    return VARIABLE.sub(lambda match: values[match.group(1)], template)


def fallback_prompt(name: str, fallback: str | list[dict[str, Any]]) -> Prompt:
    kind = "text" if isinstance(fallback, str) else "chat"
    return Prompt(name, 0, kind, fallback, labels=("fallback",), is_fallback=True)


def prompt_path(name: str) -> str:
    return f"/v1/prompts/{quote(name, safe='')}"


class PromptsMixin(ClientCore):
    _prompt_cache: dict[tuple[str, int | None, str | None], tuple[float, Prompt]]
    _prompt_lock: threading.Lock

    def get_prompt(
        self,
        name: str,
        *,
        label: str | None = None,
        version: int | None = None,
        fallback: str | list[dict[str, Any]] | None = None,
        cache_ttl: float = DEFAULT_TTL,
    ) -> Prompt:
        key = (name, version, label)
        with self._prompt_lock:
            cached = self._prompt_cache.get(key)
        if cached is not None and time.monotonic() - cached[0] < cache_ttl:
            return cached[1]
        answer = self._call("GET", prompt_path(name), version=version, label=label)
        if isinstance(answer, dict) and "prompt" in answer:
            prompt = Prompt.from_api(answer)
            with self._prompt_lock:
                self._prompt_cache[key] = (time.monotonic(), prompt)
            return prompt
        if cached is not None:
            return cached[1]
        if fallback is not None:
            return fallback_prompt(name, fallback)
        raise AgentTraceError(f"prompt {name!r} could not be fetched and no fallback was given")

    def compile_prompt(
        self,
        name: str,
        variables: Mapping[str, Any] | None = None,
        *,
        label: str | None = None,
        version: int | None = None,
        placeholders: Mapping[str, list[dict[str, Any]]] | None = None,
    ) -> Any:
        """The server's compile (``POST /v1/prompts/:name/compile``): its whole answer,
        ``{compiledPrompt, name, version, type}``, or None when it failed (not strict)."""
        body = {"variables": dict(variables or {}), "placeholders": placeholders,
                "label": label, "version": version}  # fmt: skip
        return self._call(
            "POST", prompt_path(name) + "/compile", {k: v for k, v in body.items() if v is not None}
        )
