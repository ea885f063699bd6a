"""The planning-tree model and the PP7xx cross-document rules."""

from __future__ import annotations

import pytest

from conftest import codes, dedent, shared
from planproof.config import Settings
from planproof.document import Document
from planproof.engine import check_text
from planproof.pipeline import run
from planproof.planning.forest import build_forest
from planproof.planning.ids import exact_number, format_plan_id, plan_id
from planproof.planning.roadmap import parse_roadmap


def lint(paths, select="PP7"):
    return run([str(p) for p in paths], Settings(select=[select], jobs=1, cache=False))


# -- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("09.1", "9.1"), ("12", "12"), (3, "3"), ("04a", "4a"), ("1.2.3", "1.2.3"),
    ("TBD", None), (None, None), (True, None),
])
def test_exact_number(text, expected):
    assert exact_number(text) == expected


@pytest.mark.parametrize("stem, expected", [
    ("12-03", ("12", "3")),
    ("09.1-01", ("9.1", "1")),
    ("15-04a", ("15", "4a")),
    ("29-argocd-branch-cutover-01", ("29", "1")),
    ("84-01a-shared", ("84", "1a")),
    ("260324-lqg", None),
    ("PLAN", None),
])
def test_plan_id(stem, expected):
    assert plan_id(stem) == expected


def test_format_plan_id_pads_like_file_names():
    assert format_plan_id(("9.1", "1")) == "09.1-01"
    assert format_plan_id(("15", "4a")) == "15-04a"
    assert format_plan_id(("120", "12")) == "120-12"


# -- the model ----------------------------------------------------------------------------------


def _doc(path, text="# doc\n"):
    return Document.from_text(dedent(text), path)


def test_forest_phases_archives_quick_and_workstreams():
    docs = [
        _doc("p/.planning/ROADMAP.md", "# Roadmap\n- [x] **Phase 9.1: Hotfix**\n"),
        _doc("p/.planning/phases/09.1-hotfix/09.1-01-PLAN.md"),
        _doc("p/.planning/phases/09.1-hotfix/09.1-01-SUMMARY.md"),
        _doc("p/.planning/phases/15-ui/15-04a-PLAN.md"),
        _doc("p/.planning/phases/15-ui/plans/15-05-PLAN.md"),
        _doc("p/.planning/phases/15-ui/archive/15-01-PLAN.md"),
        _doc("p/.planning/milestones/v1.0-phases/09-legacy/09-01-PLAN.md"),
        _doc("p/.planning/milestones/v1.0-REQUIREMENTS.md", "- [x] **OLD-01**: old\n"),
        _doc("p/.planning/quick/260324-lqg-fix/260324-lqg-PLAN.md"),
        _doc("p/.planning/workstreams/api/phases/02-auth/02-01-PLAN.md"),
    ]
    forest = build_forest(docs)
    trees = {t.root.split("/p/")[-1]: t for t in forest}
    main = trees[".planning"]
    by_name = {p.name: p for p in main.phases}
    assert set(by_name) == {"09.1-hotfix", "15-ui", "09-legacy"}
    assert by_name["09.1-hotfix"].number == "9.1" and by_name["09.1-hotfix"].executed
    assert [e.label for e in by_name["15-ui"].plans] == ["15-04a", "15-05"]  # archive/ is not the phase
    assert by_name["09-legacy"].archived and by_name["09-legacy"].milestone == "v1.0"
    assert "OLD-01" in main.requirements and main.requirements["OLD-01"][0].deferred
    assert main.roadmap is not None
    workstream = trees[".planning/workstreams/api"]
    assert [p.number for p in workstream.phases] == ["2"]


def test_pairing_by_name_then_by_number():
    docs = [
        _doc("t/phases/29-cutover/29-cutover-01-PLAN.md"),
        _doc("t/phases/29-cutover/29-cutover-01-SUMMARY.md"),
        _doc("t/phases/33-wiring/33-01-PLAN.md"),
        _doc("t/phases/33-wiring/33-wiring-01-SUMMARY.md"),
    ]
    phases = {p.name: p for t in build_forest(docs) for p in t.phases}
    assert phases["29-cutover"].executed
    assert phases["33-wiring"].executed and len(phases["33-wiring"].entries) == 1


