"""Must-haves derived from ROADMAP success criteria for PLANs that have none (PP578, PP579)."""

from __future__ import annotations

import pytest
from verify_helpers import SUMMARY, by_code, make_repo, verify

from planproof.rules.derived import derive

ROADMAP = """
    # Roadmap

    - [x] **Phase 1: Core**

    ### Phase 1: Core
    **Goal**: the core
    **Success Criteria** (what must be TRUE):
      1. Runbook written in `docs/RUNBOOK.md`
      2. Sources live under `src/core/`
      3. `pytest -q tests/test_core.py` passes
    **Plans**: 1 plan
"""
BARE_PLAN = "---\nphase: 01-core\nplan: 1\nwave: 1\n---\n\n# Plan 01-01\n"
PHASE = ".planning/phases/01-core"


def _repo(tmp_path, plan=BARE_PLAN, executed=True):
    files = {".planning/ROADMAP.md": ROADMAP, f"{PHASE}/01-01-PLAN.md": plan, "src/core/app.py": "x = 1\n"}
    if executed:
        files[f"{PHASE}/01-01-SUMMARY.md"] = SUMMARY
    return make_repo(tmp_path / "repo", files)


def test_executed_plan_without_must_haves_is_checked_against_the_roadmap(tmp_path):
    findings = verify(_repo(tmp_path), select=("PP578", "PP579"))
    [derived] = by_code(findings, "PP578")
    assert derived.severity.value == "info" and derived.path.endswith("01-01-PLAN.md")
    assert derived.message == ("no must_haves: 2 file(s) and 1 command(s) derived from the ROADMAP "
                               "success criteria of phase 1")
    assert derived.evidence["commands_to_run"] == [{"line": 10, "command": "pytest -q tests/test_core.py"}]
    [missing] = by_code(findings, "PP579")
    assert missing.path.endswith("ROADMAP.md") and (missing.line, missing.column) == (8, 26)
    assert "docs/RUNBOOK.md, which does not exist" in missing.message


def test_unexecuted_plan_only_says_what_was_derived(tmp_path):
    findings = verify(_repo(tmp_path, executed=False), select=("PP578", "PP579"))
    assert [f.code for f in findings] == ["PP578"] and findings[0].evidence["checked"] is False


def test_plan_with_must_haves_derives_nothing(tmp_path):
    plan = BARE_PLAN.replace("wave: 1", "wave: 1\nmust_haves:\n  truths: [\"core works\"]")
    assert verify(_repo(tmp_path, plan=plan), select=("PP578", "PP579")) == []


@pytest.mark.parametrize("criterion, files, commands", [
    ("Runbook in `docs/RUN.md`", ["docs/RUN.md"], []),
    ("Strategy documented in `docs/BRANCHING.md` or equivalent", [], []),
    ("`k8s/osm/base/` exists (moved out of `k8s/base/`)", ["k8s/osm/base/"], []),
    ("Index on `openaddresses_points.street`", [], []),
    ("Kustomize `kustomization.yaml` lists manifests", [], []),
    ("PVs at `/hatch1/data/geo`", [], []),
    ("`kubectl get deploy -n gis` shows 3 deployments", [], ["kubectl get deploy -n gis"]),
])
def test_what_a_criterion_yields(criterion, files, commands):
    assert derive(criterion) == {"files": files, "commands": commands}
