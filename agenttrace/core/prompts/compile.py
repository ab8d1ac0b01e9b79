"""Compiling a prompt: ``{{name}}`` (spaces allowed inside the braces) replaced by its
variable, and a chat prompt's placeholders replaced by lists of messages.

Substitution is one pass of a regular expression over the template, looking each name up
in the variables: a template is user data, so it is never handed to ``str.format``, Jinja or
any evaluator (format strings reach attributes and items of their arguments), and a value
that itself contains ``{{…}}`` is inserted as it is, never expanded again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson

from agenttrace.core.errors import Invalid
from agenttrace.core.prompts import reads
from agenttrace.core.prompts.bodies import check_messages
from agenttrace.core.prompts.cache import PromptCache
from agenttrace.db.engine import Database

VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def variables_of(template: str) -> list[str]:
    """The variable names of a template, once each, in order of appearance."""
    return list(dict.fromkeys(match.group(1) for match in VARIABLE.finditer(template)))


def check_variables(variables: Any) -> dict[str, str]:
    """Variables are an object of strings (numbers and booleans are written as JSON)."""
    if variables is None:
        return {}
    if not isinstance(variables, dict):
        raise Invalid("variables must be an object of name → string", field="variables")
    checked: dict[str, str] = {}
    for name, value in variables.items():
        if isinstance(value, str):
            checked[name] = value
        elif isinstance(value, bool | int | float):
            checked[name] = orjson.dumps(value).decode()
        else:
            raise Invalid(
                f"variables.{name} must be a string, got {type(value).__name__}",
                field=f"variables.{name}",
            )
    return checked


def substitute(template: str, variables: Mapping[str, str]) -> str:
    """``{{name}}`` → its value, in one pass (every name must be in ``variables``); the one
    substitution of the server, also used by the evaluators' judge templates."""
    return VARIABLE.sub(lambda match: variables[match.group(1)], template)


def _require(names: list[str], variables: Mapping[str, str]) -> None:
    missing = [name for name in names if name not in variables]
    if missing:
        raise Invalid(
            f"missing variable{'s' if len(missing) > 1 else ''}: {', '.join(missing)}",
            field=f"variables.{missing[0]}",
        )


def _check_placeholders(placeholders: Any) -> dict[str, list[Any]]:
    if placeholders is None:
        return {}
    if not isinstance(placeholders, dict):
        raise Invalid("placeholders must be an object of name → messages", field="placeholders")
    for name, messages in placeholders.items():
        field = f"placeholders.{name}"
        if not isinstance(messages, list):
            raise Invalid(f"{field} must be a list of messages", field=field)
        check_messages(messages, field=field, placeholders=False)
    return placeholders


def compile_prompt(
    prompt: Any, prompt_type: str, *, variables: Any, placeholders: Any = None
) -> Any:
    """The compiled prompt: a string for text, a message list for chat. Every variable the
    template names must be given (a 400 names the first missing one); extra ones are ignored."""
    given = check_variables(variables)
    if prompt_type == "text":
        _require(variables_of(prompt), given)
        return substitute(prompt, given)
    lists = _check_placeholders(placeholders)
    names = [
        name
        for message in prompt
        if "content" in message
        for name in variables_of(message["content"])
    ]
    _require(list(dict.fromkeys(names)), given)
    missing = [
        m["name"] for m in prompt if m.get("type") == "placeholder" and m["name"] not in lists
    ]
    if missing:
        raise Invalid(
            f"missing placeholder{'s' if len(missing) > 1 else ''}: {', '.join(missing)}",
            field=f"placeholders.{missing[0]}",
        )
    compiled: list[Any] = []
    for message in prompt:
        if message.get("type") == "placeholder":
            compiled.extend(lists[message["name"]])
        else:
            compiled.append({**message, "content": substitute(message["content"], given)})
    return compiled


async def compile_stored(
    *, database: Database, cache: PromptCache, project_id: str, name: str, body: Mapping[str, Any]
) -> dict[str, Any]:
    """Compile the version of ``name`` that ``body.version`` / ``body.label`` resolve to
    (``production`` by default), fetched through the cache:
    ``{compiled_prompt, name, version, type}``."""
    version, label = reads.selector(body.get("version"), body.get("label"), exclusive=False)
    row = await reads.fetch(
        database=database,
        cache=cache,
        project_id=project_id,
        name=name,
        version=version,
        label=label,
    )
    compiled = compile_prompt(
        row["prompt"],
        row["type"],
        variables=body.get("variables"),
        placeholders=body.get("placeholders"),
    )
    return {
        "compiled_prompt": compiled,
        "name": row["name"],
        "version": row["version"],
        "type": row["type"],
    }
