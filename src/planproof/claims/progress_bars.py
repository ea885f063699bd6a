"""Body progress bars against their own percentage (PP408): `[████░░░░░░] 40%` fills 4 of 10."""

from __future__ import annotations

from fractions import Fraction
from typing import Iterator

from planproof import lazyre
from planproof.claims.body_lines import body_lines
from planproof.claims.verdict import Verdict
from planproof.findings import Span

PROGRESS_BAR = lazyre.compile(r"\[(?P<bar>[█▓▒░#=.\- ]{5,40})\]\s*(?P<pct>\d{1,3}(?:\.\d+)?)\s?%")
FILLED = frozenset("█▓#=")
PROGRESS_HINT = lazyre.compile(r"\]\s*\d{1,3}(?:\.\d+)?\s?%")  # cheap test before reading the body


def progress_bar_mismatches(doc) -> Iterator[tuple[Span, Verdict]]:
    """Body progress bars `[████░░░░░░] 40%` vs their own percentage. (STATE
    `progress.percent` vs its counts is PP721, a planning-tree rule.)"""
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
