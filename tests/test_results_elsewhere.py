"""PP405/PP404 false-positive classes (FP-FINDINGS, 2026-12-01): human checks whose results are
recorded elsewhere (a completed UAT of the phase, a closed gap, a written disposition), gaps that
are not among the scored truths, and a gap PP405 already reports."""

from __future__ import annotations

import pytest

from conftest import dedent, lint_text
from planproof.config import Settings
import planproof

PHASE = ".planning/phases/09-tiger"

REPORT = """\
---
phase: 09-tiger
status: passed
score: 3/3 must-haves verified
{gaps}human_verification:
  - test: "Rebuild the container and run the full test suite"
    expected: "All tests pass"
  - test: "Geocode a live address in a neighbouring county"
    expected: "NO_MATCH"
---
# Phase 9 verification

## Human Verification Required

### 1. Full suite in the container

**Why human:** needs Docker.{first}

### 2. Neighbouring county

**Why human:** needs TIGER data.{second}

## Decisions

{decisions}
"""

UAT = """\
---
status: {status}
phase: 09-tiger
---
## Tests

### 1. Container suite
expected: all pass
result: pass

### 2. County filter
expected: NO_MATCH
result: {second}
"""


def report(gaps="", first="", second="", decisions="Nothing to note."):
    return REPORT.format(gaps=gaps, first=first, second=second, decisions=decisions)


def uat(status="complete", second="pass"):
    return UAT.format(status=status, second=second)


def tree(*files: tuple[str, str]) -> str:
    return "\n".join(f"<!-- file: {path} -->\n{text}" for path, text in files)


def pp405(text: str, path: str = f"{PHASE}/09-VERIFICATION.md") -> list:
    return [f for f in lint_text(text, path) if f.code == "PP405"]


def pending(findings) -> list[int]:
    return [f.evidence["pending_human_items"] for f in findings]


def test_without_results_both_items_are_pending():
    assert pending(pp405(report())) == [2]


def test_a_completed_uat_of_the_phase_records_the_human_checks():
    text = tree((f"{PHASE}/09-VERIFICATION.md", report()), (f"{PHASE}/09-UAT.md", uat()))
    assert pp405(text) == []


@pytest.mark.parametrize("where, status, second", [
    (f"{PHASE}/09-UAT.md", "complete", "issue"),  # a test did not pass
    (f"{PHASE}/09-UAT.md", "complete", "[pending]"),
    (f"{PHASE}/09-UAT.md", "partial", "pass"),  # the session is not finished
    (f"{PHASE}/10-UAT.md", "complete", "pass"),  # another phase's UAT
    (".planning/phases/10-nad/09-UAT.md", "complete", "pass"),  # another folder
])
def test_an_unfinished_or_unrelated_uat_records_nothing(where, status, second):
    text = tree((f"{PHASE}/09-VERIFICATION.md", report()), (where, uat(status, second)))
    assert pending(pp405(text)) == [2]


def test_the_uat_is_found_when_linting_files_on_disk(tmp_path):
    folder = tmp_path / PHASE
    folder.mkdir(parents=True)
    (folder / "09-VERIFICATION.md").write_text(report())
    result = planproof.lint([str(tmp_path / ".planning")], Settings(select=["PP405"], jobs=1))
    assert [f.code for f in result.findings] == ["PP405"]
    (folder / "09-UAT.md").write_text(uat())
    result = planproof.lint([str(tmp_path / ".planning")], Settings(select=["PP405"], jobs=1))
    assert result.findings == []


RESOLVED_GAP = """\
gaps:
  - truth: "The test suite passes in the container"
    status: {status}
    reason: "{reason}"
    missing:
      - "Rebuild the container image so its tests match the source"
"""


def test_a_closed_gap_that_records_the_outcome_records_that_item():
    gaps = RESOLVED_GAP.format(status="resolved",
                               reason="Container rebuilt; 379/379 full suite passes")
    [finding] = pp405(report(gaps=gaps))
    assert finding.evidence["pending_human_items"] == 1
    assert finding.evidence["recorded_by_gaps"] == [0]


