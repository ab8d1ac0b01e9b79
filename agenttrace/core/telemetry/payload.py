"""A span's input and output, from whichever convention carries them.

Tried in order, the first that gives either wins:

1. the Langfuse SDKs: ``langfuse.observation.input`` / ``.output`` (JSON text);
2. the Vercel AI SDK: ``ai.prompt.messages`` / ``ai.prompt`` / ``ai.toolCall.args`` in,
   ``ai.response.text`` (with ``ai.response.toolCalls``, an assistant message) … out;
3. OTel GenAI span events: ``gen_ai.{system,user,assistant,tool}.message`` in (a message list)
   and ``gen_ai.choice`` out, or one ``gen_ai.client.inference.operation.details`` event;
4. attribute pairs: Vertex ADK, MLflow, OpenLLMetry ``traceloop.entity.*``, OpenInference
   ``input.value`` / ``output.value``, plain ``input`` / ``output``, OTel GenAI
   ``gen_ai.input.messages`` / ``gen_ai.output.messages`` and tool-call arguments / result;
5. flattened messages: OpenLLMetry ``gen_ai.prompt.N.*`` / ``gen_ai.completion.N.*`` and
   OpenInference ``llm.input_messages.N.*`` / ``llm.output_messages.N.*``, rebuilt as lists.

An OpenInference retriever's ``retrieval.documents.N.*`` are its output when nothing else is.

Only what was used is marked used: the attributes of conventions that lost stay in the
metadata, and so do the events that were not read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agenttrace.core.telemetry.attributes import Attributes, json_structure, json_value, unflatten
from agenttrace.core.telemetry.decode import Event

_VERCEL_INPUTS = ("ai.prompt.messages", "ai.prompt", "ai.toolCall.args")
_VERCEL_OUTPUTS = (
    "ai.response.text",
    "ai.result.text",
    "ai.toolCall.result",
    "ai.response.object",
    "ai.result.object",
    "ai.response.toolCalls",
    "ai.result.toolCalls",
)
_LANGFUSE_KEYS = frozenset({"langfuse.observation.input", "langfuse.observation.output"})
_VERCEL_KEYS = frozenset((*_VERCEL_INPUTS, *_VERCEL_OUTPUTS))
_MESSAGE_EVENTS = {
    "gen_ai.system.message": "system",
    "gen_ai.user.message": "user",
    "gen_ai.assistant.message": "assistant",
    "gen_ai.tool.message": "tool",
}
_CHOICE_EVENT = "gen_ai.choice"
_DETAILS_EVENT = "gen_ai.client.inference.operation.details"
_PAIRS = (
    ("gcp.vertex.agent.llm_request", "gcp.vertex.agent.llm_response"),
    ("mlflow.spanInputs", "mlflow.spanOutputs"),
    ("traceloop.entity.input", "traceloop.entity.output"),
    ("input.value", "output.value"),
    ("input", "output"),
    ("gen_ai.input.messages", "gen_ai.output.messages"),
    ("gen_ai.tool.call.arguments", "gen_ai.tool.call.result"),
)
_PAIR_KEYS = frozenset(key for pair in _PAIRS for key in pair)
_FLATTENED = (
    ("gen_ai.prompt", "gen_ai.completion"),
    ("llm.input_messages", "llm.output_messages"),
)
_DOCUMENTS = "retrieval.documents"


@dataclass(slots=True)
class Payload:
    input: Any = None
    output: Any = None
    # Positions of the span events read into input or output.
    events: set[int] = field(default_factory=set)

    @property
    def found(self) -> bool:
        return self.input is not None or self.output is not None


def span_payload(attributes: Attributes, events: list[Event]) -> Payload:
    payload = _first_payload(attributes, events)
    if payload.output is None:
        payload.output = _messages(attributes, _DOCUMENTS)
    return payload


def _first_payload(attributes: Attributes, events: list[Event]) -> Payload:
    for reader in (_langfuse, _vercel):
        payload = reader(attributes)
        if payload.found:
            return payload
    payload = _genai_events(events)
    if payload.found:
        return payload
    # Most spans carry none of the pairs: one set operation tells.
    present = attributes.values.keys() & _PAIR_KEYS
    for input_key, output_key in _PAIRS:
        if present and (input_key in present or output_key in present):
            given, result = attributes.take(input_key), attributes.take(output_key)
            if given is not None or result is not None:
                return Payload(json_structure(given), json_structure(result))
    for input_prefix, output_prefix in _FLATTENED:
        payload = Payload(_messages(attributes, input_prefix), _messages(attributes, output_prefix))
        if payload.found:
            return payload
    return Payload()


def _langfuse(attributes: Attributes) -> Payload:
    if attributes.has_none(_LANGFUSE_KEYS):
        return Payload()
    return Payload(
        json_value(attributes.take("langfuse.observation.input")),
        json_value(attributes.take("langfuse.observation.output")),
    )


def _vercel(attributes: Attributes) -> Payload:
    if attributes.has_none(_VERCEL_KEYS):
        return Payload()
    text, calls = attributes.get("ai.response.text"), attributes.get("ai.response.toolCalls")
    if text is not None and calls is not None:
        attributes.use("ai.response.text")
        attributes.use("ai.response.toolCalls")
        output = {"role": "assistant", "content": text, "tool_calls": json_structure(calls)}
    else:
        output = json_structure(attributes.first(_VERCEL_OUTPUTS))
    return Payload(json_structure(attributes.first(_VERCEL_INPUTS)), output)


def _event_values(event: Event) -> dict[str, Any]:
    return {key: json_structure(value) for key, value in event.attributes.items()}


def _genai_events(events: list[Event]) -> Payload:
    messages: list[dict[str, Any]] = []
    choices: list[dict[str, Any]] = []
    payload = Payload()
    for index, event in enumerate(events):
        if event.name in _MESSAGE_EVENTS:
            messages.append({"role": _MESSAGE_EVENTS[event.name], **_event_values(event)})
        elif event.name == _CHOICE_EVENT:
            choices.append(_event_values(event))
        elif event.name == _DETAILS_EVENT and not payload.found:
            values = _event_values(event)
            payload.input = values.get("gen_ai.input.messages")
            payload.output = values.get("gen_ai.output.messages")
        else:
            continue
        payload.events.add(index)
    if messages or choices:
        payload.input = messages or payload.input
        payload.output = (choices[0] if len(choices) == 1 else choices) or payload.output
    return payload


def _messages(attributes: Attributes, prefix: str) -> Any:
    flat = attributes.take_under(prefix)
    return unflatten(flat) if flat else None