def test_roadmap_details_are_archived_and_plan_lines_parsed():
    roadmap = parse_roadmap(_doc(".planning/ROADMAP.md", """
        # Roadmap

        <details>
        <summary>v1.0 (Phases 1-2) SHIPPED</summary>

        - [x] **Phase 1: Foundation** — scaffolding (3/3 plans)

        </details>

        - [x] **Phase 3: API** — endpoints
        - [~] **Phase 4: Cutover** — partly done

        ### Phase 3: API
        **Deferred**: API-09
        Plans:
        - [x] 03-01: routes
        - [ ] 03-02-PLAN.md -- auth

        ```
        - [x] 03-99: inside a code block
        ```

        | Phase | Plans Complete | Status |
        |---|---|---|
        | 5. Docs | 1/1 | Complete |

        ## Backlog

        ### Phase 999.1: Someday
        """))
    assert roadmap.phases["1"].archived and roadmap.phases["1"].status == "x"
    assert not roadmap.phases["3"].archived and roadmap.phases["3"].status == "x"
    assert roadmap.phases["4"].status == "~"
    assert [(p.id, p.checked) for p in roadmap.plans] == [(("3", "1"), True), (("3", "2"), False)]
    assert roadmap.phases["999.1"].backlog
    assert roadmap.completion("5") is not None and roadmap.completion("4") is None
    assert roadmap.deferred == {"API-09"}


# -- a single document ---------------------------------------------------------------------------
# (every rule's examples, PP7xx too, are checked with their positions in test_rule_examples.py)


def test_single_document_never_reports_missing_files():
    summary = "---\nphase: 03-x\nplan: 1\n---\n# Summary\n"
    assert codes(check_text(summary, ".planning/phases/03-x/03-01-SUMMARY.md", Settings(select=["PP7"]))) == []


# -- what a run could see -------------------------------------------------------------------------

PLAN = "---\nphase: 04-agent\nplan: {n}\n---\n# Plan\n"
VERIFICATION = "---\nphase: 04-agent\nstatus: passed\nscore: 1/1\n---\n# Verification\n"


def test_missing_summary_needs_the_folder(write, tmp_path):
    write("phases/04-agent/04-01-PLAN.md", PLAN.format(n=1))
    write("phases/04-agent/04-01-SUMMARY.md", PLAN.format(n=1).replace("# Plan", "# Summary"))
    lone = write("phases/04-agent/04-02-PLAN.md", PLAN.format(n=2))
    report = write("phases/04-agent/04-VERIFICATION.md", VERIFICATION)
    whole = lint([tmp_path])
    assert [(f.code, f.path.endswith("04-02-PLAN.md")) for f in whole.findings] == [("PP701", True)]
    # pre-commit passes file names: the folder was not read, so nothing is "missing"
    assert lint([lone, report]).findings == []


def test_the_missing_summary_is_named_like_its_plan(write, tmp_path):
    """The expected SUMMARY is the one Evidence looks for (planning.ids.sibling_name): a
    lower-case `04-01-plan.md` asks for `04-01-summary.md`."""
    write("phases/04-agent/04-01-plan.md", PLAN.format(n=1).replace("plan: 1", "plan: 1\nwave: 1"))
    write("phases/04-agent/04-02-PLAN.md", PLAN.format(n=2))
    write("phases/04-agent/04-02-SUMMARY.md", PLAN.format(n=2).replace("# Plan", "# Summary"))
    write("phases/04-agent/04-VERIFICATION.md", VERIFICATION)
    [finding] = lint([tmp_path]).findings
    assert finding.code == "PP701" and finding.evidence["expected_summary"].endswith("04-01-summary.md")


