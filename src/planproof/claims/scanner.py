"""Text -> found claims. Every pattern is compiled once; each text is scanned in linear passes.

Order of the passes over one text (a frontmatter string or a body block): scores, changes
(before -> after), fraction/percentage pairs, stated arithmetic, ranges, then whatever lone
percentages and fractions are left. A character belongs to at most one claim, so `9.17% →
20.27%` is one ChangeClaim, not two PercentClaims.
"""

from __future__ import annotations

import bisect
import re

from planproof import lazyre
from planproof.claims.found import Found
from planproof.claims.scan_arithmetic import find_arithmetic
from planproof.claims.scan_changes import find_changes
from planproof.claims.scan_ratios import (
    find_fraction_percents,
    find_fractions,
    find_ranges_and_percents,
)
from planproof.claims.scan_scores import find_scores
from planproof.claims.text_patterns import HAS_DIGIT

MAX_CLAIMS = 5_000  # per text and per document: real documents hold dozens; more is generated
PASSES = (find_scores, find_changes, find_fraction_percents, find_arithmetic,
          find_ranges_and_percents, find_fractions)
TRIGGER = lazyre.compile(r"[%/=≈→⟶⇒➜➡]|->|â†’|score", re.I)  # no claim pattern works without one
_TRIGGER_CHARS = ("%", "/", "=", "→", "->", "≈", "⇒", "➜", "⟶", "➡", "â†’", "core", "CORE")


def may_claim(text: str) -> bool:
    """A cheap test (plain substring checks) that `text` could hold a claim at all."""
    for needle in _TRIGGER_CHARS:
        if needle in text:
            return HAS_DIGIT.search(text) is not None
    return False


class _Taken:
    """Disjoint claimed intervals, sorted: overlap tests in O(log n)."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, end)
        return index == 0 or self.ends[index - 1] <= start

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


class _Full(Exception):
    """Raised inside a scan once MAX_CLAIMS claims are found: the rest of the text is skipped."""


def scan(text: str) -> list[Found]:
    """Every claim in one text (offsets into `text`), at most MAX_CLAIMS of them."""
    if not may_claim(text) or not TRIGGER.search(text):
        return []
    found: list[Found] = []
    taken = _Taken()

    def add(item: Found | None) -> None:
        if item is not None and taken.free(item.start, item.end):
            found.append(item)
            taken.add(item.start, item.end)
            if len(found) >= MAX_CLAIMS:
                raise _Full

    try:
        for find in PASSES:
            find(text, add)
    except _Full:
        pass
    found.sort(key=lambda f: f.start)
    return found
