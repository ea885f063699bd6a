"""Frontmatter schemas applied: built-in and custom schemas loaded and checked, and the
validator of each document kind (jsonschema, imported only when a document needs it).

Custom schemas (`[tool.planproof.schemas]`, `--schema KIND=PATH`) replace the built-in schema of
their kind; to extend the built-in one instead, `$ref` its `$id` (every built-in schema is
registered, so the reference resolves offline):

    {"allOf": [{"$ref": "https://planproof.dev/schemas/plan.schema.json"}], "required": ["ticket"]}

Validators are built once per kind and schema text per process. A valid document of a built-in
kind is answered by the compiled validators without importing jsonschema at all.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from planproof.config import ConfigError, schema_kinds
from planproof.schema.locations import KINDS, schema_path

USE_COMPILED = True  # tests turn it off to compare findings with and without the compiled check
# schema texts whose validators are kept (keyed on the text: a process that lints again after a
# custom schema was edited, an editor or a library user, must not keep every old version)
SCHEMA_VERSIONS = 32


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


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read schema file {path}: {exc}") from exc


@lru_cache(maxsize=SCHEMA_VERSIONS)
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
    for path in schema_kinds(settings.schemas).values():
        load_custom(path)


def validator(kind: str, schemas: dict[str, str]):
    """A validator for the kind (custom schema when configured, else built-in), built once per
    kind and schema text; None when the kind has no schema."""
    custom = custom_path(kind, schemas)
    if custom:
        return _validator(kind.upper(), custom, _read(custom))
    if builtin(kind.lower()) is None:
        return None
    return _validator(kind.upper(), "", "")


@lru_cache(maxsize=SCHEMA_VERSIONS)
def _validator(kind: str, path: str, text: str):
    from jsonschema import validators

    contents = _checked(path, text) if path else builtin(kind.lower())
    cls = validators.validator_for(contents, default=validators.Draft202012Validator)
    return cls(contents, registry=registry())


def custom_resolver(kind: str, schemas: dict[str, str]):
    """The resolver of the `$ref`s in the kind's custom schema, rooted at that schema, with the
    built-in schemas registered; built once per kind and schema text."""
    custom = custom_path(kind, schemas)
    return _resolver(kind.upper(), custom, _read(custom))


@lru_cache(maxsize=SCHEMA_VERSIONS)
def _resolver(kind: str, path: str, text: str):
    from referencing import Resource
    from referencing.jsonschema import DRAFT202012

    contents = _validator(kind, path, text).schema
    uri = contents.get("$id", "urn:planproof:custom-schema")
    resource = Resource.from_contents(contents, default_specification=DRAFT202012)
    return registry().with_resource(uri, resource).resolver(base_uri=uri)


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
