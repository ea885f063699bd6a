"""JSON Schemas of frontmatter: generate them from the models, find, load and check them.

    python -m planproof.schema --write    regenerate schemas/*.schema.json from planproof.models,
                                          and src/planproof/_schema_validators.py from them
    python -m planproof.schema --check    exit 1 when the committed files differ from the models

Validation imports jsonschema lazily and builds one validator per kind and schema file per
process, and only for kinds that have a schema. Custom schemas (`[tool.planproof.schemas]`,
`--schema KIND=PATH`) replace the built-in schema of their kind; to extend the built-in one
instead, `$ref` its `$id` (every built-in schema is registered, so the reference resolves
offline):

    {"allOf": [{"$ref": "https://planproof.dev/schemas/plan.schema.json"}], "required": ["ticket"]}
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from planproof.config import ConfigError

KINDS = ("plan", "summary", "verification", "uat", "state")
DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://planproof.dev/schemas/"


def schema_id(kind: str) -> str:
    return f"{ID_BASE}{kind.lower()}.schema.json"


def schema_dir() -> Path:
    """`planproof/schemas` inside an installed wheel, else the checkout's top-level `schemas/`."""
    here = Path(__file__).resolve().parent
    installed = here / "schemas"
    if installed.is_dir():
        return installed
    return here.parent.parent / "schemas"


def schema_path(kind: str) -> Path:
    return schema_dir() / f"{kind.lower()}.schema.json"


# --- generation (imports pydantic) ----------------------------------------------------------

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


SIMPLE = {"type", "pattern", "examples", "items", "minimum", "maximum", "description"}


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
    return json.dumps(generate(kind), indent=2, ensure_ascii=False) + "\n"


def drifted(directory: Path | None = None, module: Path | None = None) -> list[str]:
    """Kinds whose committed schema file differs from what the models generate, and
    `COMPILED_NAME` when the compiled validators module differs from what they generate. The
    module is `src/planproof/_schema_validators.py`, or beside the schemas in `directory`."""
    module = module or (directory / COMPILED_NAME if directory else compiled_path())
    directory = directory or schema_dir()
    out = []
    for kind in KINDS:
        target = directory / f"{kind}.schema.json"
        if not target.is_file() or target.read_text(encoding="utf-8") != render(kind):
            out.append(kind)
    if not module.is_file() or module.read_text(encoding="utf-8") != render_compiled():
        out.append(COMPILED_NAME)
    return out


def write_all(directory: Path | None = None, module: Path | None = None) -> list[Path]:
    module = module or (directory / COMPILED_NAME if directory else compiled_path())
    directory = directory or schema_dir()
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        target = directory / f"{kind}.schema.json"
        target.write_text(render(kind), encoding="utf-8")
        written.append(target)
    module.write_text(render_compiled(), encoding="utf-8")
    written.append(module)
    return written


# --- compiled validators: valid documents of built-in kinds never import jsonschema ---------------
# `--write` compiles each built-in schema with fastjsonschema (a development dependency) into one
# standalone module. At run time a document that passes it has no PP201/PP202 findings; one that
# fails goes through jsonschema for the worded errors, so only the yes/no answer is compiled.

COMPILED_NAME = "_schema_validators.py"
USE_COMPILED = True  # tests turn it off to compare findings with and without the compiled check
# Generation refuses a schema using any of these: the built-in schemas do not, and their meaning
# in draft-07 (what fastjsonschema compiles) is either different from draft 2020-12 (our dialect)
# or not checked here. The keywords they do use (type, enum, properties, required, items, anyOf,
# additionalProperties, minimum, pattern, local $ref) mean the same in both.
UNCHECKED_KEYWORDS = {
    "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "$vocabulary",
    "definitions", "dependencies", "dependentRequired", "dependentSchemas", "prefixItems",
    "unevaluatedItems", "unevaluatedProperties", "contains", "minContains", "maxContains",
    "uniqueItems", "propertyNames", "minProperties", "maxProperties", "multipleOf", "format", "if",
    "then", "else", "const", "contentEncoding", "contentMediaType", "contentSchema"}
ANNOTATIONS = {"title", "description", "default", "examples", "deprecated", "$comment"}


def compiled_path() -> Path:
    return Path(__file__).resolve().parent / COMPILED_NAME


