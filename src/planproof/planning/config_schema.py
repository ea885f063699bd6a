"""`.planning/config.json`: its model, the published schema generated from it, and validation.

The schema is generated with the frontmatter schemas, by the same generator: `python -m
planproof.schema --write` writes `schemas/config.schema.json` from `PlanningConfig`. Unknown keys are allowed (GSD adds settings over time); the values
of the settings GSD reads are checked: enums, booleans, the `workflow`/`git`/`planning` objects.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ConfigDict, Field

from planproof.models import Model, OneOf


class Workflow(Model):
    research: bool | None = Field(None, description="Spawn the researcher while planning a phase.")
    plan_check: bool | None = Field(None, description="Spawn the plan checker.")
    verifier: bool | None = Field(None, description="Spawn the verifier after execution.")
    nyquist_validation: bool | None = Field(None, description="Write NN-VALIDATION.md per phase.")
    auto_advance: bool | None = None


class Git(Model):
    branching_strategy: OneOf("none", "phase", "milestone") | None = None
    phase_branch_template: str | None = None
    milestone_branch_template: str | None = None


class Planning(Model):
    commit_docs: bool | None = None
    search_gitignored: bool | None = None


class Parallelization(Model):
    enabled: bool | None = None
    plan_level: bool | None = None
    task_level: bool | None = None
    max_concurrent_agents: int | None = Field(None, ge=1)
    min_plans_for_parallel: int | None = Field(None, ge=1)


class PlanningConfig(Model):
    """`.planning/config.json` as GSD writes and reads it."""

    model_config = ConfigDict(title=".planning/config.json")

    mode: OneOf("yolo", "interactive") | None = None
    granularity: OneOf("coarse", "standard", "fine") | None = None
    depth: OneOf("quick", "standard", "comprehensive") | None = None
    model_profile: OneOf("quality", "balanced", "budget", "inherit") | None = None
    parallelization: bool | Parallelization | None = None
    commit_docs: bool | None = None
    search_gitignored: bool | None = None
    workflow: Workflow | None = None
    git: Git | None = None
    planning: Planning | None = None


def render() -> str:
    from planproof.schema.generate import model_schema, schema_text
    from planproof.schema.locations import schema_id

    return schema_text(model_schema(PlanningConfig, schema_id("config")))


def schema_file():
    from planproof.schema.locations import schema_dir

    return schema_dir() / "config.schema.json"


def problems(data: Any) -> list[tuple[str, str]]:
    """(JSON pointer-like key path, message) for every schema violation of `data`."""
    import jsonschema

    schema = json.loads(schema_file().read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    out = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        while error.context:  # `T | null` branches: say what is wrong with the T branch
            error = jsonschema.exceptions.best_match(
                [e for e in error.context if e.validator_value != "null"] or error.context)
        out.append((".".join(str(p) for p in error.absolute_path), error.message))
    return out

