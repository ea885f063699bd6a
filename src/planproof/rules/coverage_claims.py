"""Coverage and test-result claims checked against real data (used by rules/coverage.py).

Which claims are checked (precision over recall: a claim that is not clearly one of these is
left alone):
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
- test results against JUnit: `X/Y passing`, `N tests, M passing`, `all tests pass`, per test
  file when one is named, else against the whole suite only when the claim's total is the
  suite's total (or it says "all tests pass" without a qualifier): "24/51 ORM tests passing" is
  about a subset and is left alone.
Claims inside XML-like blocks of plans (<tasks>, <verify>, <success_criteria>...) and claims in
PLAN documents' test results are expectations, not results, and are not checked.
"""

from __future__ import annotations

import os
import re
import weakref
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from planproof.claims.test_results import MODAL_BEFORE
from planproof.rules.coverage_rows import clean_subject, is_total_row, report_rows, row_counts
from planproof.evidence.testfiles import is_test_file
from planproof.findings import Severity, Span, Violation
from planproof.verify_cache import coverage_relevant

SOURCE_EXT = frozenset(
    "py pyx pyi js jsx mjs cjs ts tsx go rs rb java kt kts scala c cc cpp cxx h hpp cs php swift m "
    "mm ex exs erl dart lua sh vue svelte".split())
COVER_WORD = re.compile(r"cover", re.I)
TOTAL_WORD = re.compile(r"\b(?:overall|total|baseline|project[- ]wide|codebase|whole|entire"
                        r"|global)\b", re.I)
FUTURE_WORD = re.compile(
    r"\b(?:need(?:s|ed)?|target(?:s|ed)?|goals?|aim(?:s|ing)?|plan(?:s|ned)?|expect(?:s|ed)?"
    r"|projected|estimated?|should|will|would|could|impact|reach(?:es)?|want|desired|required"
    r"|threshold|minimum|at least|gate|to)\b", re.I)
LINE_FORMULA = re.compile(r"\b(?:line|statement)s?[ -]coverage\b|\bcoverage\s*\((?:line|statement)s?\)",
                          re.I)
BRANCH_FORMULA = re.compile(r"\bbranch(?:es)?[ -]coverage\b", re.I)
MET = re.compile(r"✅|✓|✔|☑|\b(?:achieved|exceed(?:s|ed|ing)?|met|reached|passed|pass|verified"
                 r"|done|satisfied|surpass(?:es|ed)?)\b", re.I)
UNMET = re.compile(r"❌|✗|✘|⚠|\b(?:not|unmet|below|missed|fail(?:s|ed|ing|ure)?|partial(?:ly)?"
                   r"|pending|gaps?_found|short|behind|todo|remaining|blocked)\b", re.I)
MET_STATUS = frozenset({"passed", "pass", "met", "achieved", "verified", "done", "complete",
                        "completed", "resolved", "closed", "fixed"})
DATE_KEYS = ("completed", "verified", "updated", "last_updated", "date", "created")
DATE_LINE = re.compile(r"^\s*(?:[-*]\s*)?\*\*(?:date|completed|verified|updated|last updated"
                       r"|created)\s*:?\*\*\s*:?\s*(?P<date>.+?)\s*$", re.I)
MEASURED_WORD = re.compile(r"\b(?:measured|achieved|improved|increased|raised|rose|grew|went|now"
                           r"|result(?:s|ed)?|actual(?:ly)?|reached|is at|was)\b", re.I)
MEASURED_KINDS = frozenset({"SUMMARY", "VERIFICATION", "UAT", "VALIDATION", "REVIEW"})
CELL_MEASURED_HEADER = re.compile(r"cover|current|actual|measured|\bnow\b|today|%", re.I)
CELL_FUTURE_HEADER = re.compile(r"target|goal|week|sprint|after|expected|projected|plan|desired"
                                r"|required|gap|delta|change|diff|need|min", re.I)
REQUIREMENT_ID = re.compile(r"^\W*[A-Z][A-Z0-9]*-\d+[a-z]?\b")
PASSING_UNITS = frozenset({"passing", "passed", "pass", "tests", "test"})
LINE_UNITS = frozenset({"lines", "line", "statements", "statement", "stmts", "loc"})
SEGMENT_BREAK = re.compile(r"[,;]")


# --- what the document says ----------------------------------------------------------------

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


