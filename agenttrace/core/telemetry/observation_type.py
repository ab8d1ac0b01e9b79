"""Which observation type a span is: the first convention that says so wins, else SPAN.

In order: the Langfuse SDK's own ``langfuse.observation.type`` (with the fix-up for Python
SDKs up to 3.3, which typed generations as spans), OpenInference's span kind, the OTel
GenAI operation name, OpenLLMetry's span kind, the Vercel AI SDK's operation, a GenAI
tool attribute, and finally any model attribute (a model was called: a generation).

Only ``langfuse.observation.type`` is used up by this choice; the other attributes are
hints whose values say more than the type, so they stay in the metadata.
"""

from __future__ import annotations

import re

from agenttrace.core.telemetry.attributes import Attributes
from agenttrace.core.telemetry.decode import Scope
from agenttrace.core.tracing.vocabulary import OBSERVATION_TYPES

LANGFUSE_SCOPE = "langfuse-sdk"
_GENERATION_ATTRIBUTES = (
    "langfuse.observation.model.name",
    "langfuse.observation.model.parameters",
    "langfuse.observation.usage_details",
    "langfuse.observation.cost_details",
    "langfuse.observation.completion_start_time",
    "langfuse.observation.prompt.name",
)
MODEL_ATTRIBUTES = (
    "langfuse.observation.model.name",
    "gen_ai.request.model",
    "gen_ai.response.model",
    "llm.model_name",
    "model",
)
_OPENINFERENCE_KINDS = {
    "LLM": "GENERATION",
    "CHAIN": "CHAIN",
    "RETRIEVER": "RETRIEVER",
    "EMBEDDING": "EMBEDDING",
    "AGENT": "AGENT",
    "TOOL": "TOOL",
    "GUARDRAIL": "GUARDRAIL",
    "EVALUATOR": "EVALUATOR",
}
_GENAI_OPERATIONS = {
    "chat": "GENERATION",
    "completion": "GENERATION",
    "text_completion": "GENERATION",
    "generate_content": "GENERATION",
    "generate": "GENERATION",
    "embeddings": "EMBEDDING",
    "invoke_agent": "AGENT",
    "create_agent": "AGENT",
    "execute_tool": "TOOL",
}
_TRACELOOP_KINDS = {"agent": "AGENT", "tool": "TOOL"}
# (attribute, its values' types, how its values are spelled)
_KIND_ATTRIBUTES = (
    ("openinference.span.kind", _OPENINFERENCE_KINDS, str.upper),
    ("gen_ai.operation.name", _GENAI_OPERATIONS, str.lower),
    ("traceloop.span.kind", _TRACELOOP_KINDS, str.lower),
)
_VERCEL_MODEL_CALLS = frozenset(
    {
        "ai.generateText.doGenerate",
        "ai.streamText.doStream",
        "ai.generateObject.doGenerate",
        "ai.streamObject.doStream",
    }
)
_VERCEL_OPERATIONS = {
    "ai.embed.doEmbed": "EMBEDDING",
    "ai.embedMany.doEmbed": "EMBEDDING",
    "ai.toolCall": "TOOL",
}
_VERSION = re.compile(r"(\d+)\.(\d+)")


def _old_python_sdk(scope: Scope) -> bool:
    """Langfuse Python SDKs up to 3.3 sent ``langfuse.observation.type = span`` for generations."""
    match = _VERSION.match(scope.version)
    return (
        scope.name == LANGFUSE_SCOPE
        and match is not None
        and (int(match[1]), int(match[2])) <= (3, 3)
    )


def observation_type(attributes: Attributes, scope: Scope) -> str:
    langfuse_type = attributes.get("langfuse.observation.type")
    if isinstance(langfuse_type, str):
        upper = langfuse_type.strip().upper()
        if (
            upper == "SPAN"
            and _old_python_sdk(scope)
            and attributes.has_any(_GENERATION_ATTRIBUTES)
        ):
            attributes.use("langfuse.observation.type")
            return "GENERATION"
        if upper in OBSERVATION_TYPES:
            attributes.use("langfuse.observation.type")
            return upper
    for key, table, normalise in _KIND_ATTRIBUTES:
        value = attributes.get(key)
        if isinstance(value, str) and (found := table.get(normalise(value))) is not None:
            return found
    operation = _vercel_operation(attributes)
    if operation in _VERCEL_MODEL_CALLS and attributes.has_any(("ai.model.id", *MODEL_ATTRIBUTES)):
        return "GENERATION"
    if operation in _VERCEL_OPERATIONS:
        return _VERCEL_OPERATIONS[operation]
    if attributes.has_any(("gen_ai.tool.name", "gen_ai.tool.call.id")):
        return "TOOL"
    if attributes.has_any(MODEL_ATTRIBUTES):
        return "GENERATION"
    return "SPAN"


def _vercel_operation(attributes: Attributes) -> str | None:
    """``ai.operationId``, else the first word of ``operation.name`` (``"<id> <function>"``)."""
    operation = attributes.get("ai.operationId")
    if isinstance(operation, str):
        return operation
    name = attributes.get("operation.name")
    return name.split(" ", 1)[0] if isinstance(name, str) else None
