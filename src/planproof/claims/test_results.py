"""Test-result claims of a document, and which of them JUnit results can check (PP610-PP612).

- `extract_test_results(doc)`: the phrases the main extractor does not type: `22 tests, 15
  passing`, `15 of 22 tests pass`, `all tests pass` / `all 82 tests passing` (`X/Y passing`
  fractions come from `extract_claims`). Each is a `TestResultClaim` (a `Claim`) with `span`,
  `origin`, `key_path`/`block`, `clause` and `subject` (the nearest file name).
- `test_claims(doc)`: the checkable ones, as `TestClaim`s: about one named test file or the whole
  run. Subsets planproof cannot delimit ("24/51 ORM tests", "all 8 unit tests pass", `-k name`),
  several files at once, expectations ("all tests must pass", a PLAN, a plan's <verify> block,
  frontmatter `truths`) are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from planproof.claims.extract import extract_claims
from planproof.claims.frontmatter_claims import string_values
from planproof.claims.model import Claim
from planproof.claims.recovered_frontmatter import frontmatter_of
from planproof.claims.surroundings import FUTURE_WORD, segment, surroundings
from planproof.claims.text_patterns import INT
from planproof.evidence.testfiles import is_test_file
from planproof.findings import Span

_PASS = r"(?:pass(?:ing|ed|es)?)"
TESTS_THEN_PASSING = re.compile(
    rf"(?<![\w.,/])(?P<total>{INT})\s+(?:\w+\s+)?tests?\b[,;:]?\s+(?:\(\s*)?(?P<passed>{INT})\s+{_PASS}\b",
    re.I)
PASSED_OF_TOTAL = re.compile(
    rf"(?<![\w.,/])(?P<passed>{INT})\s+(?:out\s+)?of\s+(?P<total>{INT})\s+(?:\w+\s+)?tests?\s+"
    rf"(?:are\s+|now\s+)?{_PASS}\b", re.I)
ALL_PASS = re.compile(
    rf"\ball\s+(?:(?P<total>{INT})\s+)?(?:(?P<qualifier>\w+)\s+)?tests?\s+(?:are\s+|now\s+|still\s+)?"
    rf"{_PASS}\b", re.I)
# Expectations, not results: "all tests should pass", "make sure all tests pass".
MODAL_BEFORE = re.compile(r"\b(?:should|must|will|would|shall|until|ensure|make sure|verify"
                          r"|confirm|check|expect(?:ed)?|so that|once|when|if|need|goal|target|with|after"
                          r"|before|unless)\b"
                          r"[^.;:]*$", re.I)
PASSING_UNITS = frozenset({"passing", "passed", "pass", "tests", "test"})
RELATIVE_QUALIFIERS = frozenset({"other", "new", "existing", "remaining", "previous", "old",
                                 "additional", "more", "regression", "original"})
EXPECTATION_KEYS = re.compile(r"(?:^|\.)(?:expected|truths?|must_haves|success_criteria|done"
                              r"|verify|acceptance(?:_criteria)?|how_to_verify|test)\b")
EXPECTED_PREFIX = re.compile(r"^\W*(?:expected|expect|expectation|should|acceptance|criteria"
                             r"|done when|goal|target)\b", re.I)
SUBSET_SELECTOR = re.compile(r"::|\s-k\s|\s-m\s|--deselect|--lf\b|--last-failed")
FILE_NAME = re.compile(r"(?<![\w./-])(?:[\w.-]+/)*[\w.-]+\.(?:py|ts|tsx|js|jsx|go|rs|rb|java|kt)\b")


@dataclass(kw_only=True)
class TestResultClaim(Claim):
    """`passed` of `total` tests pass (`total` None for a bare "all tests pass")."""

    __test__ = False
    kind: ClassVar[str] = "test_result"
    passed: int | None
    total: int | None
    all_pass: bool = False
    qualifier: str | None = None  # "all unit tests pass": a subset of the suite


def _int(text: str | None) -> int | None:
    return int(text.replace(",", "")) if text else None


def _scan(text: str):
    taken: list[tuple[int, int]] = []
    for pattern, all_pass in ((TESTS_THEN_PASSING, False), (PASSED_OF_TOTAL, False),
                              (ALL_PASS, True)):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if MODAL_BEFORE.search(text[max(0, match.start() - 60):match.start()]):
                continue
            taken.append((match.start(), match.end()))
            groups = match.groupdict()
            total = _int(groups.get("total"))
            passed = total if all_pass else _int(groups.get("passed"))
            yield match, passed, total, all_pass, groups.get("qualifier")


def _subject(text: str, start: int) -> str | None:
    before = [m.group(0) for m in FILE_NAME.finditer(text[:start])]
    if before:
        return before[-1]
    after = FILE_NAME.search(text, start)
    return after.group(0) if after else None


def _raw(doc, block) -> str:
    """The block's source lines, inline code included (block text blanks it out)."""
    return "\n".join(doc.lines[block.line - 1:block.end_line]).strip()


def _block_subject(doc, block, match) -> str | None:
    """File names are often written as inline code: look in the block's source lines."""
    raw = _raw(doc, block)
    at = raw.find(match.group(0))
    return _subject(raw, at if at >= 0 else len(raw))