def test_unchecked_plan_with_summary_works_on_files_alone(write, tmp_path):
    roadmap = write(".planning/ROADMAP.md", "# Roadmap\n\n### Phase 2: Sidebar\nPlans:\n- [ ] 02-01: landing\n")
    summary = write(".planning/phases/02-sidebar/02-01-SUMMARY.md", "---\nphase: 02-sidebar\nplan: 1\n---\n# S\n")
    found = lint([roadmap, summary]).findings
    assert [(f.code, f.line, f.column) for f in found] == [("PP707", 5, 7)]


def test_phase_readme_checklist(write, tmp_path):
    write("phases/30-coverage/30-README.md", """
        # Phase 30: Tier 1 Coverage Push

        ## Requirements Coverage
        - **COV-02**: workflow_engine.py 50% coverage (Plan 30-01)
        - **COV-03**: endpoints 50% coverage (Plan 30-02)

        ## Plans
        - [ ] 30-01-PLAN.md — Workflow Engine
        - [ ] 30-02-PLAN.md — Endpoints
        - [x] 30-03-PLAN.md — BYOK handler
        """)
    write("phases/30-coverage/30-01-PLAN.md", "---\nphase: 30-coverage\nplan: 1\nrequirements: [COV-07]\n---\n# P\n")
    found = {(f.code, f.line) for f in lint([tmp_path]).findings}
    assert found == {("PP708", 9), ("PP706", 10), ("PP711", 4)}


def test_archived_milestones_are_not_missing_phases(write, tmp_path):
    write(".planning/ROADMAP.md", """
        # Roadmap

        <details>
        <summary>v1.0 shipped</summary>

        - [x] **Phase 1: Foundation** (3/3 plans)
        - [x] **Phase 2: Geocoding** (2/2 plans)

        </details>

        - [x] **Phase 3: Batch** — batch endpoints
        - [ ] **Phase 4: Docs** — not started, no folder yet
        """)
    write(".planning/milestones/v1.0-phases/01-foundation/01-01-PLAN.md", PLAN.format(n=1))
    write(".planning/phases/03-batch/03-01-PLAN.md", PLAN.format(n=1))
    write(".planning/phases/03-batch/03-01-SUMMARY.md", PLAN.format(n=1))
    assert lint([tmp_path / ".planning"]).findings == []  # phase 2: archived, phase 4: not started
    write(".planning/ROADMAP.md", "# Roadmap\n\n- [x] **Phase 3: Batch**\n- [x] **Phase 5: Gone**\n")
    found = lint([tmp_path / ".planning"]).findings
    assert [(f.code, f.line) for f in found] == [("PP704", 4)]


def test_requirement_ids_defined_nowhere_and_archived_definitions(write, tmp_path):
    write(".planning/REQUIREMENTS.md", "# Requirements\n\n- [ ] **AUTH-01**: sign in\n")
    write(".planning/milestones/v1.0-REQUIREMENTS.md", "# v1.0\n\n- [x] **OLD-01**: legacy\n")
    write(".planning/phases/01-auth/01-01-PLAN.md",
          "---\nphase: 01-auth\nplan: 1\nrequirements:\n  - AUTH-01\n  - OLD-01\n  - AUTH-10: typo\n---\n# P\n")
    found = lint([tmp_path / ".planning"]).findings
    assert [(f.code, f.line, f.message) for f in found] == [
        ("PP710", 7, "requirement AUTH-10 is not defined in any requirements document")]
    assert found[0].hint == "did you mean AUTH-01?"


def test_state_position_and_percent(write, tmp_path):
    write(".planning/STATE.md", """
        ---
        current_phase: 3
        current_plan: 4
        progress:
          total_plans: 8
          completed_plans: 3
          percent: 37
        ---
        # State
        """)
    write(".planning/phases/03-api/03-01-PLAN.md", "---\nphase: 03-api\nplan: 1\n---\n# P\n")
    found = lint([tmp_path / ".planning"]).findings
    assert [(f.code, f.line) for f in found] == [("PP720", 3)]  # 37 = 3/8 truncated: fine
    assert "03-04" in found[0].message


def test_state_percent_mismatch_evidence():
    findings = check_text(dedent("""
        ---
        progress:
          total_plans: 13
          completed_plans: 13
          percent: 0
        ---
        # State
        """), ".planning/STATE.md", Settings(select=["PP721"]))
    assert [(f.code, f.line, f.column) for f in findings] == [("PP721", 5, 12)]
    assert findings[0].evidence["computed"] == {"completed_plans/total_plans": 100.0}