@dataclass
class TestClaim:
    __test__ = False

    claim: Any
    passed: int | None
    total: int | None
    all_pass: bool = False
    subject: str | None = None  # a test file


def is_source_file(name: str | None) -> bool:
    if not name:
        return False
    if name.endswith("/"):
        return True
    ext = name.rsplit(".", 1)[-1].lower() if "." in os.path.basename(name) else ""
    return ext in SOURCE_EXT and not is_test_file(name)


def _segment(claim) -> str:
    """The comma/semicolon-separated piece of the clause the claim sits in."""
    clause = claim.clause or claim.text
    at = clause.find(claim.text)
    if at < 0:
        return clause
    left = SEGMENT_BREAK.split(clause[:at])[-1]
    right = SEGMENT_BREAK.split(clause[at + len(claim.text):])[0]
    return left + claim.text + right


def _heading_above(doc, line: int) -> str:
    text = ""
    for block in doc.body.headings:
        if block.line > line:
            break
        text = block.text
    return text


def _fm_walk(data: Any, key_path: str) -> Any:
    """The frontmatter value at `key_path` (`gaps[1].reason`), or None."""
    value: Any = data
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", key_path):
        if part.startswith("["):
            index = int(part[1:-1])
            value = value[index] if isinstance(value, list) and index < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            return None
    return value


def _fm_string(data: Any, key_path: str | None) -> str:
    """The full frontmatter string at `key_path` (the claim's clause is only part of it)."""
    value = _fm_walk(data, key_path) if key_path else None
    return value if isinstance(value, str) else ""


def _fm_sibling(data: Any, key_path: str | None, key: str) -> Any:
    """`status` next to `gaps[0].truth`: the value of `key` in the mapping holding key_path."""
    if not key_path or "." not in key_path:
        return None
    value = _fm_walk(data, key_path.rsplit(".", 1)[0])
    return value.get(key) if isinstance(value, dict) else None


class DocContext:
    """What the checks need to know about one document, computed once."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.kind = (doc.kind or "").upper()
        self.data = _frontmatter_data(doc)
        self.element_ranges = [(e.line, e.end_line or e.line) for e in doc.elements.children
                               if e.name not in ("details", "summary")]

    def in_element(self, line: int) -> bool:
        return any(start <= line <= end for start, end in self.element_ranges)

    def coverage_context(self, claim) -> bool:
        if "coverage" in claim.keywords or "covered" in claim.keywords:
            return True
        if COVER_WORD.search(claim.clause or "") or COVER_WORD.search(claim.key_path or ""):
            return True
        if claim.origin == "frontmatter":
            return bool(COVER_WORD.search(_fm_string(self.data, claim.key_path)))
        block = claim.block
        if block is not None:
            if COVER_WORD.search(block.text):
                return True
            if block.table is not None and block.column is not None:
                tables = self.doc.body.tables
                if block.table < len(tables):
                    header = tables[block.table].header
                    if block.column < len(header) and COVER_WORD.search(header[block.column]):
                        return True
            if COVER_WORD.search(self.parent_text(block)):
                return True
            return bool(COVER_WORD.search(_heading_above(self.doc, claim.span.line)))
        return False

    def measured_cell(self, claim) -> bool:
        """A table cell counts only under a current/measured/coverage column header."""
        block = claim.block
        if block is None or block.table is None or block.column is None:
            return True
        if len(re.findall(r"[A-Za-z]{2,}", block.text.replace(claim.text, " "))) >= 2:
            return True  # a cell of prose ("Measured coverage: 15.70% overall") speaks for itself
        tables = self.doc.body.tables
        if block.table >= len(tables) or block.column >= len(tables[block.table].header):
            return False
        header = tables[block.table].header[block.column]
        return bool(CELL_MEASURED_HEADER.search(header)) and not CELL_FUTURE_HEADER.search(header)

    def parent_text(self, block) -> str:
        """The list item a nested item hangs from (`- COV-02: x.py reaches 50% coverage` above
        `  - Current: 12.6% (169/1163 lines)`)."""
        if block.kind != "list_item" or block.level < 2:
            return ""
        lines = self.doc.lines
        start = block.line - 1
        if start >= len(lines):
            return ""
        indent = len(lines[start]) - len(lines[start].lstrip())
        for index in range(start - 1, max(-1, start - 40), -1):
            line = lines[index]
            if not line.strip():
                continue
            if len(line) - len(line.lstrip()) < indent:
                return line
        return ""

    def context_text(self, claim) -> str:
        """The claim's own text unit plus what hangs below it (nested list lines, the rest of
        its table row, a frontmatter mapping's status): where "✅ achieved" would be written."""
        if claim.origin == "frontmatter":
            status = _fm_sibling(self.data, claim.key_path, "status")
            return f"{_fm_string(self.data, claim.key_path)} status: {status or ''}"
        block = claim.block
        if block is None:
            return claim.clause or ""
        lines = self.doc.lines
        if block.table is not None and block.row is not None:
            tables = self.doc.body.tables
            if block.table < len(tables) and block.row < len(tables[block.table].rows):
                return " | ".join(cell.text for cell in tables[block.table].rows[block.row])
            return block.text
        start = block.line - 1
        if start >= len(lines):
            return block.text
        indent = len(lines[start]) - len(lines[start].lstrip())
        parts = [block.text]
        for line in lines[block.end_line:block.end_line + 12]:
            if not line.strip():
                break
            if len(line) - len(line.lstrip()) <= indent:
                break
            parts.append(line.strip())
        return "\n".join(parts)

    def target_asserted_met(self, claim) -> bool:
        if claim.origin == "frontmatter":
            status = _fm_sibling(self.data, claim.key_path, "status")
            if isinstance(status, str):
                return status.strip().lower() in MET_STATUS
        text = self.context_text(claim)
        return bool(MET.search(text)) and not UNMET.search(text)

    @property
    def date(self) -> str | None:
        return document_date(self.doc, self.data)


