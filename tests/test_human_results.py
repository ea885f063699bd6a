"""PP405: a human check whose result is written inline is not pending (issue 15)."""

from __future__ import annotations

import pytest

from conftest import lint_text

REPORT = """
    ---
    phase: 07-export
    status: passed
    score: 4/4 must-haves verified
    {extra}human_verification:
      - test: "Open the export page and download a CSV"
        expected: "{expected}"
    ---
    # Phase 7 Verification

    **Status:** passed
    """


def pp405(expected: str, extra: str = "") -> list:
    text = REPORT.format(expected=expected, extra=extra)
    return [f for f in lint_text(text, "07-VERIFICATION.md") if f.code == "PP405"]


@pytest.mark.parametrize("expected", [
    "The file opens in a spreadsheet ... PASS",
    "The file opens in a spreadsheet (PASS, 2026-03-01)",
    "全部 PASS",
    "全部 PASS（3/3）",
    "The file opens — PASSED",
    "The file opens ✅",
    "The file opens; verified by user 2026-03-01",
    "Closed by default-accept after 7 days",
    "The file opens: FAIL (tracked in gap 2)",
])
def test_a_result_written_into_the_check_is_not_pending(expected):
    assert pp405(expected) == []


@pytest.mark.parametrize("key", ["uat_confirmed: true\n    ", "human_verified: yes\n    "])
def test_a_sibling_key_confirms_the_human_checks(key):
    assert pp405("The file opens in a spreadsheet", extra=key) == []


@pytest.mark.parametrize("expected", [
    "The file opens in a spreadsheet",
    "Run the suite: all tests pass",  # an instruction, not a result
    "Every row shows PASS or FAIL in the status column of the CSV",
    "The user confirms the layout",
])
def test_checks_without_a_result_are_still_pending(expected):
    assert [f.severity.value for f in pp405(expected)] == ["warning"]


def test_a_confirming_key_that_says_no_does_not_confirm():
    assert len(pp405("The file opens", extra="uat_confirmed: false\n    ")) == 1
