"""The words of tracing: observation types, levels, score types and sources, id lengths,
environments, each with the rule that reads what clients send."""

from __future__ import annotations

import re
from typing import Any

OBSERVATION_TYPES = (
    "SPAN",
    "GENERATION",
    "EVENT",
    "AGENT",
    "TOOL",
    "CHAIN",
    "RETRIEVER",
    "EVALUATOR",
    "EMBEDDING",
    "GUARDRAIL",
)
LEVELS = ("DEBUG", "DEFAULT", "WARNING", "ERROR")
LEVEL_SEVERITY = {level: rank for rank, level in enumerate(LEVELS)}
_LEVEL_ALIASES = {
    "INFO": "DEFAULT",
    "LOG": "DEFAULT",
    "NOTICE": "DEFAULT",
    "OK": "DEFAULT",
    "SUCCESS": "DEFAULT",
    "WARN": "WARNING",
    "TRACE": "DEBUG",
    "VERBOSE": "DEBUG",
    "FATAL": "ERROR",
    "CRITICAL": "ERROR",
}
SCORE_DATA_TYPES = ("NUMERIC", "CATEGORICAL", "BOOLEAN")
SCORE_SOURCES = ("API", "EVAL", "ANNOTATION")
MAX_ID_LENGTH = 800
_ENVIRONMENT = re.compile(r"[a-z0-9_-]+")
_ENVIRONMENT_PREFIX = re.compile(r"^(langfuse[-_]?)+")
MAX_ENVIRONMENT_LENGTH = 40


def level(value: Any) -> Any:
    """A level in any case or alias, as stored; a non-string is left for the caller's type check."""
    if not isinstance(value, str):
        return value
    upper = value.strip().upper()
    upper = _LEVEL_ALIASES.get(upper, upper)
    if upper not in LEVELS:
        raise ValueError(f"must be one of {', '.join(LEVELS)} (any case; INFO means DEFAULT)")
    return upper


def observation_type(value: Any) -> Any:
    """An observation type in any case, as stored."""
    if not isinstance(value, str):
        return value
    upper = value.strip().upper()
    if upper not in OBSERVATION_TYPES:
        raise ValueError(f"must be one of {', '.join(OBSERVATION_TYPES)} (any case)")
    return upper


def normalize_environment(value: str | None) -> str | None:
    """Langfuse's rule: lower case, no ``langfuse`` prefix, ≤40 of [a-z0-9_-], else default."""
    if value is None:
        return None
    cleaned = _ENVIRONMENT_PREFIX.sub("", value.strip().lower())[:MAX_ENVIRONMENT_LENGTH]
    return cleaned if _ENVIRONMENT.fullmatch(cleaned) else "default"