def _frontmatter_data(doc):
    try:
        from planproof.claims.recovered_frontmatter import frontmatter_of
    except ImportError:
        return doc.frontmatter.data
    return frontmatter_of(doc).data


def document_date(doc, data=None) -> str | None:
    """The document's own date: frontmatter completed/verified/updated/..., else a
    `**Date:**`-style line near the top."""
    data = data if data is not None else doc.frontmatter.data
    if isinstance(data, dict):
        for key in DATE_KEYS:
            value = data.get(key)
            if value not in (None, ""):
                return str(value)
    body_start = getattr(doc, "body_start_line", 1)
    for line in doc.lines[max(0, body_start - 1):body_start + 60]:
        found = DATE_LINE.match(line)
        if found:
            return found.group("date").strip()
    return None


def _formula(text: str) -> str | None:
    if BRANCH_FORMULA.search(text):
        return "branch"
    if LINE_FORMULA.search(text):
        return "line"
    return None


def coverage_claims(doc, ctx: DocContext | None = None) -> list[CoverageClaim]:
    from planproof.claims import extract_claims

    ctx = ctx or DocContext(doc)
    found: list[CoverageClaim] = []
    for claim in extract_claims(doc):
        if claim.origin != "frontmatter" and ctx.in_element(claim.span.line):
            continue
        kind = claim.kind
        subject = _clean_subject(claim.subject)
        counts = None
        role = {"baseline": "baseline", "target": "target"}.get(claim.role or "", "measured")
        if kind == "percent":
            value = claim.value
        elif kind == "fraction_percent":
            if (claim.unit or "") not in LINE_UNITS:
                continue
            value = claim.percent
            counts = (claim.numerator, claim.denominator)
        elif kind == "change":
            value, role = claim.after, "after"
        else:
            continue  # table rows: their cells are percent claims of their own
        if not _is_percent(value) or claim.role == "threshold":
            continue
        if not ctx.coverage_context(claim) or not ctx.measured_cell(claim):
            continue
        segment = _segment(claim)
        row = row_counts(doc, claim) if kind == "percent" else None  # Stmts/Miss of a report
        if role == "measured" and claim.role is None and REQUIREMENT_ID.match(claim.clause or ""):
            role = "target"  # "- **COV-01**: models.py 50% coverage": a requirement
        if is_source_file(subject):
            scope = "file"
        elif subject and (is_test_file(subject) or "." in os.path.basename(subject)):
            if not TOTAL_WORD.search(segment):
                continue  # a test file's or a data file's "coverage": not the file's own figure
            scope, subject = "total", None
        elif TOTAL_WORD.search(segment) or (kind == "change" and TOTAL_WORD.search(claim.clause)) \
                or is_total_row(doc, claim):
            scope, subject = "total", None
        else:
            continue
        if role == "target":
            if not ctx.target_asserted_met(claim) or not _subject_before(claim, subject):
                continue
        elif role == "after":
            if FUTURE_WORD.search(claim.clause or ""):
                continue
            if ctx.kind not in MEASURED_KINDS and not MEASURED_WORD.search(
                    f"{claim.clause} {ctx.parent_text(claim.block) if claim.block else ''}"):
                continue  # a plan's "x.py (45% → 95%)" is where it wants to go
        elif FUTURE_WORD.search(segment.replace(claim.text, " ")) and role != "baseline":
            continue
        formula = _formula(segment) or _formula(claim.clause or "")
        found.append(CoverageClaim(claim, value, scope, subject, role,
                                   row or _counts(counts), formula, role == "target"))
    return found + _report_claims(doc)


