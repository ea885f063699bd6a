"""One relation between statements of a document (`Relation`), and the reading every relation
finder shares: text without emphasis, nouns in the singular, a fraction, a pass count, a Total
label.

Precision before recall: two statements are related only where the document makes the relation
plain (a summary line directly above or below its table naming the same things, a Total row in
its own table, a total and its parts in one clause). Every relation found is kept, consistent or
not, so `planproof claims` can show what was compared with what; the PP41x rules report the
inconsistent ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from planproof import lazyre
from planproof.claims.text_patterns import CELL_MARKUP
from planproof.findings import Span

MARKUP = lazyre.compile(CELL_MARKUP.pattern + "|`")  # emphasis as in table cells, and code ticks
FRACTION = lazyre.compile(r"(?<![\w.,/:#@\-])(?P<n>\d+)\s?/\s?(?P<m>\d+)(?![\w/]|[.,]\d|\s?/)")
PASS_FRACTION = lazyre.compile(r"(?<![\w./])(?P<a>\d+)\s?/\s?(?P<b>\d+)\s+(?:tests?\s+)?"
                               r"(?:passing|passed|pass)\b", re.I)
TOTAL_LABEL = lazyre.compile(r"^(?:totals?|overall|sum|all)$", re.I)
STOP_WORDS = frozenset({"score", "status", "total", "all", "the", "of", "and", "summary", "overall",
                        "result", "results", "count", "verification", "check", "checks", "now",
                        "fully", "are", "is", "were", "items", "item"})


@dataclass
class Relation:
    """Two or more statements of one document read together, and what the arithmetic says."""

    check: str  # summary-table | total-row | outcome-total | restated-total | average | ...
    span: Span  # the statement the finding is reported at
    consistent: bool
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    related_lines: list[int] = field(default_factory=list)
    severity: str | None = None  # None: the rule's severity; "warning" when weights are unknown

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "line": self.span.line, "column": self.span.column,
                "consistent": self.consistent, "message": self.message,
                "related_lines": self.related_lines, "evidence": self.evidence}


def plain(text: str) -> str:
    return MARKUP.sub("", text).strip()


def singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def noun_words(text: str) -> frozenset[str]:
    words = re.findall(r"[A-Za-z][A-Za-z-]+", plain(text))
    return frozenset(singular(w) for w in words if w.lower() not in STOP_WORDS)
