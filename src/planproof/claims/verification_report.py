"""What a verification report states about itself: its status (normalised), its frontmatter
gaps, its truth tables, its scores (frontmatter and body Score: lines) and its body Status:
lines. The facts PP404-PP406 and PP414 compare; they judge nothing themselves."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from planproof import lazyre
from planproof.claims.body_lines import body_lines
from planproof.claims.checkable import claims_for_checks
from planproof.claims.claim_context import build_claim
from planproof.claims.model import Claim, ScoreClaim
from planproof.claims.recovered_frontmatter import frontmatter_of
from planproof.claims.scanner import scan
from planproof.claims.text_patterns import (
    CELL_MARKUP, FAIL_SYMBOLS, FAIL_WORDS, OTHER_SYMBOLS, OTHER_WORDS, PARTIAL_SYMBOLS,
    PARTIAL_WORDS, PASS_SYMBOLS, PASS_WORDS, marks)
from planproof.findings import Span

OPEN_GAP = frozenset({"failed", "partial", "open", "failing"})
STATUS_LINE = lazyre.compile(r"^\s*(?:[-*]\s+)?(?:\*\*|__)Status:?(?:\*\*|__)\s*:?\s*(?P<value>.+)$",
                             re.I | re.M)
STATUS_TOKEN = lazyre.compile(r"[A-Za-z][A-Za-z_ -]*")
PASS_MARK = lazyre.compile(marks(PASS_WORDS, PASS_SYMBOLS), re.I)
FAIL_MARK = lazyre.compile(marks(FAIL_WORDS, FAIL_SYMBOLS), re.I)
PARTIAL_MARK = lazyre.compile(marks(PARTIAL_WORDS, PARTIAL_SYMBOLS), re.I)
OTHER_MARK = lazyre.compile(marks(OTHER_WORDS, OTHER_SYMBOLS), re.I)
CLOSURE_HEADING = lazyre.compile(r"\bgap[- ]closure\b|\bre-?verification\b", re.I)


def normalise_status(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    match = STATUS_TOKEN.search(CELL_MARKUP.sub("", value))
    if not match:
        return None
    token = match.group(0).strip().lower()
    words = re.split(r"[\s_-]+", token)
    if words[:2] == ["gaps", "found"]:
        return "gaps_found"
    if words[:2] == ["human", "needed"]:
        return "human_needed"
    if words and words[0] in ("passed", "pass", "verified"):
        return "passed"  # `verified` is the off-enum spelling of passed
    return "_".join(w for w in words if w)


@dataclass
class Gap:
    index: int
    truth: str
    status: str
    span: Span


def gaps(doc) -> list[Gap]:
    """Frontmatter `gaps` entries with the status each one states."""
    recovered = frontmatter_of(doc)
    items = recovered.data.get("gaps")
    out = []
    if not isinstance(items, list):
        return out
    fm = recovered.frontmatter
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        status = item.get("status")
        status = status.strip().lower() if isinstance(status, str) else ""
        truth = item.get("truth")
        truth = truth if isinstance(truth, str) else str(item.get("id", index))
        out.append(Gap(index, truth, status, fm.span(f"gaps[{index}].status")
                       if status else fm.span(f"gaps[{index}]")))
    return out


def overridden(doc) -> bool:
    """The report applied overrides (`overrides_applied: 2`, `overrides: [...]`): a failed gap
    may have been accepted on purpose, so open gaps prove nothing about the status."""
    data = frontmatter_of(doc).data
    applied = data.get("overrides_applied")
    if isinstance(applied, (int, float)) and not isinstance(applied, bool) and applied > 0:
        return True
    return bool(data.get("overrides"))


def open_gaps(doc) -> list[Gap]:
    """Failed or partial gaps (one per truth), none when overrides were applied."""
    if overridden(doc):
        return []
    seen, out = set(), []
    for gap in gaps(doc):
        if gap.status in OPEN_GAP and gap.truth not in seen:
            seen.add(gap.truth)
            out.append(gap)
    return out


@dataclass
class TruthTable:
    line: int
    rows: int
    verified: int
    failed: int
    partial: int
    other: int
    truths: list[str] = field(default_factory=list)


def truth_tables(doc) -> list[TruthTable]:
    """Body tables with a Truth column and a Status column, their statuses counted."""
    tables = []
    for table in body_lines(doc).tables:
        header = [CELL_MARKUP.sub("", h).strip().lower() for h in table.header]
        truth_col = next((i for i, h in enumerate(header) if re.match(r"(observable )?truths?\b", h)),
                         None)
        status_col = next((i for i, h in enumerate(header) if h.startswith("status")), None)
        if truth_col is None or status_col is None:
            continue
        counts = TruthTable(table.line, 0, 0, 0, 0, 0)
        for _, cells in table.rows:
            if status_col >= len(cells):
                continue
            cell = cells[status_col]
            counts.rows += 1
            counts.truths.append(cells[truth_col] if truth_col < len(cells) else "")
            if FAIL_MARK.search(cell):
                counts.failed += 1
            elif PARTIAL_MARK.search(cell):
                counts.partial += 1
            elif OTHER_MARK.search(cell):
                counts.other += 1
            elif PASS_MARK.search(cell):
                counts.verified += 1
            else:
                counts.other += 1
        tables.append(counts)
    return tables


def is_report(doc) -> bool:
    """A verification-like report: by file name, or by a frontmatter score, status or gaps."""
    return doc.kind == "VERIFICATION" or bool(
        {"score", "status", "gaps", "human_verification"} & set(frontmatter_of(doc).data))


def scores(doc) -> tuple[ScoreClaim | None, list[ScoreClaim]]:
    """The frontmatter `score` and the body's Score: claims (read line by line, and only in
    reports: a Score line elsewhere has nothing to be compared with)."""
    front = None
    for claim in claims_for_checks(doc):
        if isinstance(claim, ScoreClaim) and claim.origin == "frontmatter":
            if claim.key_path == "score" or (claim.key_path is None and front is None
                                             and claim.clause.lower().startswith("score")):
                front = front or claim
    if not is_report(doc):
        return front, []
    body = [claim for claim in score_line_claims(doc) if isinstance(claim, ScoreClaim)]
    return front, body


def score_line_claims(doc) -> list[Claim]:
    """Every claim on the body lines that carry a Score: label."""
    out = []
    for number, text in body_lines(doc).lines:
        if "core" not in text and "CORE" not in text:
            continue
        items = scan(text)
        if any(item.cls is ScoreClaim for item in items):
            for item in items:
                span = Span(number, item.start + 1, number, item.end + 1)
                out.append(build_claim(item, text, span, "body"))
    return out


def body_status_lines(doc) -> list[tuple[int, str, str]]:
    """(line, raw value, normalised) of the body's own `**Status:** x` lines."""
    out = []
    for number, text in body_lines(doc).lines:
        if "tatus" not in text:
            continue
        match = STATUS_LINE.match(text)
        if match:
            value = match.group("value").strip()
            out.append((number, value, normalise_status(value) or ""))
    return out



def superseded_body(doc) -> bool:
    """The body's Status/Score lines are the initial report and a later verdict was recorded:
    the frontmatter says so (`re_verification: true`, a `gap_closure...` key) or a gap-closure
    or re-verification section follows them. The frontmatter is then the newer of the two."""
    data = frontmatter_of(doc).data
    if data.get("re_verification") or any(str(key).startswith("gap_closure") for key in data):
        return True
    status_lines = [line for line, _, _ in body_status_lines(doc)]
    first = min(status_lines) if status_lines else 0
    return any(number > first and CLOSURE_HEADING.search(text)
               for number, _, text in body_lines(doc).headings)
