"""A verification report contradicting itself: its score against the statuses it lists
(PP404), its status against its own content (PP405), its frontmatter against its body's Status:
and Score: lines (PP406). Each check yields the span to report and a Verdict."""

from __future__ import annotations

import re
from typing import Any, Iterator

from planproof import lazyre
from planproof.claims.body_lines import body_lines
from planproof.claims.human_results import content_words, overlap, results_elsewhere
from planproof.claims.model import FractionClaim, ScoreClaim
from planproof.claims.numbers import exact
from planproof.claims.recovered_frontmatter import frontmatter_of
from planproof.claims.text_patterns import CELL_MARKUP
from planproof.claims.verdict import Verdict
from planproof.claims.verification_report import (
    Gap,
    body_status_lines,
    gaps,
    normalise_status,
    open_gaps,
    score_line_claims,
    scores,
    superseded_body,
    truth_tables,
)
from planproof.findings import Span

VERIFIED_WORDS = frozenset({"verified", "passed", "pass", "closed", "resolved", "fixed", "met"})
KNOWN_STATUSES = frozenset({"passed", "gaps_found", "human_needed", "gaps_resolved",
                            "gaps_closed_partial"})
REPORT_STATUSES = frozenset({"passed", "gaps_found", "human_needed"})  # what a body line may say
GAP_HEADING = lazyre.compile(r"\bgaps?\b", re.I)
HUMAN_HEADING = lazyre.compile(r"\bhuman\b", re.I)
HUMAN_DONE = frozenset({"passed", "pass", "approved", "done", "verified", "confirmed", "complete",
                        "completed", "ok", "yes", "true"})


def _as_int(num) -> int | None:
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
    pairs |= {(c.numerator.value, c.denominator.value) for c in score_line_claims(doc)
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
