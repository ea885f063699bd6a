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
    from pydantic.json_schema import GenerateJsonSchema

    from planproof.models import MODELS, VARIANTS

    class Generator(GenerateJsonSchema):
        def field_title_should_be_set(self, schema) -> bool:
            return False

    upper = kind.upper()
    body = MODELS[upper].model_json_schema(by_alias=True, schema_generator=Generator)
    properties = body.get("properties", {})
    for variant, canonical in VARIANTS.get(upper, {}).items():
        properties[variant] = {**properties[canonical], "deprecated": True,
                               "description": f"Accepted spelling; the canonical key is `{canonical}`.",
                               "x-canonical": canonical}
    return _nullable_types({"$schema": DIALECT, "$id": schema_id(kind), **body})


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
    """The schema file's text, exactly as committed."""
    return json.dumps(generate(kind), indent=2, ensure_ascii=False) + "\n"
