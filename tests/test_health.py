"""Tree health (PP740-PP745) on planning trees written to temp dirs and linted through the engine."""

from __future__ import annotations

import json
import textwrap

import pytest

from planproof import pipeline
from planproof.config import Settings
from planproof.planning.config_schema import render, schema_file

ROADMAP = "# Roadmap\n\n- [x] **Phase 1: Core**\n\n### Phase 1: Core\n**Requirements**: CORE-01\n"
PROJECT = "# P\n\n## What This Is\n\nx\n\n## Core Value\n\ny\n\n## Requirements\n\n- z\n"


def write(root, files: dict) -> None:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def lint(root, select=("PP74",), cache=False):
    settings = Settings(select=list(select), jobs=1, cache=cache)
    return pipeline.run([str(root / ".planning")], settings, "lint").findings


def test_published_config_schema_is_generated_from_the_model():
    assert schema_file().read_text(encoding="utf-8") == render()


def test_healthy_tree_is_silent(tmp_path):
    write(tmp_path, {".planning/ROADMAP.md": ROADMAP, ".planning/PROJECT.md": PROJECT,
                     ".planning/config.json": '{"mode": "yolo", "model_profile": "balanced", "x": 1}\n'})
    assert lint(tmp_path) == []


def test_project_sections(tmp_path):
    write(tmp_path, {".planning/PROJECT.md": "# P\n\n## What This Is\n\nx\n"})
    found = lint(tmp_path, ("PP740",))
    assert [f.message for f in found] == ["PROJECT.md has no '## Core Value' section",
                                          "PROJECT.md has no '## Requirements' section"]


@pytest.mark.parametrize("config, message, line, severity", [
    ('{"mode": "yolo",\n "model_profile": "fast"\n}\n',
     "config.json: model_profile: 'fast' is not one of ['quality', 'balanced', 'budget', 'inherit']", 2, "warning"),
    ('{"workflow": {\n  "research": "yes"}}\n',
     "config.json: workflow.research: 'yes' is not of type 'boolean', 'null'", 2, "warning"),
    ('{"mode": "yolo",,}\n', "config.json is not valid JSON: Expecting property name enclosed in double quotes",
     1, "error"),
])
def test_config_read_from_disk(tmp_path, config, message, line, severity):
    write(tmp_path, {".planning/ROADMAP.md": ROADMAP, ".planning/config.json": config})
    [finding] = lint(tmp_path, ("PP741",))
    assert (finding.message, finding.line, finding.severity.value) == (message, line, severity)
    assert finding.path.endswith(".planning/config.json")


def test_config_change_invalidates_the_lint_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANPROOF_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, {".planning/ROADMAP.md": ROADMAP, ".planning/config.json": '{"mode": "yolo"}\n'})
    assert lint(tmp_path, ("PP741",), cache=True) == []
    (tmp_path / ".planning" / "config.json").write_text('{"mode": "turbo"}\n')
    assert [f.code for f in lint(tmp_path, ("PP741",), cache=True)] == ["PP741"]


def test_a_nested_trees_config_change_invalidates_the_lint_cache(tmp_path, monkeypatch):
    """The run cache keyed only on `config.json` in a walked folder and its `.planning`: a tree
    below (`services/api/.planning`) replayed its old PP741 after its config.json was fixed."""
    monkeypatch.setenv("PLANPROOF_CACHE_DIR", str(tmp_path / "cache"))
    planning = tmp_path / "services" / "api" / ".planning"
    write(planning, {"ROADMAP.md": ROADMAP, "config.json": '{"mode": 5}\n'})
    settings = Settings(select=["PP741"], jobs=1, cache=True)
    assert [f.code for f in pipeline.run([str(tmp_path)], settings).findings] == ["PP741"]
    (planning / "config.json").write_text('{"mode": "yolo"}\n')
    assert pipeline.run([str(tmp_path)], settings).findings == []


def test_milestones_against_archive(tmp_path):
    write(tmp_path, {
        ".planning/ROADMAP.md": ROADMAP,
        ".planning/MILESTONES.md": "# Milestones\n\n## v1.1 B (Shipped: 2026-02-01)\n\n## v1.0 A (Shipped: 2026-01-01)\n",
        ".planning/milestones/v1.0-ROADMAP.md": "# v1.0\n",
        ".planning/milestones/v1.2-phases/05-x/05-01-PLAN.md": "---\nphase: 05-x\nplan: 1\n---\n# P\n"})
    messages = sorted(f.message for f in lint(tmp_path, ("PP742",)))
    assert messages == ["MILESTONES.md lists v1.1 but milestones/ has no v1.1-* archive",
                        "v1.2 is archived (milestones/v1.2-phases) but MILESTONES.md does not list it"]


