"""Frontmatter data and its schema walked together: for each mapping in the data, the keys the
schema knows there and whether it allows others (the key-name advice of PP203 and PP204).

`$ref`, `allOf` and the `anyOf`/`oneOf` branches whose type fits the value are followed. A
built-in schema's references stay inside it: `LocalResolver` resolves them without importing
`referencing`.
"""

from __future__ import annotations

from typing import Any, Iterator

from planproof.frontmatter_model import child_path


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {dict: "object", list: "array", str: "string", float: "number",
            type(None): "null"}.get(type(value), "other")


def _fits(node: dict, value: Any) -> bool:
    expected = node.get("type")
    if expected is None:
        return isinstance(value, dict) and "properties" in node
    kinds = [expected] if isinstance(expected, str) else expected
    actual = _json_type(value)
    return actual in kinds or (actual == "integer" and "number" in kinds)


def _applicable(node: Any, resolver, value: Any, depth: int = 0) -> list[tuple[dict, Any]]:
    """(subschema, its resolver) pairs that apply to `value`: $ref and allOf followed, and the
    anyOf/oneOf branches whose type fits."""
    if not isinstance(node, dict) or depth > 32:
        return []
    out = [(node, resolver)]
    if isinstance(node.get("$ref"), str):
        try:
            resolved = resolver.lookup(node["$ref"])
        except Exception:  # an unresolvable $ref is the validator's problem, not ours
            resolved = None
        if resolved is not None:
            out += _applicable(resolved.contents, resolved.resolver, value, depth + 1)
    for sub in node.get("allOf", []):
        out += _applicable(sub, resolver, value, depth + 1)
    for keyword in ("anyOf", "oneOf"):
        for branch in node.get(keyword, []):
            parts = _applicable(branch, resolver, value, depth + 1)
            if any(_fits(part, value) for part, _ in parts):
                out += parts
    return out


class Resolved:
    __slots__ = ("contents", "resolver")

    def __init__(self, contents: Any, resolver: "LocalResolver") -> None:
        self.contents, self.resolver = contents, resolver


class LocalResolver:
    """Resolves `#/...` JSON pointers within one schema document (all a built-in schema uses)
    without importing `referencing`; `lookup(ref)` answers like referencing's Resolver."""

    __slots__ = ("root",)

    def __init__(self, root: Any) -> None:
        self.root = root

    def lookup(self, ref: str) -> Resolved:
        if not ref.startswith("#"):
            raise LookupError(f"{ref} is not a reference within the schema")
        node = self.root
        for part in ref[1:].split("/")[1:]:
            if "%" in part:
                from urllib.parse import unquote

                part = unquote(part)
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return Resolved(node, self)


def mappings(data: Any, schema: Any, resolver) -> Iterator[tuple[str, dict, dict, bool]]:
    """(key path, mapping, known properties, closed) for each mapping the schema describes;
    `closed` when the schema allows no other keys there (the validator reports those).
    `resolver` resolves its $refs: a LocalResolver for a built-in schema, else
    `validators.custom_resolver(kind, schemas)`."""
    if not isinstance(schema, dict):
        return
    stack = [("", data, [(schema, resolver)])]
    while stack:
        path, value, nodes = stack.pop()
        parts = [pair for node, r in nodes for pair in _applicable(node, r, value)]
        if isinstance(value, dict):
            properties: dict = {}
            for part, _ in parts:
                properties.update(part.get("properties") or {})
            closed = any(part.get(k) is False for part, _ in parts
                         for k in ("additionalProperties", "unevaluatedProperties"))
            if properties:
                yield path, value, properties, closed
            for key, child in value.items():
                subs = [(part["properties"][key], r) for part, r in parts
                        if key in (part.get("properties") or {})]
                if subs and isinstance(child, (dict, list)):
                    stack.append((child_path(path, key), child, subs))
        elif isinstance(value, list):
            subs = [(part["items"], r) for part, r in parts if isinstance(part.get("items"), dict)]
            if subs:
                stack.extend((f"{path}[{i}]", item, subs) for i, item in enumerate(value)
                             if isinstance(item, (dict, list)))
