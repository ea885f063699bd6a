"""Typed views of planning-document frontmatter: the single source of truth for `schemas/`.

The JSON Schemas in `schemas/*.schema.json` are generated from these models
(`python -m planproof.schema --write`); a test fails when the committed files drift.

The models are tolerant on purpose, because real planning documents are: unknown keys are
allowed (teams add their own), optional keys may be left empty (`affects:` is null), and the
variants real teams use deliberately (`plan: 1` as well as `plan: "01"`, `key_files` as well as
`key-files`) are accepted. Advice toward the canonical form is the linter's job, not a schema
error. Importing this module imports pydantic (slow): rules use the generated JSON instead.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

PhaseId = Union[str, int]


def OneOf(*values: str):
    """A string the schema restricts to `values`; the model stays tolerant (typed access)."""
    return Annotated[str, WithJsonSchema({"type": "string", "enum": list(values)})]


def Written(pattern: str, example: str):
    """A string the schema requires to match `pattern`; `example` is shown in findings."""
    return Annotated[str, WithJsonSchema({"type": "string", "pattern": pattern,
                                          "examples": [example]})]


Date = Written(r"^\d{4}-\d{2}-\d{2}", "2026-03-30T17:00:00Z")
Score = Written(r"^\s*\d+\s*/\s*\d+(\s|$|\()", "5/5 must-haves verified")


class Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


# --- PLAN -----------------------------------------------------------------------------------

class Artifact(Model):
    """A file the plan promises to create or change, and how to recognise it."""

    path: str = Field(description="Repository-relative path of the file.")
    provides: str | None = Field(None, description="What the file provides, in words.")
    contains: str | None = Field(None, description="A literal substring the file must contain.")
    contains_not: str | None = Field(None, description="A literal substring the file must not contain.")
    min_lines: int | None = Field(None, ge=0, description="The file has at least this many lines.")
    exports: list[str] | None = Field(None, description="Names the file exports.")


class KeyLink(Model):
    """A connection between two files that must exist: `pattern` is searched in `from`."""

    from_: str = Field(alias="from", description="Path (or artifact file name) the link starts in.")
    to: str = Field(description="Path (or artifact file name) the link points to.")
    via: str | None = Field(None, description="How the two are connected, in words.")
    pattern: str | list[str] | None = Field(None, description="Regular expression searched in `from`.")


class MustHaves(Model):
    """What must be true when the plan is done: checked by verification."""

    truths: list[str] | None = Field(None, description="Observable facts, one sentence each.")
    artifacts: list[Artifact] | None = Field(None, description="Files that must exist.")
    key_links: list[KeyLink] | None = Field(None, description="Connections between files.")


class Plan(Model):
    """Frontmatter of an `NN-MM-PLAN.md` file."""

    model_config = ConfigDict(title="PLAN frontmatter")

    phase: PhaseId = Field(description='Phase id, e.g. "05" or "05-coverage" (canonical: a string).',
                           examples=["05"])
    plan: PhaseId = Field(description='Plan number within the phase, e.g. "01" (canonical: a string).',
                          examples=["01"])
    type: OneOf("execute", "tdd", "quick", "quick-plan") = Field(
        description="How the plan is executed.")
    wave: int = Field(ge=1, description="Execution wave; plans of one wave run in parallel.")
    depends_on: list[PhaseId] | None = Field(
        description='Plan ids this plan needs first, e.g. ["05-04"].')
    files_modified: list[str] | None = Field(description="Every file the plan's tasks touch.")
    autonomous: bool = Field(description="false when a task needs a person (checkpoint tasks).")
    requirements: list[str | dict[str, Any]] | None = Field(
        None, description="Requirement ids this plan covers, e.g. COV-07.")
    user_setup: list[Any] | None = Field(None, description="Things a person must set up first.")
    gap_closure: bool | None = Field(None, description="true for plans that close verification gaps.")
    must_haves: MustHaves | None = Field(None, description="What verification checks afterwards.")


# --- SUMMARY --------------------------------------------------------------------------------

class Requirement(Model):
    phase: PhaseId | None = None
    plan: PhaseId | None = None
    provides: Any = None


class TechStack(Model):
    added: list[Any] | None = None
    patterns: list[Any] | None = None


class KeyFiles(Model):
    created: list[str | dict[str, Any]] | None = Field(None, description="Paths of files created.")
    modified: list[str | dict[str, Any]] | None = Field(None, description="Paths of files modified.")


class Summary(Model):
    """Frontmatter of an `NN-MM-SUMMARY.md` file (many real summaries have none at all)."""

    model_config = ConfigDict(title="SUMMARY frontmatter")

    phase: PhaseId = Field(examples=["05"], description="Phase id (canonical: a string).")
    plan: PhaseId | None = Field(None, examples=["01"], description="Plan number (canonical: a string).")
    subsystem: str | None = None
    tags: list[Any] | None = None
    requires: list[Requirement | str] | None = None
    provides: list[Any] | None = None
    affects: list[Any] | None = None
    tech_stack: TechStack | None = Field(None, alias="tech-stack")
    key_files: KeyFiles | None = Field(None, alias="key-files")
    key_decisions: list[Any] | None = Field(None, alias="key-decisions")
    patterns_established: list[Any] | None = Field(None, alias="patterns-established")
    requirements_completed: list[Any] | None = Field(None, alias="requirements-completed")
    duration: str | int | float | None = Field(None, description='e.g. "5min".')
    completed: Date | None = Field(None, description="Date the plan was completed.")


# --- VERIFICATION ---------------------------------------------------------------------------

class GapArtifact(Model):
    path: str = Field(description="The file the gap is about.")
    issue: str | None = Field(None, description="What is wrong with it.")


class Gap(Model):
    """A must-have that verification found not met."""

    truth: str = Field(description="The truth (must-have) that is not met.")
    # open gaps are failed or partial; a gap closed later keeps its entry with the closing word
    # (planproof signoff and PP405 read these as closed)
    status: OneOf("failed", "partial", "resolved", "fixed", "closed", "deferred") | None = None
    reason: str | None = None
    artifacts: list[GapArtifact] | None = None
    missing: list[str] | None = Field(None, description="What has to be done to close the gap.")


class HumanCheck(Model):
    """Something only a person can verify."""

    test: str = Field(description="What to do.")
    expected: str | None = Field(None, description="What should happen.")
    why_human: str | None = Field(None, description="Why a tool cannot check it.")


class ReVerification(Model):
    previous_status: str | None = None
    previous_score: str | None = None
    gaps_closed: list[Any] | None = None
    gaps_remaining: list[Any] | None = None
    regressions: list[Any] | None = None


class Verification(Model):
    """Frontmatter of an `NN-VERIFICATION.md` file."""

    model_config = ConfigDict(title="VERIFICATION frontmatter")

    phase: PhaseId = Field(examples=["05"], description="Phase id (canonical: a string).")
    verified: Date | None = Field(None, description="When the phase was verified (ISO date or timestamp).")
    status: OneOf("passed", "gaps_found", "human_needed") = Field(description="The verdict.")
    score: Score | None = Field(None, description="Verified must-haves out of all, N/M.")
    re_verification: bool | ReVerification | None = None
    gaps: list[Gap] | None = None
    human_verification: list[HumanCheck | str] | None = None


# --- UAT, STATE -----------------------------------------------------------------------------

class Uat(Model):
    """Frontmatter of an `NN-UAT.md` file (user acceptance testing)."""

    model_config = ConfigDict(title="UAT frontmatter")

    status: OneOf("testing", "partial", "complete", "diagnosed")
    phase: PhaseId = Field(examples=["05"], description="Phase id (canonical: a string).")
    source: list[str] | str | None = Field(None, description="Documents the tests come from.")
    started: Date | None = None
    updated: Date | None = None


class Progress(Model):
    total_phases: int | None = Field(None, ge=0)
    completed_phases: int | None = Field(None, ge=0)
    total_plans: int | None = Field(None, ge=0)
    completed_plans: int | None = Field(None, ge=0)
    percent: float | None = Field(None, ge=0, le=100)  # a JSON number: whole or not


class State(Model):
    """Frontmatter of `.planning/STATE.md` when tooling writes it."""

    model_config = ConfigDict(title="STATE frontmatter")

    gsd_state_version: str | int | float | None = None
    milestone: str | int | float | None = None
    milestone_name: str | None = None
    current_phase: PhaseId | None = None
    current_plan: PhaseId | None = None
    status: str | None = None
    last_updated: Date | None = None
    progress: Progress | None = None


MODELS: dict[str, type[Model]] = {
    "PLAN": Plan,
    "SUMMARY": Summary,
    "VERIFICATION": Verification,
    "UAT": Uat,
    "STATE": State,
}

# Spellings real teams use on purpose: accepted, with advice toward the canonical key.
VARIANTS: dict[str, dict[str, str]] = {
    "SUMMARY": {
        "tech_stack": "tech-stack",
        "key_files": "key-files",
        "key_decisions": "key-decisions",
        "patterns_established": "patterns-established",
        "requirements_completed": "requirements-completed",
    },
}


def parse(kind: str, data: Any) -> Model | None:
    """The typed view of `data` for a document kind, or None when it does not validate."""
    from pydantic import ValidationError

    model = MODELS.get(kind)
    if model is None or not isinstance(data, dict):
        return None
    data = dict(data)
    for variant, canonical in VARIANTS.get(kind, {}).items():
        if variant in data and canonical not in data:
            data[canonical] = data.pop(variant)
    try:
        return model.model_validate(data)
    except ValidationError:
        return None
