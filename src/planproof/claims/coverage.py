"""Coverage claims of a document that coverage data can check (the PP60x rules judge them).

Precision over recall: a claim that is not clearly one of these is left alone.
- per-file coverage: a percentage whose subject is a source file (or a directory ending in `/`)
  in a coverage context (the word coverage/covered in the clause, the frontmatter key or value,
  the table column header, or the nearest heading). Test files and data files are not subjects.
- overall coverage: a percentage in a coverage context with `overall`, `total`, `baseline`,
  `codebase`... next to it (same comma-separated segment) and no file subject.
- `Current: 12.6% (169/1163 lines)`: the percentage, and the counts exactly against
  covered_lines / num_statements.
- before -> after: the after value, unless the clause speaks of the future (need, target, goal,
  impact, ...).
- targets (`reaches 50%`, `target 85%`): only where the document asserts the target was met
  (✅, achieved, exceeds, passed, a gap or truth with a passed status) -> met or unmet.
- each row of a `coverage report` pasted in a fenced block.
Claims inside XML-like blocks of plans (<tasks>, <verify>, <success_criteria>...) are
expectations, not results, and are not checked.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from planproof.claims.coverage_rows import clean_subject, is_total_row, report_rows, row_counts
from planproof.claims.extract import extract_claims
from planproof.claims.model import Num, PercentClaim
from planproof.claims.numbers import parse_number
from planproof.claims.surroundings import FUTURE_WORD, Surroundings, segment, surroundings
from planproof.evidence.testfiles import is_test_file
from planproof.findings import Span
from planproof.planning.ids import REQUIREMENT_ID_TEXT

SOURCE_EXT = frozenset(
    "py pyx pyi js jsx mjs cjs ts tsx go rs rb java kt kts scala c cc cpp cxx h hpp cs php swift m "
    "mm ex exs erl dart lua sh vue svelte".split())
TOTAL_WORD = re.compile(r"\b(?:overall|total|baseline|project[- ]wide|codebase|whole|entire"
                        r"|global)\b", re.I)
SAYS_LINE_COVERAGE = re.compile(r"\b(?:line|statement)s?[ -]coverage\b|\bcoverage\s*\((?:line|statement)s?\)",
                          re.I)
SAYS_BRANCH_COVERAGE = re.compile(r"\bbranch(?:es)?[ -]coverage\b", re.I)
MEASURED_WORD = re.compile(r"\b(?:measured|achieved|improved|increased|raised|rose|grew|went|now"
                           r"|result(?:s|ed)?|actual(?:ly)?|reached|is at|was)\b", re.I)
MEASURED_KINDS = frozenset({"SUMMARY", "VERIFICATION", "UAT", "VALIDATION", "REVIEW"})
# A requirement line ("- **COV-01**: models.py 50% coverage") states a target, not a measurement.
STARTS_WITH_REQUIREMENT = re.compile(rf"^\W*{REQUIREMENT_ID_TEXT}\b")  # `AUTH-01: 85% covered`
LINE_UNITS = frozenset({"lines", "line", "statements", "statement", "stmts", "loc"})


@dataclass
class CoverageClaim:
    claim: Any  # the extracted Claim
    value: Any  # Num: the claimed percentage
    scope: str  # "file" | "total"
    subject: str | None
    role: str  # "measured" | "after" | "baseline" | "target"
    counts: tuple[int, int] | None = None  # (covered, statements) as written
    formula: str | None = None  # "line" | "branch" when the document names one
    target_met: bool = False


def coverage_claims(doc) -> list[CoverageClaim]:
    """The document's checkable coverage claims, in document order (report rows last)."""
    return doc.memo.get("claims.coverage", lambda: _find(doc, surroundings(doc)))


def is_source_file(name: str | None) -> bool:
    if not name:
        return False
    if name.endswith("/"):
        return True
    ext = name.rsplit(".", 1)[-1].lower() if "." in os.path.basename(name) else ""
    return ext in SOURCE_EXT and not is_test_file(name)


