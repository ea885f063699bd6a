"""Checks that read a whole document: score vs the statuses it lists, status vs its content,
frontmatter vs the body's own Status:/Score: lines. Used by planproof.rules.consistency."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from planproof import lazyre
from planproof.claims.check import Verdict
from planproof.claims.extract import (
    CELL_MARKUP,
    build_claim,
    claims_for_checks,
    frontmatter_of,
    scan,
)
from planproof.claims.human_results import content_words, overlap, results_elsewhere
from planproof.claims.lines import body_lines
from planproof.claims.model import FractionClaim, ScoreClaim
from planproof.findings import Span

OPEN_GAP = frozenset({"failed", "partial", "open", "failing"})
VERIFIED_WORDS = frozenset({"verified", "passed", "pass", "closed", "resolved", "fixed", "met"})
STATUS_LINE = lazyre.compile(r"^\s*(?:[-*]\s+)?(?:\*\*|__)Status:?(?:\*\*|__)\s*:?\s*(?P<value>.+)$",
                             re.I | re.M)
STATUS_TOKEN = lazyre.compile(r"[A-Za-z][A-Za-z_ -]*")
KNOWN_STATUSES = frozenset({"passed", "gaps_found", "human_needed", "gaps_resolved",
                            "gaps_closed_partial"})
REPORT_STATUSES = frozenset({"passed", "gaps_found", "human_needed"})  # what a body line may say
PASS_MARK = lazyre.compile(r"\b(?:VERIFIED|PASS(?:ED)?|SATISFIED|MET)\b|✓|✅|✔", re.I)
FAIL_MARK = lazyre.compile(r"\bFAIL(?:ED|ING)?\b|✗|❌|✘", re.I)
PARTIAL_MARK = lazyre.compile(r"\bPARTIAL(?:LY)?\b|⚠", re.I)
OTHER_MARK = lazyre.compile(r"\b(?:UNCERTAIN|HUMAN|NEEDS|PENDING|SKIPPED|BLOCKED|DEFERRED|UNKNOWN|"
                            r"N/A|NOT)\b|\?", re.I)
GAP_HEADING = lazyre.compile(r"\bgaps?\b", re.I)
HUMAN_HEADING = lazyre.compile(r"\bhuman\b", re.I)
HUMAN_DONE = frozenset({"passed", "pass", "approved", "done", "verified", "confirmed", "complete",
                        "completed", "ok", "yes", "true"})


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
    body = [claim for claim in _score_line_claims(doc) if isinstance(claim, ScoreClaim)]
    return front, body


def _score_line_claims(doc) -> list:
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


def _as_int(num) -> int | None:
    from planproof.claims.numbers import exact

    return int(exact(num)) if num.decimals == 0 and not num.approximate else None


def scored_open_gaps(doc, total: int) -> list[Gap]:
    """The open gaps that count against a score of `total` items. None when the status is
    passed: PP405 reports those gaps on the status line already. When the body's one truth table
    has exactly `total` rows, only gaps about one of its truths: a gap about something else
    (stale REQUIREMENTS.md text) is not one of the scored items."""
    still_open = open_gaps(doc)
    if not still_open or normalise_status(frontmatter_of(doc).data.get("status")) == "passed":
        return []
    tables = truth_tables(doc)
    if len(tables) != 1 or tables[0].rows != total:
        return still_open
    rows = [content_words(CELL_MARKUP.sub("", truth)) for truth in tables[0].truths]
    return [gap for gap in still_open
            if any(_same_truth(content_words(gap.truth), row) for row in rows)]


def _same_truth(gap: set[str], row: set[str]) -> bool:
    return max(overlap(gap, row), overlap(row, gap)) >= 0.5


def score_vs_statuses(doc) -> Iterator[tuple[Span, Verdict]]:
    front, body = scores(doc)
    listed = gaps(doc)
    for score in ([front] if front else []) + body[:1]:
        achieved, total = _as_int(score.achieved), _as_int(score.total)
        if achieved is None or total is None or total == 0 or achieved > total:
            continue  # a score above its total is reported on its own (PP404, claim check)
        where = "frontmatter" if score.origin == "frontmatter" else "body"
        still_open = scored_open_gaps(doc, total) if score.origin == "frontmatter" else []
        if still_open:
            if achieved + len(still_open) > total:
                lines = ", ".join(f"{g.status} (line {g.span.line})" for g in still_open)
                evidence = {"score": score.text, "verified": achieved, "total": total,
                            "open_gaps": [{"truth": g.truth, "status": g.status,
                                           "line": g.span.line} for g in still_open],
                            "not_verified_by_score": total - achieved}
                extra = ""
                if len(listed) == total and all(g.status for g in listed):
                    verified = sum(1 for g in listed if g.status in VERIFIED_WORDS)
                    evidence["gaps_listed"] = len(listed)
                    evidence["gaps_verified"] = verified
                    extra = f"; its gaps list all {total} and mark {verified} verified"
                yield score.span, Verdict(
                    "inconsistent",
                    f"{where} score {achieved}/{total} leaves {total - achieved} not verified, but "
                    f"the frontmatter lists {len(still_open)} open gaps: {lines}{extra}", evidence)
                continue
        tables = truth_tables(doc) if score.origin == "body" or not (
            superseded_body(doc) or _body_scores_same_whole(body, total)) else []
        if len(tables) == 1 and ("truth" in score.noun.lower() or "must" in score.noun.lower()
                                 or score.origin == "frontmatter"):
            table = tables[0]
            if table.rows == total and table.other == 0 and table.verified != achieved:
                yield score.span, Verdict(
                    "inconsistent",
                    f"{where} score {achieved}/{total}, but the truth table (line {table.line}) "
                    f"marks {table.verified} of {table.rows} verified ({table.failed} failed, "
                    f"{table.partial} partial)",
                    {"score": score.text, "table_line": table.line, "rows": table.rows,
                     "verified": table.verified, "failed": table.failed,
                     "partial": table.partial})


def _body_scores_same_whole(body: list[ScoreClaim], total: int) -> bool:
    """The body has its own Score line over the same whole: that line is compared with the
    table, and the frontmatter with that line (PP406), so the frontmatter is not compared twice."""
    return any(_as_int(claim.total) == total for claim in body[:1])


def _headings(doc, pattern: re.Pattern) -> bool:
    return any(pattern.search(text) for _, _, text in body_lines(doc).headings)


def _human_items(value: Any) -> list:
    """The human verification items: a list (of mappings or plain strings) or one mapping;
    free text (`human_verification: none`) is not a list of items."""
    if isinstance(value, list):
        return [item for item in value if item]
    return [value] if isinstance(value, dict) and value else []


# A result written into the check itself: "... PASS", "(PASS)", "全部 PASS", "✅", "verified by
# user 2026-03-01", "closed by default-accept". Only at the end of the text, in brackets or after
# a dash/colon, or as a by-someone phrase: "expect all tests to PASS when run" is no result.
INLINE_RESULT = lazyre.compile(
    r"(?:[\s(\[:—–-]|^)(?:PASS(?:ED)?|FAIL(?:ED)?|✅|✓|❌|✗)[\s)\].!。]*"
    r"(?:[(（][^)）]*[)）][\s.。]*)?$"
    r"|[(\[]\s*(?:PASS(?:ED)?|FAIL(?:ED)?)\b"
    r"|(?i:(?:verified|confirmed|approved|accepted|tested|checked)\s+by\s+(?:the\s+)?"
    r"(?:user|human|owner)|closed\s+by\s+default[- ]accept|default[- ]accepted)")
# A sibling key that records the whole human check: `uat_confirmed: true`, `human_verified: yes`.
CONFIRMED_KEY = lazyre.compile(r"^(?:uat|human(?:_verification)?)[_-]?(?:confirmed|verified|"
                               r"approved|passed|complete|completed|done)$", re.I)


def _has_inline_result(item: Any) -> bool:
    texts = [item] if isinstance(item, str) else \
        [v for v in item.values() if isinstance(v, str)] if isinstance(item, dict) else []
    return any(INLINE_RESULT.search(text.strip()) for text in texts)


def human_checks_confirmed(data: dict) -> bool:
    """Whether a sibling key confirms every human check at once (`uat_confirmed: true`)."""
    for key, value in data.items():
        if isinstance(key, str) and CONFIRMED_KEY.match(key.strip()):
            if value is True or (isinstance(value, str) and (
                    normalise_status(value) in HUMAN_DONE or value.strip().lower() in HUMAN_DONE)):
                return True
    return False


def _pending(item: Any) -> bool:
    if _has_inline_result(item):
        return False
    if not isinstance(item, dict):
        return True
    for key in ("result", "status", "outcome", "approved", "verified", "resolution"):
        if key in item:
            value = item[key]
            if value is True:
                return False
            if isinstance(value, str) and normalise_status(value) in HUMAN_DONE:
                return False
    return True


def status_vs_content(doc, siblings=()) -> Iterator[tuple[Span, Verdict, str]]:
    """(span, verdict, severity) for a frontmatter status its own content contradicts.
    `siblings`: the other documents of the run (a completed UAT of the phase records the
    human checks)."""
    recovered = frontmatter_of(doc)
    data = recovered.data
    status = normalise_status(data.get("status"))
    if status is None:
        return
    span = recovered.frontmatter.span("status")
    still_open = open_gaps(doc)
    humans = _human_items(data.get("human_verification"))
    if status == "passed":
        if still_open:
            listed = ", ".join(f"{g.status} (line {g.span.line})" for g in still_open)
            yield span, Verdict(
                "inconsistent",
                f"status is passed, but the frontmatter lists {len(still_open)} open gaps: {listed}",
                {"status": data.get("status"),
                 "open_gaps": [{"truth": g.truth, "status": g.status, "line": g.span.line}
                               for g in still_open]}), "error"
        pending = [] if human_checks_confirmed(data) else [i for i in humans if _pending(i)]
        left, elsewhere = results_elsewhere(doc, pending, siblings) if pending else (0, {})
        if left:
            yield span, Verdict(
                "inconsistent",
                f"status is passed, but {left} human verification item(s) have no "
                "recorded result; the workflow gives human_needed until a person confirms them",
                {"status": data.get("status"), "pending_human_items": left,
                 "human_verification_line": recovered.frontmatter.span("human_verification").line,
                 **elsewhere}
            ), "warning"
    elif status == "gaps_found":
        has_gaps = bool(data.get("gaps")) or any(t.failed or t.partial for t in truth_tables(doc))
        if not has_gaps and not _headings(doc, GAP_HEADING):
            yield span, Verdict(
                "inconsistent",
                "status is gaps_found, but the document lists no gaps (no `gaps` entries, no "
                "failed or partial truth, no gaps section)", {"status": data.get("status")}
            ), "warning"
    elif status == "human_needed":
        if not humans and not _headings(doc, HUMAN_HEADING):
            yield span, Verdict(
                "inconsistent",
                "status is human_needed, but the document lists no human verification items",
                {"status": data.get("status")}), "warning"


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


CLOSURE_HEADING = lazyre.compile(r"\bgap[- ]closure\b|\bre-?verification\b", re.I)


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


def frontmatter_vs_body(doc) -> Iterator[tuple[Span, Verdict]]:
    recovered = frontmatter_of(doc)
    data = recovered.data
    if superseded_body(doc):
        return
    status = normalise_status(data.get("status"))
    if status in KNOWN_STATUSES:
        lines = [entry for entry in body_status_lines(doc) if entry[2] in REPORT_STATUSES]
        if lines and not any(entry[2] == status for entry in lines):
            line, value, normal = lines[0]
            yield recovered.frontmatter.span("status"), Verdict(
                "inconsistent",
                f"frontmatter status is {data.get('status')}, but the body says "
                f"Status: {value} (line {line})",
                {"frontmatter_status": data.get("status"), "body_status": value,
                 "body_line": line})
    front, body = scores(doc)
    if front is None or not body:
        return
    if front.achieved.decimals or front.achieved.approximate:
        return
    wanted = (front.achieved.value, front.total.value)
    score_lines = {claim.span.line for claim in body}
    pairs = {(c.achieved.value, c.total.value) for c in body}
    pairs |= {(c.numerator.value, c.denominator.value) for c in _score_line_claims(doc)
              if isinstance(c, FractionClaim) and c.span.line in score_lines}
    # only the same whole can contradict: 15/15 must-haves and 3/3 goal truths are two counts
    same_whole = [c for c in body if c.total.value == front.total.value
                  and c.achieved.decimals == 0 and not c.achieved.approximate]
    if same_whole and wanted not in pairs:
        first = same_whole[0]
        yield front.span, Verdict(
            "inconsistent",
            f"frontmatter score {front.text} disagrees with the body's Score: "
            f"{first.text} (line {first.span.line})",
            {"frontmatter_score": front.text, "body_score": first.text,
             "body_line": first.span.line})


PROGRESS_BAR = lazyre.compile(r"\[(?P<bar>[█▓▒░#=.\- ]{5,40})\]\s*(?P<pct>\d{1,3}(?:\.\d+)?)\s?%")
FILLED = frozenset("█▓#=")
PROGRESS_HINT = lazyre.compile(r"\]\s*\d{1,3}(?:\.\d+)?\s?%")  # cheap test before reading the body


def progress_checks(doc) -> Iterator[tuple[Span, Verdict]]:
    """Body progress bars `[████░░░░░░] 40%` vs their own percentage. (STATE
    `progress.percent` vs its counts is PP721, a planning-tree rule.)"""
    from fractions import Fraction

    if "%" not in doc.text or not PROGRESS_HINT.search(doc.text):
        return  # no bar anywhere: the body is not parsed for nothing
    for number, text in body_lines(doc).lines:
        if "%" not in text or "[" not in text:
            continue
        for match in PROGRESS_BAR.finditer(text):
            bar = match.group("bar")
            if not any(c in FILLED for c in bar) and "░" not in bar and "." not in bar:
                continue
            cells = len(bar)
            filled = sum(1 for c in bar if c in FILLED)
            pct = Fraction(match.group("pct"))
            exact_cells = pct * cells / 100
            if exact_cells.denominator == 1:
                allowed = {int(exact_cells)}
            else:
                low = int(exact_cells)
                allowed = {low, low + 1}
            if filled not in allowed:
                column = match.start() + 1
                yield Span(number, column, number, column + len(match.group(0))), Verdict(
                    "inconsistent",
                    f"the progress bar fills {filled} of {cells} cells, but says "
                    f"{match.group('pct')}% ({float(exact_cells):.3g} cells)",
                    {"filled": filled, "cells": cells, "percent": match.group("pct")})