def _report_claims(doc) -> list[CoverageClaim]:
    """Each row of a `coverage report` pasted in a fenced block is a measured claim: its Cover
    percentage and its Stmts/Miss counts, TOTAL for the total."""
    from planproof.claims.model import PercentClaim
    from planproof.claims.numbers import parse_number

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


def _clean_subject(subject: str | None) -> str | None:
    return clean_subject(subject)


def _is_percent(value) -> bool:
    return (value is not None and hasattr(value, "decimals") and getattr(value, "percent", False)
            and not value.at_least and not value.sign and 0 <= value.value <= 100)


def _counts(counts) -> tuple[int, int] | None:
    if counts is None:
        return None
    numerator, denominator = counts
    if numerator.decimals or denominator.decimals or numerator.approximate:
        return None
    return int(numerator.value), int(denominator.value)


def test_claims(doc, ctx: DocContext | None = None) -> list[TestClaim]:
    from planproof.claims import extract_claims
    from planproof.claims.test_results import extract_test_results

    ctx = ctx or DocContext(doc)
    if ctx.kind == "PLAN":
        return []
    found: list[TestClaim] = []
    for claim in extract_claims(doc):
        if claim.kind not in ("fraction", "fraction_percent"):
            continue
        if (claim.unit or "") not in PASSING_UNITS or _expectation_key(claim):
            continue
        segment = _segment(claim)
        clause = claim.clause or ""
        if not (re.search(r"\bpass(?:ing|ed|es)?\b", segment, re.I)
                and re.search(r"\btests?\b", clause, re.I)):
            continue
        before = clause[:max(0, clause.find(claim.text))]
        if MODAL_BEFORE.search(before[-60:]):
            continue
        if claim.origin != "frontmatter" and ctx.in_element(claim.span.line):
            continue
        if claim.role == "target" or FUTURE_WORD.search(_segment(claim).replace(claim.text, " ")):
            continue
        if claim.numerator.decimals or claim.denominator.decimals:
            continue
        subject = _test_subject(claim)
        if subject is False:
            continue
        at = clause.find(claim.text)
        fraction = re.search(r"\d\s?/\s?[\d,]+", clause[at:]) if at >= 0 else None
        after = clause[at + fraction.end():] if fraction else ""
        qualified = re.match(r"\s*(?:\(\s*)?([A-Za-z][\w-]*)\s+tests?\b", after)
        if subject is None and qualified and qualified.group(1).lower() not in ("the", "of"):
            continue  # "16/16 batch tests pass": a subset of the run
        found.append(TestClaim(claim, int(claim.numerator.value), int(claim.denominator.value),
                               False, subject))
    for claim in extract_test_results(doc):
        if claim.origin != "frontmatter" and ctx.in_element(claim.span.line):
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


RELATIVE_QUALIFIERS = frozenset({"other", "new", "existing", "remaining", "previous", "old",
                                 "additional", "more", "regression", "original"})
EXPECTATION_KEYS = re.compile(r"(?:^|\.)(?:expected|truths?|must_haves|success_criteria|done"
                              r"|verify|acceptance(?:_criteria)?|how_to_verify|test)\b")
TEST_FILE_NAME = re.compile(r"(?<![\w./-])(?:[\w.-]+/)*[\w.-]+\.(?:py|ts|tsx|js|jsx|go|rs|rb|java|kt)\b")


def _expectation_key(claim) -> bool:
    """Frontmatter strings under `expected`, `truths`, `must_haves`... state what should be."""
    return claim.origin == "frontmatter" and bool(EXPECTATION_KEYS.search(claim.key_path or ""))


EXPECTED_PREFIX = re.compile(r"^\W*(?:expected|expect|expectation|should|acceptance|criteria"
                             r"|done when|goal|target)\b", re.I)