def test_duplicate_plan_ids_are_left_to_pp316(write, tmp_path):
    write("phases/12-api/12-03-PLAN.md", "---\nphase: 12-api\nplan: 3\n---\n# P\n")
    write("phases/12-api/12-04-PLAN.md", "---\nphase: 12-api\nplan: 3\n---\n# P\n")
    assert lint([tmp_path]).findings == []
    assert "PP316" in codes(lint([tmp_path], select="PP316").findings)


def test_corpus_tree_rules_run_cleanly():
    corpus = shared("corpus")
    result = run([str(corpus)], Settings(select=["PP7", "PP000"], jobs=1, cache=False))
    found = codes(result.findings)
    assert "PP000" not in found
    assert "PP704" not in found  # archived milestones (CivicPulse: phases 1-28) are never missing
    assert "PP705" not in found
    assert found.count("PP721") == 1  # PostHog STATE: percent 0 with 13/13 plans


def test_excluded_files_are_not_missing(write, tmp_path):
    write("phases/04-agent/04-01-PLAN.md", PLAN.format(n=1))
    write("phases/04-agent/04-01-SUMMARY.md", PLAN.format(n=1))
    write("phases/04-agent/04-VERIFICATION.md", VERIFICATION)
    settings = Settings(select=["PP7"], jobs=1, cache=False, exclude=["*-SUMMARY.md"])
    # the SUMMARY exists but the run does not read it: PP701/PP730 must not claim it is missing
    result = run([str(tmp_path)], settings)
    assert [d.kind for d in result.documents] == ["PLAN", "VERIFICATION"]
    assert result.findings == []


def test_checked_plans_of_a_phase_without_folder(write, tmp_path):
    write(".planning/ROADMAP.md", "# Roadmap\n\n### Phase 7: Search\nPlans:\n- [x] 07-01: index\n- [ ] 07-02: ui\n")
    write(".planning/phases/06-x/06-01-PLAN.md", PLAN.format(n=1))
    found = lint([tmp_path / ".planning"], select="PP704").findings
    assert [(f.code, f.line) for f in found] == [("PP704", 5)]
    assert "(07-01)" in found[0].message


# -- dialects of the ROADMAP (issue 15) -------------------------------------------------------------

COLLAPSED_ROADMAP = """
    # Roadmap

    ## Milestones
    - ✅ **v1.9 Theming** — Phases 57-62 (shipped 2026-02-20)

    <details>
    <summary>✅ v2.0 Blades (Phases 27-28) — SHIPPED 2026-03-02</summary>

    - [x] Phase 27: Init Repo Blade (4/4 plans) - completed 2026-03-02
    - [x] Phase 28: Sync Blade (2/2 plans) - completed 2026-03-02

    </details>

    Phases 40, 41 and 43: folded into the v2.1 audit (see MILESTONES.md).

    - [ ] **Phase 70: Next** - goal
    """


@pytest.mark.parametrize("folder", ["27-init-repo-blade", "58-theme-tokens", "58.1-hotfix",
                                    "62-dark-mode", "41-audit", "43-audit", "70-next",
                                    "999.1-backlog-idea"])
def test_collapsed_milestones_ranges_and_prose_name_phases(write, tmp_path, folder):
    write(".planning/ROADMAP.md", COLLAPSED_ROADMAP)
    number = folder.split("-")[0]
    write(f".planning/phases/{folder}/{number}-01-PLAN.md", PLAN.format(n=1))
    assert "PP705" not in codes(lint([tmp_path / ".planning"]).findings)


@pytest.mark.parametrize("folder", ["63-after-range", "56-before-range", "42-between-list",
                                    "2-plan-reference", "99.1-not-backlog"])
