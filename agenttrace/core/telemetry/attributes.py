"""A span's attributes as the mapping reads them, and the value conversions it needs.

``Attributes`` remembers which keys a mapping rule used. A key is *used* when its value is
stored in a field of its own (the model name, the input, a metadata key, …); everything
else stays in the observation's ``metadata.attributes``, so no attribute is ever dropped.
Keys that only hint at something (``openinference.span.kind`` choosing the observation
type, say) are read without being used, and are kept too.

Values of the Langfuse SDKs' JSON-typed attributes (``langfuse.*.input``, ``…usage_details``,
…) are JSON text and are always decoded; text in other conventions is decoded only when it
holds a JSON object or array, so a plain string such as ``"42"`` stays a string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import orjson

from agenttrace.core.tracing.ingest.bodies import strip_nul

# The attribute groups some rule reads whole (``Attributes.under``), indexed once per span.
GROUPS = (
    "langfuse.observation.metadata",
    "langfuse.trace.metadata",
    "langfuse.metadata",
    "langfuse.experiment",
    "ai.telemetry.metadata",
    "ai.settings",
    "gen_ai.request",
    "gen_ai.usage",
    "gen_ai.prompt",
    "gen_ai.completion",
    "llm.token_count",
    "llm.input_messages",
    "llm.output_messages",
    "retrieval.documents",
)
_GROUP_STARTS = tuple(f"{group}." for group in GROUPS)


class Attributes:
    """Lookups run for every span, mostly for keys it does not have: they are plain dict
    reads, and the groups are found in one pass over the keys."""

    __slots__ = ("_groups", "used", "values")

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.used: set[str] = set()
        self._groups: dict[str, dict[str, Any]] | None = None

    def get(self, key: str) -> Any:
        """The value when given (None and the empty string are not), without using it."""
        value = self.values.get(key)
        return None if value is None or value == "" else value

    def take(self, key: str) -> Any:
        """The value when given, marked as used."""
        value = self.values.get(key)
        if value is None or value == "":
            return None
        self.used.add(key)
        return value

    def first(self, keys: Iterable[str]) -> Any:
        """The first given value of ``keys`` (in priority order), marked as used."""
        values = self.values
        for key in keys:
            value = values.get(key)
            if value is not None and value != "":
                self.used.add(key)
                return value
        return None

    def take_object(self, key: str) -> dict[str, Any] | None:
        """An object value (or JSON text of one), marked as used; None for anything else."""
        value = self.values.get(key)
        if value is None:
            return None
        decoded = json_object(value)
        if decoded is not None:
            self.used.add(key)
        return decoded

    def has_none(self, keys: frozenset[str]) -> bool:
        """Whether none of ``keys`` is present at all (a cheap test before reading them)."""
        return self.values.keys().isdisjoint(keys)

    def has_any(self, keys: Iterable[str]) -> bool:
        values = self.values
        for key in keys:
            value = values.get(key)
            if value is not None and value != "":
                return True
        return False

    def under(self, group: str) -> Mapping[str, Any]:
        """The keys of one of the ``GROUPS``, by the rest of their name, without using them."""
        if self._groups is None:
            self._groups = _grouped(self.values)
        return self._groups.get(group, _NONE)

    def take_under(self, group: str, *, but: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The keys of one of the ``GROUPS`` (less the names in ``but``), marked as used."""
        members = self.under(group)
        if not members:
            return {}
        found = {name: value for name, value in members.items() if name not in but}
        self.used.update(f"{group}.{name}" for name in found)
        return found

    def use(self, key: str) -> None:
        self.used.add(key)

    def unused(self) -> dict[str, Any]:
        return {key: value for key, value in self.values.items() if key not in self.used}


_NONE: Mapping[str, Any] = MappingProxyType({})
_GROUP_NAMES = frozenset(GROUPS)


def _grouped(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every group is two or three dotted segments long: a key's group is its prefix of two
    segments or of three, whichever is a group (never both)."""
    groups: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        if not key.startswith(_GROUP_STARTS):
            continue
        second = key.index(".", key.index(".") + 1)
        if key[:second] in _GROUP_NAMES:
            group, rest = key[:second], key[second + 1 :]
        else:
            third = key.index(".", second + 1)
            group, rest = key[:third], key[third + 1 :]
        groups.setdefault(group, {})[rest] = value
    return groups


def _loads(text: str) -> Any:
    value = orjson.loads(text)
    # A JSON escape can hide a U+0000 that the decoder's string check could not see.
    return strip_nul(value) if "\\u0000" in text else value


def json_value(value: Any) -> Any:
    """A Langfuse JSON-typed attribute: text is decoded when it is JSON, else kept."""
    if not isinstance(value, str):
        return value
    try:
        return _loads(value)
    except orjson.JSONDecodeError:
        return value


def json_structure(value: Any) -> Any:
    """Text holding a JSON object or array, decoded; any other value as it is."""
    if not isinstance(value, str) or value.lstrip()[:1] not in ("{", "["):
        return value
    try:
        return _loads(value)
    except orjson.JSONDecodeError:
        return value


def json_object(value: Any) -> dict[str, Any] | None:
    """An object, from an object value or JSON text; None for anything else."""
    decoded = json_value(value)
    return decoded if isinstance(decoded, dict) else None


def text(value: Any) -> str:
    """A field that holds text (ids, names): strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def tags(value: Any) -> list[str] | None:
    """Tags from a string array, JSON array text, comma-separated text or one string."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            decoded = json_value(stripped)
            if isinstance(decoded, list):
                value = decoded
        if isinstance(value, str):
            parts = stripped.split(",") if "," in stripped else [stripped]
            return [part.strip() for part in parts if part.strip()] or None
    if isinstance(value, list):
        return [item if isinstance(item, str) else text(item) for item in value] or None
    return None


class _Node(dict[str, Any]):
    """A container built by ``unflatten`` (values it was given are never reshaped)."""


def unflatten(flat: dict[str, Any]) -> Any:
    """Dotted keys as nested values: ``{"0.role": "user", "0.content": "hi"}`` becomes
    ``[{"role": "user", "content": "hi"}]``. Numeric segments become list positions; a key
    that collides with a value already placed keeps its dotted rest, so nothing is lost."""
    root = _Node()
    for key, value in flat.items():
        node = root
        parts = key.split(".")
        for index, part in enumerate(parts[:-1]):
            child = node.setdefault(part, _Node())
            if not isinstance(child, _Node):
                node[".".join(parts[index:])] = value
                break
            node = child
        else:
            last = parts[-1]
            if isinstance(node.get(last), _Node):
                node[last][""] = value
            else:
                node[last] = value
    return _lists(root)


def _lists(node: Any) -> Any:
    if not isinstance(node, _Node):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted
