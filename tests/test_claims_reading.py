"""PP4xx reading on the way real documents write: item labels, two sizes side by side, partial
sums and fractions whose percentage follows a word in any language (issue 15)."""

from __future__ import annotations

from conftest import codes, dedent, lint_text
from planproof.claims.extract import extract_claims
from planproof.document import Document


def pp4(text: str, path: str = "README.md"):
    return codes(f for f in lint_text(text, path) if f.code.startswith("PP4"))


def kinds(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in extract_claims(Document.from_text(dedent(text), "README.md"))]


def test_an_item_label_before_failed_is_not_a_count_of_failures():
    assert pp4("**Score:** 10/11 truths verified (Truth 3 failed)") == []
    assert pp4("**Score:** 10/11 truths verified (item #3 failed)") == []
    # a count of failures that disagrees with the score still fires
    assert pp4("**Score:** 10/11 truths verified (3 failed)") == ["PP404"]
    assert pp4("**Score:** 10/11 truths verified (Truth 3 failed, 2 partial)") == ["PP404"]


def test_two_sizes_side_by_side_are_not_a_fraction_of_a_percentage():
    assert pp4("Coverage: 60% (1865 / 1127 stmts)") == []
    assert pp4("Tests: 1865 / 1127 stmts (60%)") == []
    # a part of a whole that disagrees with its percentage still fires
    assert pp4("Coverage: 70% (1127 / 1865 stmts)") == ["PP401"]
    # a ratio above one printed as such is still read
    assert pp4("Speed-up: 3/2 (120%)") == ["PP401"]


def test_a_sum_with_a_term_that_has_no_number_is_partial():
    assert pp4("Rack units: chassis + 7 + 2 + 3 PSU + 2 fans = ~16") == []
    assert ("arithmetic", "7 + 2 + 3 PSU + 2 fans = ~16") not in kinds(
        "Rack units: chassis + 7 + 2 + 3 PSU + 2 fans = ~16")
    # a complete sum that is wrong still fires
    assert pp4("Rack units: 7 + 2 + 3 PSU + 2 fans = 16") == ["PP407"]
    assert pp4("Total - 7 + 2 = 10") == ["PP407"]


def test_a_fraction_and_its_percentage_pair_across_words_in_any_language():
    assert ("fraction_percent", "73/93 通过 (78.4%)") in kinds("测试: 73/93 通过 (78.4%)")
    assert pp4("测试: 73/93 通过 (78.4%)") == []
    assert pp4("测试: 73/93 通过 (88.4%)") == ["PP401"]
    assert pp4("Tests: 88.4% bestanden (73/93 Tests)") == ["PP401"]


def test_a_breakdown_entry_that_counts_another_kind_of_thing_is_not_a_truth():
    text = "**Score:** 10/11 truths verified (1 failed, 1 partial documentation issue)"
    assert pp4(text) == []
    assert pp4("**Score:** 10/11 truths verified (1 failed and 1 partial)") == ["PP404"]
    assert pp4("**Score:** 10/11 truths verified (2 failed truths)") == ["PP404"]


REPORT = """\
---
status: passed
score: 10/10 must-haves verified
{extra}
---
# Phase 28 verification

**Status:** gaps_found
**Re-verification:** No — initial verification

| # | Truth | Status |
|---|-------|--------|
{rows}

**Score:** 9/10 truths verified (1 failed)
{tail}
"""
ROWS = "\n".join(f"| {i} | truth {i} | {'FAILED' if i == 7 else 'VERIFIED'} |" for i in range(1, 11))


def report(extra: str = "", tail: str = "") -> str:
    return REPORT.format(extra=extra, rows=ROWS, tail=tail)


def test_an_initial_report_body_superseded_by_a_recorded_re_verification_is_history():
    assert pp4(report(extra="re_verification: true"), "28-VERIFICATION.md") == []
    assert pp4(report(extra="gap_closure_commit: aedcd3b"), "28-VERIFICATION.md") == []
    closure = "\n## Gap Closure (2026-04-04)\n\nThe selector gap was fixed in aedcd3b.\n"
    assert pp4(report(tail=closure), "28-VERIFICATION.md") == []
    # without a recorded re-verification the frontmatter and body still contradict each other;
    # the frontmatter score is reported once, against the body's Score line (PP406), not again
    # against the table that line agrees with (PP404)
    assert sorted(pp4(report(), "28-VERIFICATION.md")) == ["PP406", "PP406"]
