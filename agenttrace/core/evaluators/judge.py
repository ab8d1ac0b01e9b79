"""The LLM judge: one chat completion against any OpenAI-compatible endpoint
(``AGENTTRACE_LLM_BASE_URL``, ``AGENTTRACE_LLM_API_KEY``) through the ``openai`` client,
and the validation of its answer.

The client's own retries are off: a 429, a 5xx or a timeout is a ``Retry`` for the job
runtime, whose backoff spans workers and restarts. A 401/403 or an unknown model (404) is
``Unrecoverable``: no retry can mend it, so the evaluator is paused with the reason. A
malformed answer is a final job error saying what was wrong with it.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

import openai
import orjson

from agenttrace.core.jobs.kinds import Fail, Retry
from agenttrace.settings import Settings

_FENCED = re.compile(r"\{.*\}", re.DOTALL)
SYSTEM = "You are an evaluator. Reply with a single JSON object and nothing else."


class Unrecoverable(Fail):
    """The judge cannot be reached with this configuration (credentials, model)."""


@dataclass(frozen=True)
class Verdict:
    value: float | bool | str
    reasoning: str
    usage: dict[str, Any]


# One client (and its connection pool) per endpoint and event loop: making one per call
# cost a new connection and TLS handshake per evaluation.
_CLIENTS: dict[tuple[str, str, float, int], openai.AsyncOpenAI] = {}


def client(settings: Settings) -> openai.AsyncOpenAI:
    if not settings.llm_base_url:
        raise Unrecoverable("AGENTTRACE_LLM_BASE_URL is not set: the LLM judge has no endpoint")
    api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "unset"
    key = (
        settings.llm_base_url, api_key, settings.llm_timeout_seconds,
        id(asyncio.get_running_loop()),
    )  # fmt: skip
    found = _CLIENTS.get(key)
    if found is None:
        if len(_CLIENTS) > 16:  # loops come and go in tests; a server has one
            _CLIENTS.clear()
        found = _CLIENTS[key] = openai.AsyncOpenAI(
            base_url=key[0], api_key=key[1], timeout=key[2], max_retries=0
        )
    return found


async def ask(
    settings: Settings, *, prompt: str, config: dict[str, Any], data_type: str,
    categories: list[str] | None,
) -> Verdict:  # fmt: skip
    """The judge's verdict on ``prompt``, validated for the score's data type."""
    parameters = {k: v for k, v in (config.get("parameters") or {}).items() if k != "model"}
    for name, key in (("temperature", "temperature"), ("maxTokens", "max_tokens")):
        if name in config:
            parameters[key] = config[name]
    try:
        response = await client(settings).chat.completions.create(
            model=config["model"],
            messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
            **parameters,
        )
    except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
        raise Unrecoverable(f"the judge refused the credentials ({exc.status_code})") from None
    except openai.NotFoundError:
        raise Unrecoverable(f"the judge does not know the model {config['model']!r}") from None
    except (openai.RateLimitError, openai.InternalServerError) as exc:
        raise Retry(f"the judge answered {exc.status_code}; retrying with backoff") from None
    except openai.APITimeoutError:
        raise Retry(f"the judge did not answer within {settings.llm_timeout_seconds:g}s") from None
    except openai.APIConnectionError as exc:
        raise Retry(f"the judge could not be reached: {exc}") from None
    except openai.APIStatusError as exc:
        raise Fail(f"the judge rejected the request ({exc.status_code}): {exc.message}") from None
    usage = _usage(response)
    content = response.choices[0].message.content if response.choices else None
    return Verdict(*parse_answer(content, data_type, categories, usage=usage), usage=usage)


def _usage(response: Any) -> dict[str, Any]:
    found = getattr(response, "usage", None)
    model = getattr(response, "model", None)
    if found is None:
        return {"model": model}
    return {
        "model": model,
        "input": found.prompt_tokens or 0,
        "output": found.completion_tokens or 0,
        "total": found.total_tokens or 0,
    }


def parse_answer(
    content: str | None,
    data_type: str,
    categories: list[str] | None,
    *,
    usage: dict[str, Any] | None = None,
) -> tuple[float | bool | str, str]:
    """(value, reasoning) from the judge's text; ``Fail`` naming what was malformed."""

    def malformed(why: str) -> Fail:
        shown = (content or "")[:200]
        return Fail(f"malformed judge answer: {why}; it answered {shown!r}", usage=usage)

    if not content:
        raise malformed("empty answer")
    found = _FENCED.search(content)
    if found is None:
        raise malformed("no JSON object")
    try:
        answer = orjson.loads(found.group(0))
    except orjson.JSONDecodeError:
        raise malformed("not valid JSON") from None
    if not isinstance(answer, dict):
        raise malformed("not a JSON object")
    reasoning = answer.get("reasoning") or answer.get("explanation") or ""
    if not isinstance(reasoning, str):
        reasoning = orjson.dumps(reasoning).decode()
    raw = next((answer[k] for k in ("score", "category", "result", "pass") if k in answer), None)
    if raw is None:
        raise malformed('no "score"')
    if data_type == "BOOLEAN":
        truth = _truth(raw)
        if truth is None:
            raise malformed(f"score {raw!r} is not pass/fail")
        return truth, reasoning
    if data_type == "CATEGORICAL":
        if not isinstance(raw, str) or (categories and raw not in categories):
            raise malformed(f"category {raw!r} is not one of {categories}")
        return raw, reasoning
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        try:
            raw = float(str(raw))
        except ValueError:
            raise malformed(f"score {raw!r} is not a number") from None
    return float(raw), reasoning


def _truth(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return bool(raw) if raw in (0, 1) else None
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in ("true", "pass", "passed", "yes", "1"):
            return True
        if text in ("false", "fail", "failed", "no", "0"):
            return False
    return None