SUBSET_SELECTOR = re.compile(r"::|\s-k\s|\s-m\s|--deselect|--lf\b|--last-failed")


def _test_subject(claim):
    """The test file a test-result claim is about; None for the whole run; False when it cannot
    be checked: the clause names several test files (a combined figure), selects part of a file
    (`file.py::TestClass`, `-k name`), speaks of new/other tests, or states an expectation."""
    clause = claim.clause or ""
    if EXPECTED_PREFIX.search(clause) or SUBSET_SELECTOR.search(clause):
        return False
    if any(word.lower() in RELATIVE_QUALIFIERS for word in re.findall(r"[A-Za-z]+", _segment(claim))):
        return False
    named = {m.group(0) for m in TEST_FILE_NAME.finditer(clause) if is_test_file(m.group(0))}
    if len(named) > 1:
        return False
    return claim.subject if is_test_file(claim.subject) else None


# --- what the data says ----------------------------------------------------------------------

@dataclass
class Outcome:
    """One verdict: the rule code it belongs to and the violation to report."""

    code: str
    violation: Violation


@dataclass
class RunEvidence:
    coverage: Any  # CoverageEvidence or None
    junit: list = field(default_factory=list)  # JUnitResults
    junit_errors: list = field(default_factory=list)
    reported_errors: set = field(default_factory=set)


_RUNS: "weakref.WeakKeyDictionary[Any, RunEvidence]" = weakref.WeakKeyDictionary()
_OUTCOMES: "weakref.WeakKeyDictionary[Any, list]" = weakref.WeakKeyDictionary()


def run_evidence(ctx, docs) -> RunEvidence:
    """The coverage and JUnit data of this run, opened once (held by the run's evidence)."""
    holder = ctx.evidence
    try:
        cached = _RUNS.get(holder)
    except TypeError:
        cached = None
    if cached is not None:
        return cached
    from planproof.evidence.coverage import CoverageEvidence

    root = ctx.root or ctx.settings.root
    if root is None and docs and hasattr(holder, "root_for"):
        try:
            root = holder.root_for(docs[0])
        except Exception:
            root = None
    coverage = CoverageEvidence.from_settings(ctx.settings, root or os.getcwd())
    run = RunEvidence(coverage)
    if ctx.settings.junit:
        from planproof.evidence.junit import JUnitReadError, read_junit
    for path in ctx.settings.junit:
        try:
            run.junit.append(read_junit(path))
        except JUnitReadError as exc:
            run.junit_errors.append(exc)
    try:
        _RUNS[holder] = run
    except TypeError:
        pass
    return run


def outcomes(docs, ctx) -> list[tuple[Any, Outcome]]:
    """Every coverage and test-result verdict of the run, computed once and shared by the
    PP6xx rules (each yields its own code)."""
    key = ctx.evidence
    try:
        cached = _OUTCOMES.get(key)
    except TypeError:
        cached = None
    if cached is not None:
        return cached
    run = run_evidence(ctx, docs)
    result: list[tuple[Any, Outcome]] = []
    for doc in docs:
        if not coverage_relevant(doc, ctx.settings):  # known from the worker that read it: no body to parse
            continue
        doc_ctx = DocContext(doc)
        claims = coverage_claims(doc, doc_ctx)
        if claims:
            result.extend((doc, o) for o in _check_coverage(doc_ctx, claims, run))
        tests = test_claims(doc, doc_ctx) if (run.junit or run.junit_errors) else []
        if tests:
            result.extend((doc, o) for o in _check_tests(doc_ctx, tests, run))
    try:
        _OUTCOMES[key] = result
    except TypeError:
        pass
    return result


def _claimed_text(value) -> str:
    return f"{abs(value.value):.{value.decimals}f}"


def _half_up(pct: float, precision: int) -> str:
    return str(Decimal(repr(pct)).quantize(Decimal(1).scaleb(-precision), ROUND_HALF_UP))


def _where(scope: str, subject: str | None, shown: str | None = None) -> str:
    return f"for {shown or subject}" if scope == "file" else "overall"


