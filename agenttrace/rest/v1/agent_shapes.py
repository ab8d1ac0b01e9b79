"""What the ``/v1`` routes of agent records share: filters read from the query string as
each kind declares them, computed documents (timeline, replay, diff) as camelCase JSON,
and the services of the request (blob store, content limits)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from starlette.requests import Request

from agenttrace.core.agents.blobs import BlobStore, blob_store
from agenttrace.core.agents.listing import FROM, TO, RecordKind
from agenttrace.core.agents.manifest import ContentLimits
from agenttrace.core.time import iso
from agenttrace.rest import params
from agenttrace.rest.shapes import camel
from agenttrace.web.state import settings

# Keys whose values are maps of the caller's own names (score names, env vars…): their
# inner keys are data, written as they are.
_DATA_MAPS = frozenset({"scores", "events_by_type", "env_vars", "metadata"})


def document_json(value: Any) -> Any:
    """A computed document: snake_case keys as camelCase, times as ISO UTC."""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, Mapping):
        return {
            camel(str(key)): item if key in _DATA_MAPS else document_json(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [document_json(item) for item in value]
    return value


def record_filter(request: Request, kind: RecordKind) -> dict[str, Any]:
    """The kind's filters and the time bounds, typed, from the query string."""
    found: dict[str, Any] = {
        FROM: params.timestamp(request, FROM),
        TO: params.timestamp(request, TO),
    }
    for name, spec in kind.filters.items():
        if spec.type == "bool":
            found[name] = params.boolean(request, name)
        elif spec.type == "int":
            found[name] = (
                None
                if params.text(request, name) is None
                else params.integer(request, name, default=0, minimum=-(2**31), maximum=2**31 - 1)
            )
        else:
            found[name] = params.text(request, name)
    return found


def blobs(request: Request) -> BlobStore:
    return blob_store(settings(request))


def limits(request: Request) -> ContentLimits:
    config = settings(request)
    return ContentLimits(config.checkpoint_max_file_bytes, config.checkpoint_max_bytes)