@pytest.mark.parametrize("status, reason", [
    ("resolved", "Container image was stale"),  # closed, but no outcome written
    ("deferred", "Container rebuilt; 379/379 full suite passes"),  # not closed
])
def test_a_gap_without_a_recorded_outcome_records_nothing(status, reason):
    findings = pp405(report(gaps=RESOLVED_GAP.format(status=status, reason=reason)))
    assert pending([f for f in findings if f.severity.value == "warning"]) == [2]


def test_a_closed_gap_about_another_check_records_nothing():
    gaps = ('gaps:\n  - truth: "Tile server serves PNG tiles"\n    status: resolved\n'
            '    reason: "Verified: 12/12 tile requests passed"\n')
    assert pending(pp405(report(gaps=gaps))) == [2]


DEFERRED = "\n\nIntentionally deferred per operator decision (see 09-02-SUMMARY.md)."


def test_a_disposition_written_for_each_check_is_a_result():
    assert pp405(report(first=DEFERRED, second="\n\nAccepted as-is by the owner.")) == []


def test_a_disposition_for_one_check_leaves_the_other_pending():
    [finding] = pp405(report(first=DEFERRED))
    assert finding.evidence["pending_human_items"] == 1
    assert finding.evidence["dispositions"]["body_lines"] == [19]


def test_a_disposition_in_the_item_itself_is_a_result():
    text = report().replace('expected: "NO_MATCH"',
                            'expected: "NO_MATCH"\n    note: "Deferred by the operator to v2"')
    assert pending(pp405(text)) == [1]


@pytest.mark.parametrize("sentence", [
    "\n\nDeferred to human verification.",  # no decision taken by anyone
    "\n\nThe operator will run this before release.",
])
def test_wording_that_is_no_disposition_keeps_the_item_pending(sentence):
    assert pending(pp405(report(first=sentence, second=sentence))) == [2]


def test_a_disposition_outside_the_human_checks_section_is_not_about_them():
    decisions = "The schema change was deferred per operator decision."
    assert pending(pp405(report(decisions=decisions))) == [2]


# --- PP404: only scored truths count against the score; no repeat of PP405 ---------------------

SCORED = dedent("""
    ---
    phase: 12-fixes
    status: {status}
    score: 3/3 must-haves verified
    gaps:
      - truth: "{truth}"
        status: partial
        reason: "REQUIREMENTS.md still says 0.5"
    ---
    # Phase 12 verification

    | # | Truth | Status | Evidence |
    |---|-------|--------|----------|
    | 1 | Scourgify validation returns confidence 0.3 | VERIFIED | scourgify.py:28 |
    | 2 | Tiger validation returns confidence 0.4 | VERIFIED | tiger.py:98 |
    | 3 | GIN trigram indexes exist on street_name | VERIFIED | migration f6c3 |
""")


def codes_of(status: str, truth: str) -> list[str]:
    text = SCORED.format(status=status, truth=truth)
    return sorted(f.code for f in lint_text(text, "12-VERIFICATION.md")
                  if f.code in ("PP404", "PP405"))


def test_a_gap_that_is_not_one_of_the_scored_truths_does_not_count_against_the_score():
    assert codes_of("gaps_found", "FIX-04 requirement text matches the specification") == []


def test_a_gap_about_a_scored_truth_still_counts_against_the_score():
    assert codes_of("gaps_found", "Tiger validation returns confidence 0.4") == ["PP404"]


def test_an_open_gap_under_a_passed_status_is_reported_once_by_pp405():
    assert codes_of("passed", "Tiger validation returns confidence 0.4") == ["PP405"]


def test_without_a_truth_table_every_open_gap_counts():
    text = SCORED.format(status="gaps_found", truth="FIX-04 requirement text").split("| #")[0]
    assert [f.code for f in lint_text(text, "12-VERIFICATION.md") if f.code == "PP404"] \
        == ["PP404"]


def test_frontmatter_score_against_a_stale_body_is_reported_once_by_pp406():
    text = SCORED.format(status="gaps_found", truth="Tiger validation returns confidence 0.4")
    text = text.replace("| VERIFIED | tiger.py:98 |", "| FAILED | tiger.py:98 |")
    text = text.replace("status: partial", "status: resolved")
    text += "\n**Score:** 2/3 truths verified\n"
    assert sorted(f.code for f in lint_text(text, "12-VERIFICATION.md")
                  if f.code in ("PP404", "PP405", "PP406")) == ["PP406"]