def _check_coverage(doc_ctx: DocContext, claims: list[CoverageClaim], run: RunEvidence):
    from planproof.evidence.coverage import (BRANCH_FORMULA, FORMULA, LINE_FORMULA,
                                             display_percent)

    evidence = run.coverage
    doc_date = doc_ctx.date
    if not evidence.available:
        first = claims[0].claim
        yield Outcome("PP609", Violation(
            f"{len(claims)} coverage claim(s) in this document were not checked: no coverage data",
            first.span, "pass --coverage PATH (.coverage, coverage.json, coverage.xml or "
            "lcov.info), or put one of them at the root",
            {"claims": [c.claim.text for c in claims][:20], "document_date": doc_date}))
        return
    sources = evidence.sources
    for error in evidence.errors:
        if error.path in run.reported_errors:
            continue
        run.reported_errors.add(error.path)
        yield Outcome("PP608", Violation(
            f"coverage data {error.path} cannot be read: {error.message}", claims[0].claim.span,
            error.hint, {"data": error.path, "error": error.message}))
    if not sources:
        return
    for item in claims:
        claim = item.claim
        base = {"claim": claim.text, "claimed": _claimed_text(item.value) + "%",
                "precision": item.value.decimals, "scope": item.scope,
                "document_date": doc_date}
        if item.scope == "file":
            found = evidence.lookup(item.subject)
            source, match = found.source, found.match
            if match.kind == "ambiguous":
                names = [evidence.display_name(n) for n in match.candidates]
                yield Outcome("PP605", Violation(
                    f"'{item.subject}' matches {len(names)} measured files; the claim "
                    f"{claim.text} is not checked", claim.span,
                    "write the path with enough directories to name one file: "
                    + ", ".join(names[:5]),
                    {**base, "file": item.subject, "candidates": names,
                     "data": source.describe()}))
                continue
            if match.kind == "none" or found.error is not None:
                reason = found.error.message if found.error else "not in the coverage data"
                yield Outcome("PP606", Violation(
                    f"'{item.subject}' is not measured: {reason}; the claim {claim.text} "
                    "is not checked", claim.span,
                    "check the file name, or that the coverage run imported it "
                    "(`[run] source` makes coverage.py report never-imported files at 0%)",
                    {**base, "file": item.subject,
                     "data": [s.describe() for s in sources]}))
                continue
            numbers, names = found.numbers, match.files
            shown = (match.directory + "/" if match.kind == "directory"
                     else evidence.display_name(source.resolve(names[0]) or names[0]))
        else:
            source, numbers, error = evidence.total()
            if error is not None:
                yield Outcome("PP608", Violation(
                    f"the coverage total cannot be computed: {error.message}", claim.span,
                    error.hint, {**base, "data": source.describe()}))
                continue
            names, shown = source.total_files(), None
        yield from _verdict(item, base, source, numbers, names, shown, evidence,
                            display_percent, FORMULA, LINE_FORMULA, BRANCH_FORMULA)