def test_phases_the_roadmap_never_names_are_still_reported(write, tmp_path, folder):
    roadmap = COLLAPSED_ROADMAP + "    - [ ] Plan Phase 1-02 is a plan id, not a range of phases\n"
    write(".planning/ROADMAP.md", roadmap)
    number = folder.split("-")[0]
    write(f".planning/phases/{folder}/{number}-01-PLAN.md", PLAN.format(n=1))
    assert codes(lint([tmp_path / ".planning"]).findings) == ["PP705"]


def test_stale_plan_lines_of_one_phase_are_one_finding(write, tmp_path):
    write(".planning/ROADMAP.md", """
        # Roadmap

        - [x] **Phase 1: Cleanup** (completed 2026-03-30)

        ### Phase 1: Cleanup
        Plans:
        - [ ] 01-01-PLAN.md — remove the editor
        - [ ] 01-02-PLAN.md — remove error tracking
        - [x] 01-03-PLAN.md — remove capture
        - [ ] 01-04-PLAN.md — not executed yet
        """)
    for n in (1, 2, 3, 4):
        write(f".planning/phases/01-cleanup/01-0{n}-PLAN.md", PLAN.format(n=n))
    for n in (1, 2, 3):
        write(f".planning/phases/01-cleanup/01-0{n}-SUMMARY.md", PLAN.format(n=n))
    found = [f for f in lint([tmp_path / ".planning"]).findings if f.code == "PP707"]
    assert [(f.line, f.message) for f in found] == [
        (7, "plans 01-01 and 01-02 are unchecked but their SUMMARYs exist (phase 1, lines 7, 8)")]
    assert found[0].evidence["plans"] == ["01-01", "01-02"]


REQUIREMENTS_TABLE = """
    # Requirements

    - [x] **SBOX-01**: Market replay
    - [x] **SBOX-02**: Model registry

    | Requirement | Phase | Status |
    |---|---|---|
    | SBOX-01 | Phase 3 | Complete |
    | SBOX-02 | Phase 3 | Complete |
    """


def test_a_requirement_a_summary_completed_is_not_unplanned(write, tmp_path):
    write(".planning/REQUIREMENTS.md", REQUIREMENTS_TABLE)
    # the PLAN of 03-01 is gone (PP702 says so); its SUMMARY records SBOX-01 as completed
    write(".planning/phases/03-sandbox/03-01-SUMMARY.md",
          "---\nphase: 03-sandbox\nplan: 1\nrequirements-completed: [SBOX-01]\n---\n# S\n")
    write(".planning/phases/03-sandbox/03-02-PLAN.md",
          "---\nphase: 03-sandbox\nplan: 2\nrequirements: [CLI-01]\n---\n# P\n")
    found = [(f.code, f.message) for f in lint([tmp_path / ".planning"]).findings
             if f.code == "PP711"]
    assert found == [("PP711", "requirement SBOX-02 is mapped to phase 3 but no plan there "
                               "lists it in `requirements`")]


def test_a_verified_phase_with_nothing_executed_is_one_finding(write, tmp_path):
    write(".planning/phases/01-foundation/01-01-PLAN.md", PLAN.format(n=1))
    write(".planning/phases/01-foundation/01-VERIFICATION.md", VERIFICATION)
    assert codes(lint([tmp_path / ".planning"]).findings) == ["PP730"]
    # one plan executed, one not: PP701 names the one that was not
    write(".planning/phases/01-foundation/01-02-PLAN.md", PLAN.format(n=2))
    write(".planning/phases/01-foundation/01-02-SUMMARY.md", PLAN.format(n=2))
    found = lint([tmp_path / ".planning"]).findings
    assert [(f.code, f.path.rsplit("/", 1)[-1]) for f in found] == [("PP701", "01-01-PLAN.md")]


def test_quick_task_folders_are_never_phases():
    """quick-archive/ holds quick tasks like quick/: its dated folders are not phase 2026."""
    forest = build_forest([
        _doc("p/.planning/quick/007-fix/007-PLAN.md"),
        _doc("p/.planning/quick-archive/2026-03-01-fix-login/PLAN.md"),
        _doc("p/.planning/quick_tasks/12-tidy/12-PLAN.md"),
    ])
    assert [p.folder for t in forest for p in t.phases] == []