def _compilable(node: Any, where: str = "#") -> None:
    """Raise ValueError where a schema uses an unchecked keyword, or a keyword beside a `$ref`
    (draft-07 ignores those; draft 2020-12 applies them)."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _compilable(item, f"{where}/{i}")
        return
    if not isinstance(node, dict):
        return
    odd = set(node) & UNCHECKED_KEYWORDS
    if "$ref" in node:
        odd |= set(node) - ANNOTATIONS - {"$ref", "x-canonical"}
    if odd:
        raise ValueError(f"{where} uses {sorted(odd)}: not compiled the same as draft 2020-12")
    for key in ("properties", "$defs"):
        for name, sub in (node.get(key) or {}).items():
            _compilable(sub, f"{where}/{key}/{name}")
    for key in ("items", "additionalProperties", "not", "anyOf", "allOf", "oneOf"):
        if key in node:
            _compilable(node[key], f"{where}/{key}")


def render_compiled() -> str:
    """One standalone module (fastjsonschema's generated code, nothing imported from it) with
    `VALIDATORS = {kind: validate(data)}` raising `JsonSchemaValueException` on invalid data."""
    import re

    import fastjsonschema

    imports, bodies, names = {"import re"}, [], {}
    for kind in KINDS:
        contents = json.loads(render(kind))
        _compilable(contents)
        # use_default=False: the generated code must not write defaults into the frontmatter
        code = fastjsonschema.compile_to_code(contents, use_default=False,
                                              detailed_exceptions=False)
        code = code.replace("REGEX_PATTERNS", f"REGEX_PATTERNS_{kind.upper()}")
        head, _, body = code.partition("\nNoneType = type(None)\n")
        kept = []  # the REGEX_PATTERNS table; the imports go to the top, VERSION to the docstring
        for line in head.splitlines():
            if line.startswith(("import ", "from ")):
                if "fastjsonschema" not in line:
                    imports.add(line)
            elif not line.startswith("VERSION = "):
                kept.append(line)
        names[kind] = re.search(r"^def (\w+)\(", body, re.M).group(1)  # the root comes first
        bodies.append("\n".join([*kept, body]).strip() + "\n\n")
    return "\n".join([
        f'"""Generated by `python -m planproof.schema --write` with fastjsonschema '
        f'{fastjsonschema.VERSION}: do not edit.',
        "",
        "Each built-in schema compiled (use_default=False: nothing is written into the data).",
        "Standalone: fastjsonschema is needed to generate it, not to run it.",
        '"""',
        "",
        *sorted(imports),
        "",
        "",
        "class JsonSchemaValueException(ValueError):",
        '    """The data does not match the schema (jsonschema words the details)."""',
        "",
        "",
        "class JsonSchemaValuesException(JsonSchemaValueException):",
        '    """Named by the generated code; raised only without fast_fail (not used)."""',
        "",
        "",
        "NoneType = type(None)",
        "",
        *bodies,
        "",
        "VALIDATORS = {",
        *(f"    {kind!r}: {name}," for kind, name in names.items()),
        "}",
        "",
    ])


# --- loading --------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def builtin(kind: str) -> dict[str, Any] | None:
    path = schema_path(kind)
    if kind.lower() not in KINDS or not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def registry():
    """Every built-in schema under its $id, so custom schemas can $ref them offline."""
    from referencing import Registry, Resource

    resources = []
    for kind in KINDS:
        contents = builtin(kind)
        if contents is not None:
            resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


def normalize_kinds(schemas: dict[str, str]) -> dict[str, str]:
    """{kind: path} with kinds upper-cased and checked against the document kinds."""
    from planproof.document import KINDS as DOCUMENT_KINDS

    out = {}
    for kind, path in schemas.items():
        upper = str(kind).upper()
        if upper not in DOCUMENT_KINDS:
            known = ", ".join(k.lower() for k in DOCUMENT_KINDS)
            raise ConfigError(f"schema for unknown document kind '{kind}' (known: {known})")
        out[upper] = path
    return out


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read schema file {path}: {exc}") from exc


@lru_cache(maxsize=None)
def _checked(path: str, text: str) -> dict[str, Any]:
    from jsonschema import exceptions, validators

    try:
        contents = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"schema file {path} is not valid JSON: {exc}") from exc
    if not isinstance(contents, dict):
        raise ConfigError(f"schema file {path} must hold a JSON object, not {type(contents).__name__}")
    cls = validators.validator_for(contents, default=validators.Draft202012Validator)
    try:
        cls.check_schema(contents)
    except exceptions.SchemaError as exc:
        where = "/".join(str(p) for p in exc.path) or "(top level)"
        raise ConfigError(f"schema file {path} is not a valid JSON Schema at {where}: "
                          f"{exc.message}") from exc
    return contents


