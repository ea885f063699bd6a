"""The lint fast path: the claims the PP4xx rules judge, without parsing the markdown body when
no line of it could hold one.

Parsing the markdown body costs far more than reading claims from it, and most documents hold
no claim a PP4xx rule could judge. The rules therefore ask `claims_for_checks(doc)`, which
parses the body only when a raw line (outside code fences, inline code blanked) holds a
checkable claim or the start of a multi-block one (a current/target/gap table, a progression,
a coverage target with lines). A claim split over two source lines is only seen by
`extract_claims` (the `planproof claims` command and verify-mode checkers).
"""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.body import blank_inline_code
from planproof.claims.extract import extract_claims, in_document_order
from planproof.claims.found import Found
from planproof.claims.frontmatter_claims import frontmatter_claims
from planproof.claims.model import (
    ArithmeticClaim,
    ChangeClaim,
    Claim,
    FractionPercentClaim,
    ScoreClaim,
)
from planproof.claims.scanner import scan
from planproof.claims.text_patterns import HAS_DIGIT
from planproof.fences import prose_lines

GAP_TABLE_LINE = lazyre.compile(  # a header row with current, target and gap columns, any order
    r"^\s*\|(?=.*\|\s*[*_]*(?:current|baseline|before|now|actual|measured|today|start|week 0)\b)"
    r"(?=.*\|\s*[*_]*(?:target|goal|desired|required|after)\b)"
    r"(?=.*\|\s*[*_]*(?:gap|delta|needed|remaining|Δ|diff(?:erence)?|change|increase)\b)", re.I)
PROGRESSION_LINE = lazyre.compile(r"^\s*(?:[-*+]|\d+[.)])\s.*\(\s*[+\-−]\s?\d")
TARGET_LINE = lazyre.compile(r"target.*\(\s*\+\s?\d[\d,]*\s+(?:lines|statements|stmts)\b", re.I)
CHECK_HINT = lazyre.compile(r"[=≈→⇒➜⟶➡%]|->|â†’|core|CORE|\(\s?[+\-−]|arget")


def _checkable(item: Found) -> bool:
    """Could this claim alone, or with the frontmatter score, produce a PP4xx finding?"""
    if item.cls is ChangeClaim:
        return item.values.get("delta") is not None
    if item.cls is ScoreClaim:  # compared with the frontmatter line by line (report_contradictions)
        values = item.values
        return bool(values.get("percent") is not None or values.get("breakdown")
                    or values["achieved"].value > values["total"].value)
    return item.cls in (FractionPercentClaim, ArithmeticClaim)


def _may_check(line: str) -> bool:
    """Cheap test for lines that may hold a checkable claim (a lone fraction never does)."""
    return CHECK_HINT.search(line) is not None and HAS_DIGIT.search(line) is not None


def _line_needs_body(line: str) -> bool:
    if "|" in line and GAP_TABLE_LINE.match(line):
        return True  # maybe a current / target / gap table
    if not _may_check(line):
        return False
    text = blank_inline_code(line)[0] if "`" in line else line
    return bool(PROGRESSION_LINE.match(text) or TARGET_LINE.search(text)
                or any(_checkable(item) for item in scan(text)))


def needs_body(doc) -> bool:
    """Could the body hold a claim that a consistency rule can judge? (cheap, line based)"""
    return doc.memo.get("claims.needs_body", lambda: any(
        _line_needs_body(line) for _, line in prose_lines(doc)))


def claims_for_checks(doc) -> list[Claim]:
    """The claims the PP4xx rules judge: every claim when the body may hold a checkable one,
    otherwise only the frontmatter's (the body is then never parsed)."""
    if needs_body(doc):
        return extract_claims(doc)
    return doc.memo.get("claims.frontmatter_only", lambda: [] if doc.skipped
                        else in_document_order(frontmatter_claims(doc)))
