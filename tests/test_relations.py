"""Claims related to other claims (PP410-PP417): what is flagged, with which arithmetic, and the
documents that must stay silent (subsets, different wholes, open targets, approximations)."""

from __future__ import annotations

import pytest

from conftest import dedent, lint_text, shared
from planproof.claims.relations import relations
from planproof.document import Document

REL = ("PP410", "PP411", "PP412", "PP413", "PP414", "PP415", "PP416", "PP417", "PP418", "PP419",
       "PP420")


def rel(text: str, path: str = "README.md"):
    return [f for f in lint_text(text, path) if f.code in REL]


def found(text: str, path: str = "README.md"):
    return relations(Document.from_text(dedent(text), path))


def artifact_table(statuses: list[str]) -> str:
    rows = "\n".join(f"| src/f{i}.py | module | {s} | ok |" for i, s in enumerate(statuses))
    return "| Artifact | Expected | Status | Details |\n|---|---|---|---|\n" + rows


# --- PP410 summary line against its table -----------------------------------------------------

def test_artifacts_summary_above_table_counts_verified_rows():
    table = artifact_table(["✓ VERIFIED"] * 18 + ["✗ STUB", "⚠ PARTIAL"] + ["✓ VERIFIED"])
    text = f"# Phase 2 verification\n\n### Required Artifacts\n\n**Artifacts:** 20/21 verified\n\n{table}\n"
    [finding] = rel(text, "02-VERIFICATION.md")
    assert finding.code == "PP410" and finding.line == 5
    assert "20/21 verified" in finding.message and "19 marked verified" in finding.message
    assert finding.evidence["rows"] == 21 and finding.evidence["passed"] == 19
    assert finding.evidence["rows_counted"][0] == 9  # the first row counted, by line


def test_artifacts_summary_over_a_table_with_fewer_rows():
    table = artifact_table(["✓ VERIFIED"] * 18 + ["✗ STUB", "⚠ PARTIAL"])  # 20 rows, 18 verified
    text = f"# Verification\n\n### Required Artifacts\n\n{table}\n\nArtifacts 20/21 verified\n"
    [finding] = rel(text, "02-VERIFICATION.md")
    assert "lists 20 rows, 18 marked verified" in finding.message


def test_key_links_summary_with_a_whole_that_is_not_the_row_count():
    rows = "\n".join(f"| a{i}.py | b{i}.py | import | {'WIRED' if i < 8 else 'NOT WIRED'} |"
                     for i in range(9))
    text = (f"# Verification\n\n### Key Link Verification\n\n| From | To | Via | Status |\n"
            f"|---|---|---|---|\n{rows}\n\n**Key Links:** 7/8 wired\n")
    [finding] = rel(text, "03-VERIFICATION.md")
    assert finding.code == "PP410"
    assert "lists 9 rows, 8 marked wired" in finding.message


def test_validation_document_summary():
    text = """
        # Phase 4 validation

        ## Requirements

        2/4 requirements verified

        | Requirement | Test | Status |
        |---|---|---|
        | REQ-01 | test_a | ✅ green |
        | REQ-02 | test_b | ❌ red |
        | REQ-03 | test_c | ⬜ pending |
        | REQ-04 | test_d | ⬜ pending |
    """
    [finding] = rel(text, "04-VALIDATION.md")
    assert "1 marked verified" in finding.message


def test_bare_summary_counting_exactly_the_rows_of_its_table():
    text = """
        # Phase 4 validation

        2/4 verified

        | Task | Test | Status |
        |---|---|---|
        | 04-01 | test_a | ✅ green |
        | 04-02 | test_b | ❌ red |
        | 04-03 | test_c | ⬜ pending |
        | 04-04 | test_d | ⬜ pending |
    """
    [finding] = rel(text, "04-VALIDATION.md")
    assert "1 marked verified" in finding.message
    assert rel(text.replace("2/4", "1/4"), "04-VALIDATION.md") == []
    assert rel(text.replace("2/4 verified", "2/5 verified"), "04-VALIDATION.md") == []


