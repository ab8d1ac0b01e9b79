"""Prompts: the client-side compile, the cache and the fallback; and, on a server that has
``/v1/prompts`` (the prompts branch), fetching and compiling through the library and CLI."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agenttrace_client import AgentTrace, Prompt
from agenttrace_client.errors import AgentTraceError
from tests.sdk.conftest import Server, cli

# Tests for Prompt.compile (no server)


def test_compile_fills_variables_once_and_never_evaluates() -> None:
    prompt = Prompt(
        "greet", 1, "text", "Hi {{ name }}, {{name}} owes {{amount}}; {0} {{x.__class__}}"
    )
    assert prompt.variables == ["name", "amount", "x.__class__"]
    assert (
        prompt.compile({"name": "{{amount}}", "amount": 3}, **{"x.__class__": "y"})
        == "Hi {{amount}}, {{amount}} owes 3; {0} y"
    )
    with pytest.raises(KeyError, match="missing variables: name, amount"):
        Prompt("greet", 1, "text", "{{name}} {{amount}}").compile()


def test_compile_of_a_chat_prompt_fills_messages_and_placeholders() -> None:
    prompt = Prompt("chat", 2, "chat", [{"role": "system", "content": "Be {{tone}}."},
                                        {"type": "placeholder", "name": "history"},
                                        {"role": "user", "content": "{{question}}"}])  # fmt: skip
    history = [{"role": "user", "content": "earlier"}]
    assert prompt.compile(
        {"tone": "brief", "question": "why?"}, placeholders={"history": history}
    ) == [{"role": "system", "content": "Be brief."}, *history, {"role": "user", "content": "why?"}]
    with pytest.raises(KeyError, match="missing placeholder: history"):
        prompt.compile({"tone": "brief", "question": "why?"})


# Tests for get_prompt without a prompt on the server


def test_fallback_when_the_prompt_cannot_be_fetched(make_client: Any) -> None:
    tracer: AgentTrace = make_client()
    prompt = tracer.get_prompt("absent-prompt", fallback="Hello {{name}}")
    assert (prompt.is_fallback, prompt.version, prompt.labels) == (True, 0, ("fallback",))
    assert prompt.compile(name="Ada") == "Hello Ada"
    with pytest.raises(AgentTraceError, match="no fallback"):
        tracer.get_prompt("absent-prompt")
    generation = tracer.generation("uses fallback", prompt=prompt)
    tracer.flush(10)
    assert generation.id  # a fallback links no prompt version: the event is stored as is
    assert tracer.stats().rejected == 0


# Tests against /v1/prompts (run once the server has it)


@pytest.fixture
def prompts_server(server: Server, reader: httpx.Client) -> Server:
    paths = reader.get("/openapi.json").json()["paths"]
    if "/v1/prompts/{name}" not in paths:
        pytest.skip("this server has no /v1/prompts yet (the prompts branch adds it)")
    return server


def test_get_prompt_by_label_and_version_with_a_cache(
    prompts_server: Server, reader: httpx.Client, make_client: Any
) -> None:
    name = "sdk/review"
    reader.post(
        "/v1/prompts", json={"name": name, "prompt": "Review {{file}}", "labels": ["production"]}
    )
    reader.post(
        "/v1/prompts",
        json={"name": name, "prompt": "Review {{file}} strictly", "labels": ["staging"]},
    )
    tracer: AgentTrace = make_client()
    production = tracer.get_prompt(name)
    assert (production.version, production.prompt) == (1, "Review {{file}}")
    assert tracer.get_prompt(name, label="staging").version == 2
    assert tracer.get_prompt(name, version=2).compile(file="a.py") == "Review a.py strictly"
    requests = tracer.stats().requests
    assert tracer.get_prompt(name) is production  # cached
    assert tracer.stats().requests == requests
    compiled = tracer.compile_prompt(name, {"file": "b.py"}, label="staging")
    assert compiled == {
        "compiledPrompt": "Review b.py strictly",
        "name": name,
        "version": 2,
        "type": "text",
    }


def test_cli_prompts_get_and_compile(prompts_server: Server, reader: httpx.Client) -> None:
    reader.post(
        "/v1/prompts",
        json={"name": "cli-prompt", "prompt": "Fix {{bug}}", "labels": ["production"]},
    )
    env = prompts_server.env()
    assert cli("prompts", "get", "cli-prompt", env=env).stdout.strip() == "Fix {{bug}}"
    done = cli("prompts", "compile", "cli-prompt", "--var", "bug=the leak", env=env)
    assert (done.returncode, done.stdout.strip()) == (0, "Fix the leak")
    missing = cli("prompts", "compile", "cli-prompt", env=env)
    assert missing.returncode == 1
    assert "variables.bug" in missing.stderr
