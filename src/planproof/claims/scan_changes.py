"""Changes in one text: before -> after with an optional stated delta (`9.17% → 20.27% (+11.10
percentage points)`, `from 40% to 52.5%`, `28% (from 22.8%, +5.2 percentage points)`)."""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.claims.found import Add, Found
from planproof.claims.model import ChangeClaim, Num, Range
from planproof.claims.numbers import parse_number
from planproof.claims.text_patterns import ARROW, DELTA, NUM, UNSIGNED, WORD, percent, quantity

_STATED_DELTA = rf"(?:(?P<gap>(?:\s+{WORD}){{0,3}}?)\s*\(\s*{DELTA}\s*(?=[),;]))?"
CHANGE_ARROW = lazyre.compile(quantity("before") + ARROW + quantity("after") + _STATED_DELTA)
CHANGE_FROM_TO = lazyre.compile(
    rf"\bfrom\s+{quantity('before')}\s+to\s+{quantity('after')}{_STATED_DELTA}", re.I)
CHANGE_AFTER_FROM = (
    lazyre.compile(rf"{percent('after')}(?P<words>(?:\s+{WORD}){{0,3}}?)\s*\(\s*"
                   rf"from\s+{percent('before')}\s*,\s*{DELTA}\s*\)", re.I),
    lazyre.compile(rf"{percent('after')}(?P<words>(?:\s+{WORD}){{0,3}}?)\s*\(\s*"
                   rf"{DELTA}\s+from\s+{percent('before')}\s*\)", re.I),
)
ARROWS = lazyre.compile(r"→|->|⟶|=>|⇒|➜|➡|â†’")
QUANTITY_RANGE = lazyre.compile(rf"({NUM})\s?(%?)\s?[-–]\s?({UNSIGNED})")


def quantity_value(match: re.Match, name: str) -> Num | Range | None:
    """The number or percentage range a `quantity(name)` group matched; None for `2026-02`."""
    raw = match.group(name)
    pct = bool(match.group(f"{name}_pct"))
    plus = bool(match.group(f"{name}_plus"))
    inner = QUANTITY_RANGE.fullmatch(raw)
    if inner:
        low = parse_number(inner.group(1), pct)
        high = parse_number(inner.group(3), pct, plus)
        if low is None or high is None or abs(low.value) > abs(high.value) or not pct:
            return None  # `2026-02` or `10-5` is no range
        if low.sign == "-":
            return None
        return Range(low=low, high=high, text=raw + ("%" if pct else ""), percent=pct)
    return parse_number(raw, pct, plus)


def stated_delta(match: re.Match) -> tuple[Num | None, str]:
    """The delta a `DELTA` group matched and its unit: "points", "percent" or "" (a count)."""
    if match.group("delta") is None:
        return None, ""
    pct = bool(match.group("delta_pct"))
    delta = parse_number(match.group("delta"), pct, bool(match.group("delta_plus")))
    unit = "points" if match.group("points") else ("percent" if pct else "")
    return delta, unit


def _change_found(text: str, match: re.Match, start: int, percents) -> Found | None:
    """A before -> after match; without a delta, `percents` (any/all) of the two sides must be
    percentages for it to count as a claim."""
    before = quantity_value(match, "before")
    after = quantity_value(match, "after")
    if before is None or after is None:
        return None
    delta, unit = stated_delta(match)
    if delta is None and not percents((before.percent, after.percent)):
        return None
    end = match.end()
    if delta is not None and text.startswith(")", end):
        end += 1
    return Found(ChangeClaim, start, end,
                 {"before": before, "after": after, "delta": delta, "delta_unit": unit})


def _after_from_found(match: re.Match) -> Found | None:
    """`28% (from 22.8%, +5.2 percentage points)`: only with its delta."""
    after = parse_number(match.group("after"), True, bool(match.group("after_plus")))
    before = parse_number(match.group("before"), True, bool(match.group("before_plus")))
    delta, unit = stated_delta(match)
    if after is None or before is None or delta is None:
        return None
    return Found(ChangeClaim, match.start(), match.end(),
                 {"before": before, "after": after, "delta": delta, "delta_unit": unit})


def find_changes(text: str, add: Add) -> None:
    if ARROWS.search(text):
        for match in CHANGE_ARROW.finditer(text):
            # `1 -> 2` with no percentage and no delta is a step, not a claim
            add(_change_found(text, match, match.start(), any))
    if "from" in text.lower():
        for match in CHANGE_FROM_TO.finditer(text):
            add(_change_found(text, match, match.start("before"), all))
        for pattern in CHANGE_AFTER_FROM:
            for match in pattern.finditer(text):
                add(_after_from_found(match))