def test_heading_count_against_the_rows_listed_under_it():
    text = """
        # Audit

        ### Fully Satisfied (3/5)

        | REQ-ID | Description | Status |
        |---|---|---|
        | A-01 | one | satisfied |
        | A-02 | two | satisfied |
    """
    [finding] = rel(text)
    assert "lists 2 rows" in finding.message


@pytest.mark.parametrize("summary", [
    "**Tests:** 24/51 ORM tests passing",  # names something the table does not list
    "**Artifacts:** 2/3 verified",  # right
    "Plans: 1/2 plans complete",  # another noun
])
def test_summary_table_silent(summary):
    table = artifact_table(["VERIFIED", "VERIFIED", "MISSING"])
    text = f"# Verification\n\n### Artifacts\n\n{summary}\n\n{table}\n"
    assert rel(text, "05-VERIFICATION.md") == []


def test_summary_separated_from_the_table_by_text_is_not_related():
    table = artifact_table(["VERIFIED", "MISSING"])
    text = f"# V\n\n**Artifacts:** 2/2 verified\n\nSome words in between.\n\n{table}\n"
    assert rel(text) == []


# --- PP411 Total rows -------------------------------------------------------------------------

def test_total_row_sum_with_the_rows_counted():
    text = """
        # Tests

        | Test File | Tests | Result |
        |---|---|---|
        | `test_a.py` | 21 | PASSED |
        | `test_b.py` | 14 | PASSED |
        | **Total** | **193** | **ALL PASSED** |
    """
    [finding] = rel(text)
    assert finding.code == "PP411" and finding.line == 7
    assert (finding.column, finding.end_column) == (15, 22)  # the Total cell `**193**` that disagrees
    assert finding.evidence["sum"] == "35" and finding.evidence["rows_summed"] == [5, 6]
    # planproof cannot know which side is stale: the hint must not blame the Total alone
    assert "recount both" in finding.hint and "recompute the Total" not in finding.hint


@pytest.mark.parametrize("table", [
    "| Module | Coverage |\n|---|---|\n| a | 50% |\n| b | 70% |\n| **Overall** | 61% |",
    "| Module | Tests |\n|---|---|\n| a | 5 |\n| ... | ... |\n| **Total** | 50 |",
    "| Module | Tests |\n|---|---|\n| a | ~5 |\n| b | 7 |\n| **Total** | 50 |",
    "| Module | Tests |\n|---|---|\n| a | 5 |\n| Subtotal | 5 |\n| b | 7 |\n| Total | 12 |",
])
def test_total_row_silent(table):
    assert rel(f"# T\n\n{table}\n") == []


# --- PP412 / PP413 totals in one clause -------------------------------------------------------

def test_outcomes_exceed_total():
    [finding] = rel("# Run\n\n- Suite: 93 total / 73 passed / 25 failed\n")
    assert finding.code == "PP412" and finding.evidence["sum"] == 98


def test_total_then_pass_fraction_of_another_whole():
    text = "# T\n\n| 5 | Integration | ✅ | 51 original + 75 new (126 total). 94/124 passing (75.8%). |\n"
    text = "# T\n\n| # | Truth | Status | Evidence |\n|---|---|---|---|\n" + text.split("\n\n")[1]
    [finding] = rel(text, "12-VERIFICATION.md")
    assert finding.code == "PP413" and "out of 124" in finding.message


def test_tests_created_then_a_pass_fraction_of_another_whole():
    [finding] = rel("# T\n\n- 89 property tests created across 4 files. 89/90 passing (98.9%).\n")
    assert finding.code == "PP413" and "89 tests created" in finding.message


@pytest.mark.parametrize("line", [
    "- 51 integration tests created. 94/124 passing (75.8%).",  # more pass than were created
    "- 57/214 tests still failing (214 total); 24/51 ORM tests passing",  # two fractions: subset
    "- 214 tests total. Of the ORM tests, 24/51 passing.",  # another sentence
    "- Smoke: 12 total, 10 passed, 1 skipped",  # fewer outcomes than the total
])
def test_clause_totals_silent(line):
    assert rel(f"# T\n\n{line}\n") == []


# --- PP414 frontmatter score restated ----------------------------------------------------------