def _find(doc, around: Surroundings) -> list[CoverageClaim]:
    found = []
    for claim in extract_claims(doc):
        if claim.origin != "frontmatter" and around.in_element(claim.span.line):
            continue
        figure = _figure(claim)
        if figure is None or not around.coverage_context(claim) or not around.measured_cell(claim):
            continue
        value, role, counts = figure
        if role == "measured" and claim.role is None and STARTS_WITH_REQUIREMENT.match(claim.clause or ""):
            role = "target"
        scoped = _scope(doc, claim)
        if scoped is None or not _stated_as(around, claim, role, scoped[1]):
            continue
        scope, subject = scoped
        row = row_counts(doc, claim) if claim.kind == "percent" else None  # a pasted report's Stmts/Miss
        formula = _formula(segment(claim)) or _formula(claim.clause or "")
        found.append(CoverageClaim(claim, value, scope, subject, role, row or _counts(counts),
                                   formula, role == "target"))
    return found + _report_claims(doc)


def _figure(claim) -> tuple[Any, str, Any] | None:
    """(percentage, role, written counts) of a claim that states a coverage-like figure."""
    role = {"baseline": "baseline", "target": "target"}.get(claim.role or "", "measured")
    counts = None
    if claim.kind == "percent":
        value = claim.value
    elif claim.kind == "fraction_percent":
        if (claim.unit or "") not in LINE_UNITS:
            return None
        value, counts = claim.percent, (claim.numerator, claim.denominator)
    elif claim.kind == "change":
        value, role = claim.after, "after"
    else:
        return None  # table rows: their cells are percent claims of their own
    if not _is_percent(value) or claim.role == "threshold":
        return None
    return value, role, counts


def _scope(doc, claim) -> tuple[str, str | None] | None:
    """("file", subject) or ("total", None); None when the figure is about neither."""
    subject = clean_subject(claim.subject)
    part = segment(claim)
    if is_source_file(subject):
        return "file", subject
    if subject and (is_test_file(subject) or "." in os.path.basename(subject)):
        # a test file's or a data file's "coverage" is not the file's own figure
        return ("total", None) if TOTAL_WORD.search(part) else None
    if TOTAL_WORD.search(part) or (claim.kind == "change" and TOTAL_WORD.search(claim.clause)) \
            or is_total_row(doc, claim):
        return "total", None
    return None


def _stated_as(around: Surroundings, claim, role: str, subject: str | None) -> bool:
    """Whether the document states the figure as reached (a measurement, or a target it says
    was met), not as where it wants to go."""
    if role == "target":
        return around.target_asserted_met(claim) and _subject_before(claim, subject)
    if role == "after":
        if FUTURE_WORD.search(claim.clause or ""):
            return False
        # a plan's "x.py (45% → 95%)" is where it wants to go
        return around.kind in MEASURED_KINDS or bool(MEASURED_WORD.search(
            f"{claim.clause} {around.parent_text(claim.block) if claim.block else ''}"))
    return role == "baseline" or not FUTURE_WORD.search(segment(claim).replace(claim.text, " "))


def _report_claims(doc) -> list[CoverageClaim]:
    """Each row of a `coverage report` pasted in a fenced block is a measured claim: its Cover
    percentage and its Stmts/Miss counts, TOTAL for the total."""
    out = []
    for line, column, name, cover, counts in report_rows(doc):
        value = parse_number(cover.rstrip("%"), percent=True)
        span = Span(line, column, line, column + len(cover))
        claim = PercentClaim(text=cover, span=span, origin="code", clause=doc.lines[line - 1],
                             subject=name, keywords=("coverage",), value=value)
        total = name.upper() == "TOTAL"
        out.append(CoverageClaim(claim, value, "total" if total else "file",
                                 None if total else name, "measured", counts))
    return out


def _subject_before(claim, subject: str | None) -> bool:
    """A target belongs to the file written before it ("x.py reaches 50%"), not to one named
    after it ("2/6 files achieved 50% (models.py 97%, ...)")."""
    if subject is None:
        return True
    clause = claim.clause or ""
    at_subject, at_claim = clause.find(subject), clause.find(claim.text)
    return at_subject < 0 or at_claim < 0 or at_subject < at_claim


def _formula(text: str) -> str | None:
    if SAYS_BRANCH_COVERAGE.search(text):
        return "branch"
    if SAYS_LINE_COVERAGE.search(text):
        return "line"
    return None


def _is_percent(value) -> bool:
    return (isinstance(value, Num) and value.percent
            and not value.at_least and not value.sign and 0 <= value.value <= 100)


def _counts(counts) -> tuple[int, int] | None:
    if counts is None:
        return None
    numerator, denominator = counts
    if numerator.decimals or denominator.decimals or numerator.approximate:
        return None
    return int(numerator.value), int(denominator.value)
