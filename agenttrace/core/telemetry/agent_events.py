"""What each coding agent's log events mean: Claude Code (``claude_code.*``), Codex
(``codex.*``) and Gemini CLI (``gemini_cli.*``), and any other OTLP log record.

An ``Agent`` names the attributes that tie an agent's events together (its session, the
prompt or turn an event belongs to, its order), and which events are model calls (with
their model, token counts and the client's cost), tool results, user prompts and errors.
Every other event is an EVENT observation with its attributes: nothing is dropped.

The attribute names are the documented ones (Claude Code's monitoring page, Codex's
``codex-rs/otel`` event manager, Gemini CLI's telemetry page); ``docs/coding-agents.md``
lists them. Claude Code sends numbers as strings; every number here is read either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from agenttrace.core.numbers import number

# Stored usage keys (``core/tracing/usage.py``) of each agent's token counts.
_CLAUDE_USAGE = {
    "input_tokens": "input",
    "output_tokens": "output",
    "cache_read_tokens": "input_cached_tokens",
    "cache_creation_tokens": "input_cache_creation",
}
_CODEX_USAGE = {
    "input_token_count": "input",
    "output_token_count": "output",
    "cached_token_count": "input_cached_tokens",
    "reasoning_token_count": "output_reasoning_tokens",
}
_GEMINI_USAGE = {
    "input_token_count": "input",
    "output_token_count": "output",
    "cached_content_token_count": "input_cached_tokens",
    "thoughts_token_count": "output_reasoning_tokens",
}


@dataclass(frozen=True, slots=True)
class Agent:
    name: str
    prefix: str
    session_keys: tuple[str, ...]
    # The attribute naming the user prompt an event belongs to; None: turns by time.
    prompt_key: str | None
    user_keys: tuple[str, ...]
    generations: frozenset[str]
    tools: frozenset[str]
    prompts: frozenset[str]
    errors: frozenset[str]
    usage: dict[str, str]
    # Inclusive counts: input holds the cached tokens (OpenAI, Gemini); output holds the
    # reasoning tokens (OpenAI; Gemini counts its thoughts apart).
    input_holds_cache: bool = False
    output_holds_reasoning: bool = False
    cost_key: str | None = None
    tool_name_keys: tuple[str, ...] = ("tool_name",)
    tool_id_keys: tuple[str, ...] = ("tool_use_id", "call_id")
    tool_input_keys: tuple[str, ...] = ("tool_parameters", "tool_input", "arguments")
    extra: dict[str, Any] = field(default_factory=dict)


CLAUDE_CODE = Agent(
    name="claude_code",
    prefix="claude_code.",
    session_keys=("session.id",),
    prompt_key="prompt.id",
    user_keys=("user.email", "user.id", "user.account_uuid"),
    generations=frozenset({"claude_code.api_request"}),
    tools=frozenset({"claude_code.tool_result"}),
    prompts=frozenset({"claude_code.user_prompt"}),
    errors=frozenset({"claude_code.api_error", "claude_code.internal_error"}),
    usage=_CLAUDE_USAGE,
    cost_key="cost_usd",
)
CODEX = Agent(
    name="codex",
    prefix="codex.",
    session_keys=("conversation.id", "thread.id", "thread_id"),
    prompt_key=None,
    user_keys=("user.email", "user.account_id"),
    generations=frozenset({"codex.sse_event:response.completed"}),
    tools=frozenset({"codex.tool_result"}),
    prompts=frozenset({"codex.user_prompt"}),
    errors=frozenset(),
    usage=_CODEX_USAGE,
    input_holds_cache=True,
    output_holds_reasoning=True,
)
GEMINI_CLI = Agent(
    name="gemini_cli",
    prefix="gemini_cli.",
    session_keys=("session.id",),
    prompt_key="prompt_id",
    user_keys=("user.email", "installation.id"),
    generations=frozenset({"gemini_cli.api_response"}),
    tools=frozenset({"gemini_cli.tool_call"}),
    prompts=frozenset({"gemini_cli.user_prompt"}),
    errors=frozenset({"gemini_cli.api_error"}),
    usage=_GEMINI_USAGE,
    input_holds_cache=True,
    tool_name_keys=("function_name", "tool_name"),
    tool_id_keys=("call_id", "prompt_id"),
    tool_input_keys=("function_args", "tool_parameters"),
)
OTHER = Agent(
    name="otel",
    prefix="",
    session_keys=("session.id", "gen_ai.conversation.id"),
    prompt_key=None,
    user_keys=("user.id", "enduser.id"),
    generations=frozenset(),
    tools=frozenset(),
    prompts=frozenset(),
    errors=frozenset(),
    usage={},
)
AGENTS = (CLAUDE_CODE, CODEX, GEMINI_CLI)
_SERVICES = {"claude-code": CLAUDE_CODE, "codex-cli": CODEX, "codex_exec": CODEX,
             "gemini-cli": GEMINI_CLI}  # fmt: skip


def identify(event_name: str, body: Any, resource: dict[str, Any]) -> tuple[Agent, str]:
    """The agent and the event's full name (Claude Code's ``event.name`` attribute is the
    short ``api_request``; its body and the documented name carry the prefix)."""
    for agent in AGENTS:
        if event_name.startswith(agent.prefix):
            return agent, event_name
    if isinstance(body, str):
        for agent in AGENTS:
            if body.startswith(agent.prefix):
                return agent, body
    service = resource.get("service.name")
    known = _SERVICES.get(service) if isinstance(service, str) else None
    if known is not None and event_name:
        return known, f"{known.prefix}{event_name}"
    return OTHER, event_name or "log"


def count(value: Any) -> int | None:
    amount = number(value)
    return int(amount) if amount is not None and amount >= 0 else None


def flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def usage_of(agent: Agent, attributes: dict[str, Any]) -> dict[str, int] | None:
    """The disjoint token counts of a model-call event."""
    usage = {
        stored: amount
        for key, stored in agent.usage.items()
        if (amount := count(attributes.get(key))) is not None
    }
    if agent.input_holds_cache and "input" in usage:
        usage["input"] = max(0, usage["input"] - usage.get("input_cached_tokens", 0))
    if agent.output_holds_reasoning and "output" in usage:
        usage["output"] = max(0, usage["output"] - usage.get("output_reasoning_tokens", 0))
    return usage or None


def structured(value: Any) -> Any:
    """A JSON text (``tool_parameters``, ``arguments``) as its value, else the value."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return value
    return value


def first(attributes: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = attributes.get(key)
        if value is not None and value != "":
            return value
    return None