def extract_test_results(doc) -> list[TestResultClaim]:
    """Test-result claims from the body's prose blocks and from frontmatter string values."""
    claims: list[TestResultClaim] = []
    for block in doc.body.prose():
        for match, passed, total, all_pass, qualifier in _scan(block.text):
            line, column = block.position(match.start())
            end_line, end_column = block.position(match.end())
            claims.append(TestResultClaim(
                text=" ".join(match.group(0).split()), span=Span(line, column, end_line, end_column),
                origin=block.kind, block=block, clause=_raw(doc, block),
                subject=_block_subject(doc, block, match), unit="tests",
                keywords=("tests", "passing"), passed=passed, total=total, all_pass=all_pass,
                qualifier=qualifier))
    frontmatter = frontmatter_of(doc).frontmatter  # recovered around YAML errors
    data = frontmatter.data
    if isinstance(data, dict):
        for key_path, value, owner in string_values(data):
            for match, passed, total, all_pass, qualifier in _scan(value):
                subject = _subject(value, match.start())
                if subject is None and isinstance(owner, dict) and isinstance(owner.get("path"), str):
                    subject = owner["path"]
                claims.append(TestResultClaim(
                    text=match.group(0), span=frontmatter.span(key_path), origin="frontmatter",
                    key_path=key_path, clause=value, subject=subject, unit="tests",
                    keywords=("tests", "passing"), passed=passed, total=total, all_pass=all_pass,
                    qualifier=qualifier))
    claims.sort(key=lambda c: (c.span.line, c.span.column))
    return claims


# --- which test-result claims JUnit results can check --------------------------------------------

@dataclass
class TestClaim:
    """A claim about a test run: `passed` of `total` (or all) tests of `subject` (a test file;
    None for the whole run) pass."""

    __test__ = False

    claim: Claim
    passed: int | None
    total: int | None
    all_pass: bool = False
    subject: str | None = None


def test_claims(doc) -> list[TestClaim]:
    """The document's checkable test-result claims (none in a PLAN: it states expectations)."""
    if surroundings(doc).kind == "PLAN":
        return []
    return doc.memo.get("claims.test_results", lambda: _fractions(doc) + _phrases(doc))


def _fractions(doc) -> list[TestClaim]:
    """`X/Y passing` fractions of the main extractor that speak of tests."""
    found = []
    for claim in extract_claims(doc):
        if claim.kind not in ("fraction", "fraction_percent") or not _fraction_of_tests(claim):
            continue
        if claim.origin != "frontmatter" and surroundings(doc).in_element(claim.span.line):
            continue
        if claim.role == "target" or FUTURE_WORD.search(segment(claim).replace(claim.text, " ")):
            continue
        if claim.numerator.decimals or claim.denominator.decimals:
            continue
        subject = _test_subject(claim)
        if subject is False or (subject is None and _qualified(claim)):
            continue  # "16/16 batch tests pass": a subset of the run
        found.append(TestClaim(claim, int(claim.numerator.value), int(claim.denominator.value),
                               False, subject))
    return found


def _fraction_of_tests(claim) -> bool:
    """`12/12 tests passing`, not a frontmatter expectation nor "should pass"."""
    if (claim.unit or "") not in PASSING_UNITS or _expectation_key(claim):
        return False
    clause = claim.clause or ""
    if not (re.search(r"\bpass(?:ing|ed|es)?\b", segment(claim), re.I)
            and re.search(r"\btests?\b", clause, re.I)):
        return False
    before = clause[:max(0, clause.find(claim.text))]
    return not MODAL_BEFORE.search(before[-60:])


def _qualified(claim) -> bool:
    """A word naming a kind of tests right after the fraction ("16/16 batch tests")."""
    clause = claim.clause or ""
    at = clause.find(claim.text)
    fraction = re.search(r"\d\s?/\s?[\d,]+", clause[at:]) if at >= 0 else None
    after = clause[at + fraction.end():] if fraction else ""
    qualified = re.match(r"\s*(?:\(\s*)?([A-Za-z][\w-]*)\s+tests?\b", after)
    return bool(qualified) and qualified.group(1).lower() not in ("the", "of")


def _phrases(doc) -> list[TestClaim]:
    """The phrases of `extract_test_results` that speak of one test file or the whole run."""
    found = []
    for claim in extract_test_results(doc):
        if claim.origin != "frontmatter" and surroundings(doc).in_element(claim.span.line):
            continue
        if _expectation_key(claim):
            continue
        qualifier = (claim.qualifier or "").lower()
        if qualifier in RELATIVE_QUALIFIERS:
            continue  # "all 226 other tests pass": relative to something we cannot see
        subject = _test_subject(claim)
        if subject is False or (qualifier and subject is None):
            continue  # "all 8 unit tests pass": a subset of the run we cannot delimit
        found.append(TestClaim(claim, claim.passed, claim.total, claim.all_pass, subject))
    return found


def _expectation_key(claim) -> bool:
    """Frontmatter strings under `expected`, `truths`, `must_haves`... state what should be."""
    return claim.origin == "frontmatter" and bool(EXPECTATION_KEYS.search(claim.key_path or ""))


def _test_subject(claim):
    """The test file a test-result claim is about; None for the whole run; False when it cannot
    be checked: the clause names several test files (a combined figure), selects part of a file
    (`file.py::TestClass`, `-k name`), speaks of new/other tests, or states an expectation."""
    clause = claim.clause or ""
    if EXPECTED_PREFIX.search(clause) or SUBSET_SELECTOR.search(clause):
        return False
    if any(word.lower() in RELATIVE_QUALIFIERS for word in re.findall(r"[A-Za-z]+", segment(claim))):
        return False
    named = {m.group(0) for m in FILE_NAME.finditer(clause) if is_test_file(m.group(0))}
    if len(named) > 1:
        return False
    return claim.subject if is_test_file(claim.subject) else None
