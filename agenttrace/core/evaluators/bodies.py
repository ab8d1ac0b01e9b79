"""What an evaluator write may carry, checked once for every face.

A create names everything (or a built-in ``template`` for the prompt and score); a PATCH
names what changes, and the merged evaluator is checked again as a whole, so a PATCH can
never leave an evaluator that could not have been created. Every error names its field:
an invalid regex (``config.value``), an unknown template variable (``prompt``), a sampling
rate outside 0-1 (``sampling``), a judge without a model (``config.model``).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import StringConstraints

from agenttrace.core.errors import Invalid
from agenttrace.core.evaluators import templates
from agenttrace.core.evaluators.rules import parse_rule
from agenttrace.core.evaluators.variables import check_source, mapping_of
from agenttrace.core.tracing.ingest.bodies import Body, parse

TYPES = ("llm_as_judge", "rule")
TARGETS = ("trace", "observation", "dataset_run")
DATA_TYPES = ("NUMERIC", "BOOLEAN", "CATEGORICAL")
FILTER_LISTS = ("traceNames", "observationNames", "observationTypes", "models", "tags",
                "environments")  # fmt: skip

Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]


class EvaluatorBody(Body):
    name: Name | None = None
    description: str | None = None
    type: str | None = None
    config: dict[str, Any] | None = None
    template: str | None = None  # a template's name or id
    prompt: str | None = None
    variable_mapping: dict[str, Any] | None = None
    target: str | None = None
    filter: dict[str, Any] | None = None
    sampling: float | None = None
    score_name: str | None = None
    score_data_type: str | None = None
    score_categories: list[str] | None = None
    enabled: bool | None = None


_COLUMNS = ("name", "description", "type", "config", "prompt", "variable_mapping", "target",
            "filter", "sampling", "score_name", "score_data_type", "score_categories",
            "enabled")  # fmt: skip


def check_filter(raw: dict[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, value in raw.items():
        field = f"filter.{key}"
        if key in FILTER_LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise Invalid(f"{field} must be a list of strings", field=field)
            if value:
                checked[key] = value
        elif key == "metadata":
            if not isinstance(value, dict) or not all(
                isinstance(v, str | int | float | bool) for v in value.values()
            ):
                raise Invalid(f"{field} must be an object of key → value", field=field)
            if value:
                checked[key] = value
        else:
            raise Invalid(
                f"{field} is not a filter; use {', '.join((*FILTER_LISTS, 'metadata'))}",
                field=field,
            )
    return checked


def evaluator_values(data: Any, existing: dict[str, Any] | None = None) -> dict[str, Any]:
    """The columns of an evaluator from a create body (``existing`` None) or a PATCH body
    merged into ``existing``; every rule checked on the result."""
    body = parse(EvaluatorBody, data)
    given = body.model_dump(exclude_unset=True)
    values: dict[str, Any] = dict(existing or {})
    for column in _COLUMNS:
        if column in given and given[column] is not None:
            values[column] = given[column]
        elif column in given and column in ("description", "score_categories"):
            values[column] = None
    if body.template is not None:
        found = templates.BY_NAME.get(body.template) or templates.BY_ID.get(body.template)
        if found is None:
            raise Invalid(
                f"template {body.template!r} is not one of {', '.join(templates.BY_NAME)}",
                field="template",
            )
        values["template_id"] = found["id"]
        values.setdefault("type", "llm_as_judge")
        if body.prompt is None:
            values["prompt"] = found["prompt"]
        values.setdefault("score_data_type", found["score_data_type"])
        values.setdefault("score_name", found["name"])
        values.setdefault("name", found["name"])
    return _checked(values)


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    if not values.get("name"):
        raise Invalid("name is required", field="name")
    kind = values.get("type")
    if kind not in TYPES:
        raise Invalid(f"type must be one of {', '.join(TYPES)}, got {kind!r}", field="type")
    target = values.setdefault("target", "trace")
    if target not in TARGETS:
        raise Invalid(f"target must be one of {', '.join(TARGETS)}, got {target!r}", field="target")
    sampling = values.setdefault("sampling", 1.0)
    if not 0 <= float(sampling) <= 1:
        raise Invalid(f"sampling must be between 0 and 1, got {sampling}", field="sampling")
    values["filter"] = check_filter(values.get("filter") or {})
    config = values.setdefault("config", {})
    mapping = values.setdefault("variable_mapping", {})
    for name, source in mapping.items():
        check_source(source, field=f"variableMapping.{name}")
    if kind == "rule":
        rule = parse_rule(config)
        values["score_data_type"] = rule.data_type
        values["prompt"] = None
    else:
        model = config.get("model")
        if not isinstance(model, str) or not model.strip():
            raise Invalid("an llm_as_judge evaluator needs config.model", field="config.model")
        prompt = values.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            raise Invalid("an llm_as_judge evaluator needs a prompt or a template", field="prompt")
        mapping_of(target, prompt, mapping)
    data_type = str(values.setdefault("score_data_type", "NUMERIC")).upper()
    if data_type not in DATA_TYPES:
        raise Invalid(
            f"scoreDataType must be one of {', '.join(DATA_TYPES)}", field="scoreDataType"
        )
    values["score_data_type"] = data_type
    if data_type == "CATEGORICAL" and not values.get("score_categories"):
        raise Invalid("a CATEGORICAL score needs scoreCategories", field="scoreCategories")
    values.setdefault("score_name", values["name"])
    values.setdefault("enabled", True)
    return values