def _verdict(item, base, source, numbers, names, shown, evidence, display_percent, FORMULA,
             LINE_FORMULA, BRANCH_FORMULA):
    claim, value = item.claim, item.value
    precision = value.decimals
    claimed = _claimed_text(value)
    where = _where(item.scope, item.subject, shown)
    data = source.describe()
    measured = {**numbers.as_dict(), "display": numbers.display(precision) + "%"}
    evidence_dict = {**base, **({"file": shown} if shown else {}), "measured": measured,
                     "formula": FORMULA, "data": data, "data_timestamp": data["timestamp"]}
    label = _label(source.path, data["timestamp"], base.get("document_date"))
    changed = evidence.changed_after(source, names)

    if item.role == "target":
        # as coverage.py's --fail-under: 100 means exactly 100, else round at the precision
        met = (numbers.percent == 100.0 if value.value == 100
               else round(numbers.percent, precision) >= value.value)
        text = f"{numbers.display(precision)}%"
        if changed:
            yield _stale(claim, evidence_dict, changed, label,
                         f"target {claimed}% {'met' if met else 'unmet'} ({text} measured)")
            return
        if met:
            yield Outcome("PP600", Violation(
                f"target {claimed}% {where} is met: coverage.py reports {text} ({label})",
                claim.span, None, {**evidence_dict, "verdict": "target met"}))
        else:
            yield Outcome("PP604", Violation(
                f"the document says the {claimed}% target {where} was met, but coverage.py "
                f"reports {text} ({label})", claim.span,
                "correct the status, or the data is not the run the document describes",
                {**evidence_dict, "verdict": "target unmet"}))
        return

    formula, pct, formula_text = None, numbers.percent, FORMULA
    if item.formula == "line":
        formula, pct, formula_text = "line", numbers.line_percent, LINE_FORMULA
    elif item.formula == "branch":
        if not numbers.branches and not source.branch:
            outcome = Outcome("PP603", Violation(
                f"the document claims branch coverage {claimed}% {where}, but the data was "
                f"recorded without branch measurement ({label})", claim.span,
                "measure with `coverage run --branch`, or compare with line coverage",
                {**evidence_dict, "verdict": "formula mismatch",
                 "mismatch": "claim is branch coverage; data is line-only"}))
            yield _maybe_stale(outcome, claim, evidence_dict, changed, label)
            return
        formula, pct, formula_text = "branch", numbers.branch_percent or 100.0, BRANCH_FORMULA
    shown_pct = display_percent(pct, precision)
    measured["display"] = shown_pct + "%"
    evidence_dict["formula"] = formula_text
    if formula:
        measured["compared"] = f"{formula} coverage"
    if value.approximate:
        ok = abs(pct - value.value) <= max(1.0, 10.0 ** -precision)
    else:
        ok = shown_pct == claimed
    note = None
    near0 = 10.0 ** -precision
    if not ok and not value.approximate and not (0 < pct < near0 or 100 - near0 < pct < 100):
        if _half_up(pct, precision) == claimed:
            ok, note = True, (f"coverage.py prints {shown_pct}%, not {claimed}% "
                              f"(round-half-even); the claim rounds the exact {pct!r} half up")
    counts_ok = True
    if item.counts is not None:
        covered, statements = item.counts
        counts_ok = (covered, statements) == (numbers.covered, numbers.statements)
        evidence_dict["claimed_counts"] = f"{covered}/{statements}"
        evidence_dict["measured_counts"] = f"{numbers.covered}/{numbers.statements}"

    if changed:
        status = "matches" if ok and counts_ok else "differs from"
        yield _stale(claim, evidence_dict, changed, label,
                     f"the claim {claim.text} {status} the data ({shown_pct}%)")
        return
    severity = Severity.WARNING if item.role == "baseline" else None
    if item.counts is not None and not counts_ok:
        yield Outcome("PP602", Violation(
            f"coverage counts {evidence_dict['claimed_counts']} lines {where} are refuted: "
            f"coverage.py measured {evidence_dict['measured_counts']} "
            f"(covered/statements, {label})", claim.span,
            "update the counts from `coverage report` (Stmts - Miss / Stmts)",
            {**evidence_dict, "verdict": "refuted"}, severity))
    if ok:
        if counts_ok:
            message = f"coverage {claim.text} {where} confirmed by {label}"
            if note:
                evidence_dict["note"] = note
                message += f"; {note}"
            yield Outcome("PP600", Violation(message, claim.span, None,
                                             {**evidence_dict, "verdict": "confirmed"}))
        return
    if formula is None and numbers.branches:
        line_shown = display_percent(numbers.line_percent, precision)
        branch_shown = display_percent(numbers.branch_percent, precision)
        kind = "line-only" if line_shown == claimed else "branch-only" if branch_shown == claimed \
            else None
        if kind:
            other = line_shown if kind == "line-only" else branch_shown
            yield Outcome("PP603", Violation(
                f"coverage {claim.text} {where} matches {kind} coverage ({other}%), but the data "
                f"has branches and coverage.py reports {shown_pct}% ({label})", claim.span,
                "say which coverage the figure is (\"line coverage 92%\"), or quote coverage.py's "
                "figure",
                {**evidence_dict, "verdict": "formula mismatch",
                 "mismatch": f"claim matches {kind} coverage; data has branch measurement",
                 "line_coverage": display_percent(numbers.line_percent, precision) + "%",
                 "branch_coverage": branch_shown + "%"}, severity))
            return
    extra = " (a baseline may describe an earlier state)" if item.role == "baseline" else ""
    yield Outcome("PP601", Violation(
        f"coverage {claim.text} {where} is refuted: coverage.py reports {shown_pct}% at the "
        f"claim's precision ({label}){extra}", claim.span,
        "quote the figure `coverage report` prints, or regenerate the data if it is old",
        {**evidence_dict, "verdict": "refuted"}, severity))


def _label(path: str, timestamp: str | None, document_date: str | None) -> str:
    """`coverage.json of 2026-11-21T10:00:00+00:00; document dated 2026-01-10`."""
    text = f"{os.path.basename(path)} of {timestamp or 'unknown time'}"
    return f"{text}; document dated {document_date}" if document_date else text


