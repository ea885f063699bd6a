"""A kind's JSON Schema, generated from its pydantic model in `planproof.models` (imports pydantic).

Variant spellings of keys (`key_files` for `key-files`) are added as deprecated properties that
name their canonical key (`x-canonical`), and pydantic's `anyOf [T, null]` is written `type: [T,
null]`.
"""

from __future__ import annotations

import json
from typing import Any

from planproof.schema.locations import DIALECT, schema_id

SIMPLE = {"type", "pattern", "examples", "items", "minimum", "maximum", "description"}


def generate(kind: str) -> dict[str, Any]:
    """The JSON Schema of a kind, generated from planproof.models."""
    from planproof.models import MODELS, VARIANTS

    upper = kind.upper()
    return model_schema(MODELS[upper], schema_id(kind), VARIANTS.get(upper, {}))


def model_schema(model, published_id: str, variants: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON Schema of a pydantic `model` published under `published_id`: no generated titles,
    each `variants` spelling a deprecated property naming its canonical key, `T | None` as
    `type: [T, null]`. Every schema planproof publishes is made here."""
    from pydantic.json_schema import GenerateJsonSchema

    class Generator(GenerateJsonSchema):
        def field_title_should_be_set(self, schema) -> bool:
            return False

    body = model.model_json_schema(by_alias=True, schema_generator=Generator)
    properties = body.get("properties", {})
    for variant, canonical in (variants or {}).items():
        properties[variant] = {**properties[canonical], "deprecated": True,
                               "description": f"Accepted spelling; the canonical key is `{canonical}`.",
                               "x-canonical": canonical}
    return _nullable_types({"$schema": DIALECT, "$id": published_id, **body})


def schema_text(document: dict[str, Any]) -> str:
    """A schema file's text, exactly as committed."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _nullable_types(node: Any) -> Any:
    """`anyOf: [{type: T, ...}, {type: null}]` (pydantic's `T | None`) as `type: [T, null]`:
    the same meaning, read more easily, and validated several times faster."""
    if isinstance(node, list):
        return [_nullable_types(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_types(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        other = branches[0] if branches[1] == {"type": "null"} else branches[1]
        if isinstance(other.get("type"), str) and set(other) <= SIMPLE:
            del node["anyOf"]
            node = {**other, **node, "type": [other["type"], "null"]}
    return node


def render(kind: str) -> str:
    """The kind's schema file text, exactly as committed."""
    return schema_text(generate(kind))