def test_score_restated_over_another_whole():
    text = ("---\nphase: 03-x\nstatus: passed\nscore: 20/20 must-haves verified\n---\n"
            "# V\n\n**Score:** 15/16 truths verified\n")
    [finding] = rel(text, "03-VERIFICATION.md")
    assert finding.code == "PP414" and finding.line == 4


def test_must_haves_include_more_than_truths():
    text = ("---\nphase: 03-x\nstatus: passed\nscore: 15/15 must-haves verified\n---\n"
            "# V\n\n**Score:** 3/3 truths verified\n")
    assert rel(text, "03-VERIFICATION.md") == []


# --- PP415 averages, PP416 thresholds -------------------------------------------------------

def test_average_against_the_list_elsewhere_with_the_same_count():
    text = """
        # Coverage

        | # | Truth | Evidence |
        |---|---|---|
        | 3 | per file 50% | Measured: a.py 97.39%, b.py 55.32%, c.py 50.66%, d.py 20.27%, e.py 19.66%, f.py 9.67% |

        - coverage.json: 15.70% overall, Tier 1 files: 57.82% average (3/6 >= 50%)
    """
    [finding] = rel(text)
    assert finding.code == "PP415" and finding.severity.value == "warning"
    assert finding.evidence["mean"] == "42.16%" and finding.evidence["count"] == 6


def test_average_outside_the_values_is_an_error():
    [finding] = rel("# C\n\n- a.py 50%, b.py 60%, c.py 70%: 90% average\n")
    assert finding.severity.value == "error"


@pytest.mark.parametrize("text", [
    "# C\n\n- a.py 50%, b.py 60%, c.py 70%: 60% average\n",
    "# C\n\n- a.py 50%, b.py 60%, c.py 70%\n- 90% average (2/4 >= 50%)\n",  # another list
])
def test_average_silent(text):
    assert rel(text) == []


def test_threshold_against_current_figures():
    text = (shared("seeds") / "30-README.md").read_text(encoding="utf-8")
    [finding] = [f for f in rel(text) if f.code == "PP416"]
    assert finding.line == 9 and len(finding.evidence["outside"]) == 4


def test_threshold_about_measured_results_is_silent():
    text = """
        # Phase 12

        Goal: test 2 files (<20% coverage) to 50%.

        - Measured: a.py 97.39%, b.py 55.32%
    """
    assert rel(text) == []


# --- PP417 section sums ------------------------------------------------------------------

def test_sprint_impacts_against_the_sprint_target():
    text = (shared("seeds") / "sprint-plan-coverage-85.md").read_text(encoding="utf-8")
    found_ = [f for f in rel(text) if f.code == "PP417"]
    assert [f.line for f in found_] == [53, 57]
    assert found_[0].evidence["sum"] == "25" and found_[0].evidence["target_delta"] == "15.33"


def test_relations_are_listed_consistent_or_not():
    text = "# T\n\n| Module | Tests |\n|---|---|\n| a | 5 |\n| b | 7 |\n| **Total** | 12 |\n"
    [relation] = found(text)
    assert relation.consistent and relation.check == "total-row"
    assert relation.to_dict()["related_lines"] == [5, 6]


def test_claims_command_shows_what_was_related(write, run_cli):
    path = write("README.md", """
        # Tests

        | Suite | Tests |
        |---|---|
        | a | 5 |
        | b | 7 |
        | **Total** | 13 |
    """)
    code, output, _ = run_cli("claims", path)
    assert code == 1
    assert ":7:15: relation total-row (with lines 5, 6) -> inconsistent: the Tests total 13 is " \
           "not the sum of the 2 rows above it (12)" in output
    assert "1 relations between claims" in output
    code, _, parsed = run_cli("claims", path, "--format", "json")
    [relation] = parsed["files"][0]["relations"]
    assert relation["evidence"]["values"] == ["5", "7"] and relation["consistent"] is False


