"""Unsafe fixes that write measured or recounted truth back over a number a document claims.

They change what the document says, so `--fix` applies them only with `--unsafe-fixes`;
`--diff --unsafe-fixes` shows them first. Each replaces the claimed number's characters and
nothing else (a `~`, a `+`, the unit and the words around it stay).
"""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.findings import Fix, Span, replace


def _line(doc, number: int) -> str:
    return doc.lines[number - 1] if 0 < number <= len(doc.lines) else ""


def _number_fix(doc, span: Span, pattern: str, new: str, message: str) -> Fix | None:
    """Replace group 1 of the first match of `pattern` at or after the span's start."""
    match = re.compile(pattern).search(_line(doc, span.line), max(0, span.column - 1))
    if match is None:
        return None
    where = Span(span.line, match.start(1) + 1, span.line, match.end(1) + 1)
    return replace(where, new, message, safe=False)


CLAUSE_BREAK = lazyre.compile(r"[|;,\u2014]| - ")
PART_WORDS = lazyre.compile(r"\b(?:class|classes|added|adds|new|more|another|extra|other)\b", re.I)
TEST_CLASS = lazyre.compile(r"\bTest[A-Z]\w*")
LABEL_BEFORE = lazyre.compile(r"\b(?:plan|phase|task|wave|step|part|section)\s*$", re.I)
STATE_AFTER = lazyre.compile(r"^\s*(?:failing|failed|skipped|passing|passed|erroring|broken)\b", re.I)


def _not_the_whole_file(text: str, claim) -> bool:
    """The claim counts part of the file (a class's tests, tests added, tests failing) or is a
    label (`Plan 01 tests`): writing the file's count over it would be wrong."""
    before = text[:claim.start("number")]
    clause = CLAUSE_BREAK.split(before)[-1]
    return bool(PART_WORDS.search(clause) or TEST_CLASS.search(clause)
                or LABEL_BEFORE.search(before) or STATE_AFTER.match(text[claim.end():]))


def count_fix(line: int, claim, actual: int, unit: str, text: str = "") -> Fix | None:
    """PP540/PP541: the counted lines or tests over the claimed number (separators kept).
    None when the claim counts part of the file, or is one more line than `wc -l` (the count
    of editors that number the empty line after the last newline)."""
    claimed = int(claim.group("number").replace(",", ""))
    if _not_the_whole_file(text, claim) or (unit == "lines" and claimed == actual + 1):
        return None
    written = claim.group("number")
    new = f"{actual:,}" if "," in written else str(actual)
    span = Span(line, claim.start("number") + 1, line, claim.end("number") + 1)
    return replace(span, new, f"write the counted {unit}: {new}", safe=False)


def recount_fix(doc, span: Span, evidence: dict) -> Fix | None:
    """PP404: the score's N recounted from the open gaps or the truth table."""
    if "open_gaps" in evidence:
        total = evidence["total"]
        recount = total - len(evidence["open_gaps"])
    else:
        recount, total = evidence["verified"], evidence["rows"]
    if recount < 0:
        return None
    return _number_fix(doc, span, rf"(?<![\d.])(\d+)\s*/\s*{total}(?![\d.])", str(recount),
                       f"write the recounted score: {recount}/{total}")


def coverage_fix(doc, code: str, span: Span, evidence: dict) -> Fix | None:
    """PP601: coverage.py's figure at the claim's own precision; PP602: its counts."""
    if code == "PP601" and evidence.get("verdict") == "refuted":
        claimed = str(evidence.get("claimed", "")).rstrip("%")
        shown = str(evidence.get("measured", {}).get("display", "")).rstrip("%")
        if not claimed or not shown:
            return None
        return _number_fix(doc, span, rf"(?<![\d.])({re.escape(claimed)})(?![\d.])\s*%", shown,
                           f"write the measured coverage: {shown}%")
    if code == "PP602" and "measured_counts" in evidence:
        covered, _, statements = str(evidence.get("claimed_counts", "")).partition("/")
        if not covered.isdigit() or not statements.isdigit():
            return None
        return _number_fix(doc, span, rf"(?<![\d.])({covered}\s*/\s*{statements})(?![\d.])",
                           evidence["measured_counts"],
                           f"write the measured counts: {evidence['measured_counts']}")
    return None