def _stale(claim, evidence_dict, changed, label, what):
    files = ", ".join(item["file"] for item in changed[:3])
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    return Outcome("PP607", Violation(
        f"{files}{more} changed after the coverage data was recorded ({label}): {what}, "
        "but the data may no longer describe the code", claim.span,
        "rerun the tests under coverage, then verify again",
        {**evidence_dict, "verdict": "stale", "changed_after_data": changed[:20]}))


def _maybe_stale(outcome, claim, evidence_dict, changed, label):
    if changed:
        return _stale(claim, evidence_dict, changed, label, outcome.violation.message)
    return outcome


def _check_tests(doc_ctx: DocContext, claims: list[TestClaim], run: RunEvidence):
    from planproof.evidence.junit import count

    doc_date = doc_ctx.date
    for error in run.junit_errors:
        if error.path in run.reported_errors:
            continue
        run.reported_errors.add(error.path)
        yield Outcome("PP613", Violation(
            f"JUnit results {error.path} cannot be read: {error.message}", claims[0].claim.span,
            error.hint, {"data": error.path, "error": error.message}))
    if not run.junit:
        return
    from planproof.evidence.junit import merge

    results = merge(run.junit)
    for item in claims:
        claim = item.claim
        data = results.describe()
        base = {"claim": claim.text, "document_date": doc_date, "data": data,
                "data_timestamp": data["timestamp"]}
        label = _label(results.path, data["timestamp"], doc_date)
        if item.subject:
            found = results.for_file(item.subject)
            if found.kind == "none":
                yield Outcome("PP612", Violation(
                    f"'{item.subject}' has no test cases in the JUnit results; the claim "
                    f"{claim.text} is not checked", claim.span,
                    "check the file name, or that the test run included it",
                    {**base, "file": item.subject}))
                continue
            if found.kind == "ambiguous":
                yield Outcome("PP612", Violation(
                    f"'{item.subject}' matches test cases of {len(found.candidates)} files; the "
                    f"claim {claim.text} is not checked", claim.span,
                    "name the test file with its directories: " + ", ".join(found.candidates[:5]),
                    {**base, "file": item.subject, "candidates": list(found.candidates)}))
                continue
            counts, where = count(found.cases), f"in {found.module}"
        else:
            counts, where = results.counts(), "in the test run"
            if item.total is not None and item.total not in (counts.tests,
                                                             counts.tests - counts.skipped):
                continue  # a subset of the suite ("24/51 ORM tests"): cannot be delimited
            if item.total is None and not item.all_pass:
                continue
        measured = counts.as_dict()
        evidence_dict = {**base, "measured": measured,
                         "counted": "unique (classname, name); worst outcome of duplicates; "
                                    "passed = tests - failed - errors - skipped"}
        if item.subject:
            evidence_dict["file"] = found.module
        if item.all_pass and item.total is None:
            ok = counts.failed == 0 and counts.errors == 0 and counts.passed > 0
            want = "all tests pass"
        else:
            totals = (counts.tests, counts.tests - counts.skipped)
            ok = item.passed == counts.passed and item.total in totals
            want = f"{item.passed}/{item.total} passing"
        got = (f"{counts.passed} passed, {counts.failed} failed, {counts.errors} errors, "
               f"{counts.skipped} skipped of {counts.tests}")
        if ok:
            yield Outcome("PP610", Violation(f"test results '{claim.text}' {where} confirmed by "
                                             f"{label}: {got}", claim.span, None,
                                             {**evidence_dict, "verdict": "confirmed"}))
        else:
            yield Outcome("PP611", Violation(
                f"test results '{claim.text}' {where} are refuted: the JUnit report has {got} "
                f"({label})", claim.span,
                "quote the current results, or this document describes an earlier run "
                "(compare the dates in the evidence)",
                {**evidence_dict, "verdict": "refuted", "claimed": want}))


def violations_for(code: str, docs, ctx):
    from planproof.claim_fixes import coverage_fix

    for doc, outcome in outcomes(docs, ctx):
        if outcome.code == code:
            violation = outcome.violation
            if code in ("PP601", "PP602") and violation.fix is None:
                violation.fix = coverage_fix(doc, code, violation.span, violation.evidence)
            yield doc, violation


__all__ = ["CoverageClaim", "DocContext", "TestClaim", "coverage_claims", "document_date",
           "outcomes", "test_claims", "violations_for", "Span"]