def test_count_stated_above_its_parts():
    table = """
        # Tests

        **193 tests across 3 test files -- all passing.**

        | Test File | Tests | Result |
        |---|---|---|
        | `test_a.py` | 21 | PASSED |
        | `test_b.py` | 14 | PASSED |
        | `test_c.py` | 10 | PASSED |
    """
    [finding] = rel(table)
    assert finding.code == "PP420" and finding.line == 3
    assert finding.evidence["sum"] == 45 and finding.evidence["rows_summed"] == [7, 8, 9]
    items = "# Run\n\nAll 12 tests pass:\n\n- test_a.py: 5/5 passed\n- test_b.py: 6/6 passed\n"
    [finding] = rel(items)
    assert "states 12 tests, but the list below adds up to 11 (5 + 6)" in finding.message
    assert rel(items.replace("12 tests", "11 tests")) == []


def test_test_count_progression_against_the_sprints_plans():
    text = (shared("seeds") / "sprint-plan-coverage-85.md").read_text(encoding="utf-8")
    found_ = [f for f in rel(text) if f.code == "PP418"]
    assert [(f.line, f.evidence["planned"]) for f in found_] == [(739, 165), (740, 285), (741, 450)]
    assert found_[0].evidence["planned_by_line"] == {117: 25, 180: 30, 199: 40, 242: 50, 283: 20}


def test_progression_that_restarts_or_has_no_sprint_weeks_is_silent():
    text = """
        # Plan

        ## Sprint 1: Foundation (Weeks 1-2)

        **Tests to Write:** 20 registry tests

        ## Progression

        - Week 0: 600 tests
        - Week 2: ~620 tests (+20)

        ## Next quarter

        - Day 0: 10 tests
        - Day 2: 40 tests (+30)
    """
    assert rel(text) == []


def test_summary_that_may_count_another_column_is_silent():
    text = """
        # Audit

        | Phase | VERIFICATION.md | Status | Score |
        |-------|----------------|--------|-------|
        | 12 — Fixes | exists | gaps_found | 10/11 |
        | 13 — Fuzzy | **MISSING** | **unverified** | — |
        | 14 — Cascade | exists | passed | 15/15 |
        | 15 — Sidecar | exists | passed (1 partial) | 13/13 |

        **Score: 3/4 phases verified**
    """
    assert rel(text) == []
    assert "2 marked verified" in rel(text.replace("3/4", "1/4"))[0].message


def test_heading_over_a_table_of_other_things_is_silent():
    text = """
        # Audit

        ### Unsatisfied (21/30) — Phases Not Started

        | Phase | Requirements | Count |
        |---|---|---|
        | Phase 20 | RESIL-01, RESIL-02 | 2 |
        | Phase 21 | DEPLOY-06 | 1 |
    """
    assert rel(text) == []


def test_total_row_of_plan_counts_but_not_of_phase_numbers():
    plans = "| Phase | Plans Complete |\n|---|---|\n| 1 | 3/3 |\n| 2 | 2/2 |\n| **Total** | **6/6** |"
    [finding] = rel(f"# Progress\n\n{plans}\n", "ROADMAP.md")
    assert finding.evidence["sum"] == "5/5"
    phases = "| Name | Phase |\n|---|---|\n| a | 1 |\n| b | 2 |\n| Total | 2 |"
    assert rel(f"# Progress\n\n{phases}\n") == []


def test_pass_count_of_a_kind_against_the_files_of_that_kind():
    text = (shared("seeds") / "12-VERIFICATION.md").read_text(encoding="utf-8")
    found_ = [f for f in rel(text, "12-VERIFICATION.md") if f.code == "PP419"]
    assert [(f.line, f.evidence["sum"]) for f in found_] == [(121, "88/89"), (122, "94/126")]
    assert found_[0].evidence["rows_summed"] == [132, 134, 135, 136]


@pytest.mark.parametrize("line", [
    "- Property tests: 41 property tests across 3 files. 41/42 passing.",  # another count of files
    "- Unit tests: 5/6 passing.",  # no unit test file in the table
    "- Property and integration tests: 41/42 passing.",  # two kinds
])
def test_kind_total_silent(line):
    table = ("| Artifact | Details |\n|---|---|\n"
             "| tests/property_tests/test_engine.py | 18 tests, 18/18 passing |\n"
             "| tests/property_tests/test_handler.py | 23 tests, 22/23 passing |\n")
    assert rel(f"# V\n\n{line}\n\n{table}") == []
