"""The verdicts on one document's test-result claims against the run's JUnit results
(PP610-PP613): per test file when the claim names one, else against the whole run."""

from __future__ import annotations

from typing import Iterator

from planproof.evidence.junit import count
from planproof.findings import Violation
from planproof.rules.coverage_verdicts import Outcome, data_label, unreadable

COUNTED = ("unique (classname, name); worst outcome of duplicates; "
           "passed = tests - failed - errors - skipped")


def judge_tests(claims, document_date: str | None, junit,
                reported: set[str]) -> Iterator[Outcome]:
    """The verdicts on one document's test-result claims. `reported`: the JUnit files whose
    errors this run reported already (each is reported once, at the first claim)."""
    results = junit.results
    yield from unreadable("PP613", "JUnit results", junit.errors, claims[0].claim, reported)
    if results is None:
        return
    for item in claims:
        outcome = _verdict(item, document_date, results)
        if outcome is not None:
            yield outcome


def _verdict(item, document_date: str | None, results) -> Outcome | None:
    """None for a claim about a part of the run planproof cannot delimit."""
    claim = item.claim
    data = results.describe()
    base = {"claim": claim.text, "document_date": document_date, "data": data,
            "data_timestamp": data["timestamp"]}
    if item.subject:
        found = results.for_file(item.subject)
        if found.kind != "file":
            return _file_not_in_results(item, found, base)
        counts, where = count(found.cases), f"in {found.module}"
    else:
        counts, where = results.counts(), "in the test run"
        if not _whole_run(item, counts):
            return None  # a subset of the suite ("24/51 ORM tests"): cannot be delimited
    evidence = {**base, "measured": counts.as_dict(), "counted": COUNTED}
    if item.subject:
        evidence["file"] = found.module
    label = data_label(results.path, data["timestamp"], document_date)
    got = (f"{counts.passed} passed, {counts.failed} failed, {counts.errors} errors, "
           f"{counts.skipped} skipped of {counts.tests}")
    agrees, want = _agrees(item, counts)
    if agrees:
        return Outcome("PP610", Violation(
            f"test results '{claim.text}' {where} confirmed by {label}: {got}", claim.span, None,
            {**evidence, "verdict": "confirmed"}))
    return Outcome("PP611", Violation(
        f"test results '{claim.text}' {where} are refuted: the JUnit report has {got} ({label})",
        claim.span, "quote the current results, or this document describes an earlier run "
        "(compare the dates in the evidence)", {**evidence, "verdict": "refuted", "claimed": want}))


def _whole_run(item, counts) -> bool:
    """A claim without a file is about the whole run only when its total is the run's (with or
    without the skipped tests), or it says "all tests pass"."""
    if item.total is not None:
        return item.total in (counts.tests, counts.tests - counts.skipped)
    return item.all_pass


def _agrees(item, counts) -> tuple[bool, str]:
    """Whether the claim matches the counts, and what it claims."""
    if item.all_pass and item.total is None:
        return (counts.failed == 0 and counts.errors == 0 and counts.passed > 0,
                "all tests pass")
    totals = (counts.tests, counts.tests - counts.skipped)
    return (item.passed == counts.passed and item.total in totals,
            f"{item.passed}/{item.total} passing")


def _file_not_in_results(item, found, base: dict) -> Outcome:
    claim = item.claim
    if found.kind == "none":
        return Outcome("PP612", Violation(
            f"'{item.subject}' has no test cases in the JUnit results; the claim {claim.text} is "
            "not checked", claim.span, "check the file name, or that the test run included it",
            {**base, "file": item.subject}))
    return Outcome("PP612", Violation(
        f"'{item.subject}' matches test cases of {len(found.candidates)} files; the claim "
        f"{claim.text} is not checked", claim.span,
        "name the test file with its directories: " + ", ".join(found.candidates[:5]),
        {**base, "file": item.subject, "candidates": list(found.candidates)}))