UAT = """
    ---
    status: {status}
    phase: 03-x
    ---
    ## Tests

    ### 1. Loads
    result: pass

    ### 2. Saves
    result: [pending]

    ### 3. Exports
    result: issue

    ## Gaps

    - truth: "exports work"
      status: {gap}
      test: 3
"""


def test_uat_open_items(tmp_path):
    write(tmp_path, {".planning/phases/03-x/03-UAT.md": UAT.format(status="complete", gap="failed")})
    [finding] = lint(tmp_path, ("PP743",))
    assert finding.message == "UAT test 2 'Saves' is left open (pending) (and 1 more)"
    assert [i["test"] for i in finding.evidence["open"]] == ["2", "3"] and finding.line == 11


def test_uat_in_testing_and_closed_gaps(tmp_path):
    write(tmp_path, {".planning/phases/03-x/03-UAT.md": UAT.format(status="testing", gap="failed"),
                     ".planning/phases/04-y/04-UAT.md": UAT.format(status="complete", gap="resolved")
                     .replace("result: [pending]", "result: pass")})
    assert lint(tmp_path, ("PP743",)) == []


def test_validation_structure(tmp_path):
    write(tmp_path, {".planning/phases/02-x/02-VALIDATION.md": """
        ---
        phase: 2
        nyquist_compliant: true
        ---
        ## Test Infrastructure

        ## Validation Sign-Off
        - [ ] every task has a command
    """})
    messages = sorted(f.message for f in lint(tmp_path, ("PP744",)))
    assert messages == ["VALIDATION frontmatter has no 'wave_0_complete'",
                        "VALIDATION has no '## Per-Task Verification Map' section",
                        "nyquist_compliant: true, but 'Validation Sign-Off' still has 1 unchecked item(s): "
                        "every task has a command"]


def test_three_way_requirements_audit(tmp_path):
    write(tmp_path, {
        ".planning/ROADMAP.md": ROADMAP.replace("CORE-01", "CORE-01, CORE-02, CORE-03"),
        ".planning/REQUIREMENTS.md": """
            # Requirements
            - [ ] **CORE-01**: pending but verified
            - [x] **CORE-02**: complete but blocked
            - [x] **CORE-03**: all agree

            ## Traceability
            | Requirement | Phase | Status |
            |---|---|---|
            | CORE-01 | Phase 1 | Pending |
            | CORE-02 | Phase 1 | Complete |
            | CORE-03 | Phase 1 | Complete |
        """,
        ".planning/phases/01-core/01-VERIFICATION.md": """
            ---
            phase: 01-core
            status: gaps_found
            ---
            | Requirement | Status |
            |---|---|
            | CORE-01 | ✓ SATISFIED |
            | CORE-02 | ✗ BLOCKED |
            | CORE-03 | ✓ SATISFIED |
        """})
    found = {f.evidence["id"]: f for f in lint(tmp_path, ("PP745",))}
    assert sorted(found) == ["CORE-01", "CORE-02"]
    assert found["CORE-02"].message == ("CORE-02 is marked complete but its phase's VERIFICATION says it is "
                                        "not satisfied")
    assert found["CORE-01"].evidence["roadmap"] == {"phase": "1", "complete": True}
    assert found["CORE-01"].evidence["verification"]["status"] == "satisfied"
    assert json.dumps(found["CORE-01"].evidence)


def test_a_stale_traceability_row_is_one_finding(tmp_path):
    write(tmp_path, {".planning/REQUIREMENTS.md": """
        # Requirements
        - [x] **STORE-01**: a
        - [x] **STORE-02**: b
        - [x] **JOB-01**: c

        ## Traceability
        | Requirement | Phase | Status |
        |---|---|---|
        | STORE-01..02 | Phase 3 | Not started |
        | JOB-01 | Phase 4 | Pending |
    """})
    found = sorted((f.line, f.message) for f in lint(tmp_path, ("PP745",)))
    assert found == [(4, "JOB-01 is checked off but its traceability row says 'Pending'"),
                     (9, "traceability row 'STORE-01..02' says 'Not started' but STORE-01, STORE-02 are "
                         "checked off")]