def load_custom(path: str) -> dict[str, Any]:
    """Read and check a custom schema file; every problem is a ConfigError (exit 2). The file
    is read on every call (it is small) so that an edited schema is never answered stale."""
    return _checked(path, _read(path))


def check_settings(settings) -> None:
    """Load every configured custom schema now, so a broken one stops the run with exit 2."""
    for path in normalize_kinds(settings.schemas).values():
        load_custom(path)


@lru_cache(maxsize=None)
def _validator(kind: str, path: str, text: str):
    from jsonschema import validators

    contents = _checked(path, text) if path else builtin(kind.lower())
    cls = validators.validator_for(contents, default=validators.Draft202012Validator)
    return cls(contents, registry=registry())


def validator(kind: str, schemas: dict[str, str]):
    """A validator for the kind (custom schema when configured, else built-in), built once per
    kind and schema text; None when the kind has no schema."""
    custom = custom_path(kind, schemas)
    if custom:
        return _validator(kind.upper(), custom, _read(custom))
    if builtin(kind.lower()) is None:
        return None
    return _validator(kind.upper(), "", "")


def custom_path(kind: str, schemas: dict[str, str]) -> str | None:
    """The custom schema file configured for the kind, if any."""
    return {k.upper(): v for k, v in schemas.items()}.get(kind.upper()) or None


def compiled_valid(kind: str, data: Any) -> bool:
    """True when the compiled validator of the kind's BUILT-IN schema accepts `data`, so
    jsonschema would report nothing; False when it rejects the data or cannot tell (then ask
    jsonschema). Imports neither jsonschema nor referencing."""
    if not USE_COMPILED:
        return False
    try:
        from planproof._schema_validators import VALIDATORS
    except ImportError:  # a checkout that never ran --write: jsonschema decides
        return False
    check = VALIDATORS.get(kind.lower())
    if check is None:
        return False
    try:
        check(data)
    except Exception:  # invalid, or data the compiled code does not expect: jsonschema decides
        return False
    return True


# --- walking data and schema together (for key-name advice) -------------------------------------

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


_RESOLVERS: dict[int, Any] = {}


def resolver_for(validator):
    """A resolver rooted at the validator's schema, with the built-ins registered (cached)."""
    from referencing import Resource
    from referencing.jsonschema import DRAFT202012

    key = id(validator)
    if key not in _RESOLVERS:
        schema = validator.schema
        uri = schema.get("$id", "urn:planproof:custom-schema")
        resource = Resource.from_contents(schema, default_specification=DRAFT202012)
        _RESOLVERS[key] = (validator, registry().with_resource(uri, resource).resolver(base_uri=uri))
    return _RESOLVERS[key][1]


def mappings(data: Any, schema: Any, resolver) -> Iterator[tuple[str, dict, dict, bool]]:
    """(key path, mapping, known properties, closed) for each mapping the schema describes;
    `closed` when the schema allows no other keys there (the validator reports those).
    `resolver` resolves its $refs: a LocalResolver for a built-in schema, else
    `resolver_for(validator)`."""
    from planproof.frontmatter_model import child_path

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


def source_checkout() -> Path | None:
    """The repository root when this module runs from a source checkout (src/planproof/), else
    None: an installed copy has no committed schemas to regenerate."""
    here = Path(__file__).resolve().parent
    root = here.parent.parent
    if here.parent.name == "src" and (root / "pyproject.toml").is_file() and (root / "schemas").is_dir():
        return root
    return None


def _cannot_write() -> str | None:
    if source_checkout() is None:
        return ("--write regenerates the files of a source checkout; this planproof is installed "
                f"at {Path(__file__).resolve().parent}: run it from a clone "
                "(pip install -e '.[test]')")
    try:
        import fastjsonschema  # noqa: F401
    except ImportError:
        return "--write needs fastjsonschema, from the test extra: pip install -e '.[test]'"
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write"]:
        problem = _cannot_write()
        if problem:
            print(f"python -m planproof.schema: {problem}", file=sys.stderr)
            return 2
        for path in write_all():
            print(f"wrote {os.path.relpath(path)}")
        return 0
    if args == ["--check"]:
        stale = drifted()
        for kind in stale:
            path = compiled_path() if kind == COMPILED_NAME else schema_path(kind)
            print(f"{path} is out of date; run: python -m planproof.schema --write")
        return 1 if stale else 0
    print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
