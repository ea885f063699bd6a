"""Text -> claims. Every pattern is compiled once; each text is scanned in linear passes.

Order of the passes over one text (a frontmatter string or a body block): scores, changes
(before -> after), fraction/percentage pairs, stated arithmetic, ranges, then whatever lone
percentages and fractions are left. A character belongs to at most one claim, so `9.17% →
20.27%` is one ChangeClaim, not two PercentClaims. Progressions (list items) and current /
target / gap tables are read across blocks.
"""

from __future__ import annotations

import bisect
import functools
import re
import weakref
from typing import Any, Iterable

from planproof import lazyre
from planproof.claims.model import (
    ArithmeticClaim,
    ChangeClaim,
    Claim,
    FractionClaim,
    FractionPercentClaim,
    Num,
    PercentClaim,
    ProgressionClaim,
    Range,
    RangeClaim,
    ScoreClaim,
    TableRowClaim,
    TargetLinesClaim,
)
from planproof.claims.numbers import parse_number
from planproof.findings import Span

# --- building blocks ---------------------------------------------------------------------------
_LEFT = r"(?<![\w.,/:#@\-−+~≈])"  # not glued to an identifier, a date, a version, a path
_RIGHT = r"(?![\w/]|[.,]\d)"
_NUM = r"(?:(?:~|≈)\s?)?(?:[+\-−±])?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNSIGNED = r"(?:(?:~|≈)\s?)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_INT = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_PCT = rf"{_LEFT}(?P<{{name}}>{_NUM})\s?%(?P<{{name}}_plus>\+)?"
_WORD = r"[A-Za-z][\w'’-]*"
_ANY_WORD = r"[^\W\d_][\w'’-]*"  # a word in any script: `73/93 通过 (78.4%)`
_ARROW = r"\s*(?:→|->|⟶|=>|⇒|➜|➡️?|â†’)\s*"
_POINTS = r"(?:percentage[ -]points?|percent(?:age)?[ -]pts?|pp|p\.p\.|points?|pts?)"


def _pct(name: str) -> str:
    return _PCT.replace("{name}", name)


def _quantity(name: str) -> str:
    """A percentage, a percentage range (`18-27%`) or a plain number."""
    return (rf"{_LEFT}(?P<{name}>(?:{_NUM})(?:\s?%?\s?[-–]\s?{_UNSIGNED})?)"
            rf"(?P<{name}_pct>\s?%)?(?P<{name}_plus>\+)?")


FRACTION = lazyre.compile(rf"{_LEFT}(?P<num>{_INT})\s?/\s?(?P<den>{_INT})(?![\w/]|[.,]\d|\s?/)")
PERCENT = lazyre.compile(_pct("p"))
RANGE = lazyre.compile(
    rf"(?<![\w.,/:#@~≈])(?<!\d[-–])(?P<low>[+\-−]?{_UNSIGNED})\s?(?P<low_pct>%)?\s?[-–]\s?"
    rf"(?P<high>{_UNSIGNED})(?P<pct>\s?%)(?P<plus>\+)?(?![-–]\d)")

FRACTION_THEN_PERCENT = lazyre.compile(
    rf"{FRACTION.pattern}(?P<words>(?:\s+{_ANY_WORD}){{0,4}}?)\s*(?:\(\s*|=\s*)"
    rf"{_pct('p')}(?=\s*(?:\)|,|;|(?:\s(?:pass(?:ing)?(?: rate)?|complete[d]?|done|"
    rf"verified|success(?: rate)?))\s*[),;]))")
PERCENT_THEN_FRACTION = lazyre.compile(
    rf"{_pct('p')}(?P<words>(?:\s+{_ANY_WORD}){{0,2}}?)\s*\(\s*"
    rf"{_LEFT}(?P<num>{_INT})\s?/\s?(?P<den>{_INT})(?![\w/]|[.,]\d)"
    rf"(?P<after>(?:\s+{_ANY_WORD}){{0,2}})\s*[),;]")

_DELTA = (rf"(?P<delta>[+\-−±]?\s?{_UNSIGNED})(?P<delta_pct>\s?%)?(?P<delta_plus>\+)?"
          rf"(?:\s*(?P<points>{_POINTS}))?")
CHANGE_ARROW = lazyre.compile(
    _quantity("before") + _ARROW + _quantity("after")
    + rf"(?:(?P<gap>(?:\s+{_WORD}){{0,3}}?)\s*\(\s*{_DELTA}\s*(?=[),;]))?")
CHANGE_FROM_TO = lazyre.compile(
    rf"\bfrom\s+{_quantity('before')}\s+to\s+{_quantity('after')}"
    rf"(?:(?P<gap>(?:\s+{_WORD}){{0,3}}?)\s*\(\s*{_DELTA}\s*(?=[),;]))?", re.I)
CHANGE_AFTER_FROM = (
    lazyre.compile(rf"{_pct('after')}(?P<words>(?:\s+{_WORD}){{0,3}}?)\s*\(\s*"
                   rf"from\s+{_pct('before')}\s*,\s*{_DELTA}\s*\)", re.I),
    lazyre.compile(rf"{_pct('after')}(?P<words>(?:\s+{_WORD}){{0,3}}?)\s*\(\s*"
                   rf"{_DELTA}\s+from\s+{_pct('before')}\s*\)", re.I),
)

_OPERAND = rf"{_LEFT}(?:{_NUM})(?:\s?%)?(?:\s+{_WORD}){{0,2}}?"
_OPERATOR = r"(?:\s*(?:×|Ã—|\*|✕)\s*|\s+(?:x|\+|-|−)\s+)"
ARITHMETIC = lazyre.compile(
    rf"(?P<expr>{_OPERAND}(?:{_OPERATOR}{_OPERAND})+)\s*(?P<eq>=|≈)\s*"
    rf"(?P<result>{_NUM})(?P<result_pct>\s?%)?(?P<result_unit>(?:\s+{_WORD})?)(?![\w/]|[.,]\d)")
PARTIAL_SUM_BEFORE = lazyre.compile(r"[^\W\d_][\w'’)\]]*\s*(?:\+|×|\*|✕)\s*$")
OPERAND_PARTS = lazyre.compile(rf"(?P<num>{_NUM})(?P<pct>\s?%)?(?P<unit>(?:\s+{_WORD}){{0,2}})")
OPERATOR_PARTS = lazyre.compile(r"×|Ã—|\*|✕|\s(?:x|\+|-|−)\s")

SCORE_LABEL = lazyre.compile(
    rf"\bscore\b(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*:?\s*{_LEFT}(?P<num>\d+(?:\.\d+)?)\s?/\s?"
    rf"(?P<den>{_INT})(?![\w/]|[.,]\d)", re.I)
SCORE_VALUE = lazyre.compile(rf"^\s*(?P<num>\d+(?:\.\d+)?)\s?/\s?(?P<den>{_INT})(?![\w/]|[.,]\d)")
SCORE_TAIL = lazyre.compile(
    r"(?P<noun>(?:\s+(?![Ff]ully\b)[A-Za-z][\w-]*){0,3})\s*(?:\((?P<paren>[^()\n]{0,120})\))?")
BREAKDOWN = lazyre.compile(
    r"(?<![\w/.])(\d+)\s+(failed|failing|partial(?:ly verified)?|uncertain|missing|blocked|"
    r"stub(?:bed)?|human[- ]needed|needs? human|unverified|not verified)\b", re.I)

ITEM_LABEL_BEFORE = lazyre.compile(
    r"(?:\b(?:truth|item|test|task|check|criterion|requirement|req|step|case|row|phase|plan|"
    r"sc|must[- ]have|gap|issue|bug|no\.)\s*#?|#)\s*$", re.I)

OTHER_NOUN_AFTER = lazyre.compile(r"\s+([A-Za-z][\w-]*)")
GENERIC_AFTER = frozenset("and or plus with but vs so in on at after before because due since "
                          "pending remaining overall total each item items one ones".split())

PROGRESSION_ITEM = lazyre.compile(
    rf"^\s*(?:\*\*|__)?(?P<label>[A-Za-z][^:*\n]{{0,39}}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?"
    rf"(?P<value>{_UNSIGNED})(?:\*\*|__)?(?P<noun>(?:\s+{_WORD})?)"
    rf"(?:\s*\(\s*(?P<delta>[+\-−]\s?{_UNSIGNED})\s*\))?\s*$")

CELL_QUANTITY = lazyre.compile(
    rf"^(?P<low>[+\-−]?\s?{_UNSIGNED})\s?(?P<low_pct>%)?(?:\s?[-–]\s?(?P<high>{_UNSIGNED}))?"
    rf"(?P<pct>\s?%)?(?P<plus>\+)?\s*(?:{_POINTS})?$")
CELL_MARKUP = lazyre.compile(r"\*{1,3}|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9])")
CURRENT_HEADER = lazyre.compile(r"^(?:current|baseline|before|now|actual|measured|today|start|week 0)\b",
                                re.I)
TARGET_HEADER = lazyre.compile(r"^(?:target|goal|desired|required|after)\b", re.I)
GAP_HEADER = lazyre.compile(r"^(?:gap|delta|needed|remaining|Δ|diff(?:erence)?|change|increase)\b",
                            re.I)

FILE_NAME = lazyre.compile(
    r"(?<![\w/.-])(?:[\w.-]+/)*[\w-][\w.-]*\.(?:py|pyi|ts|tsx|js|jsx|mjs|cjs|go|rs|java|kt|rb|"
    r"php|cs|c|h|cc|cpp|hpp|swift|vue|svelte|sql|sh|md|json|ya?ml|toml|html|css|scss)\b"
    r"|(?<![\w/.-])(?:[\w.-]+/)+(?![\w])")
KEYWORD = lazyre.compile(
    r"\b(coverage|covered|uncovered|lines?|statements?|branch(?:es)?|tests?|passing|passed|"
    r"pass|failing|failed|fail(?:ures?)?|skipped|errors?|verified|target|goal|overall|total|"
    r"average|baseline|current(?:ly)?|measured|must[-_]haves?|truths?|requirements?|criteria|"
    r"plans?|tasks?|files?|functions?|modules?)\b", re.I)
UNIT_WORDS = frozenset(
    "lines line statements statement stmts branches branch tests test passing passed failing "
    "failed skipped errors cases assertions must-haves must_haves truths truth requirements "
    "criteria files file plans plans tasks task functions modules checks items points covered "
    "verified".split())
THRESHOLD_BEFORE = lazyre.compile(
    r"(?:[<>≤≥]=?|\bat least|\babove|\bbelow|\bunder|\bover|\bmore than|\bless than|"
    r"\bminimum|\bmin|\bmaximum|\bmax|\bwithin|\bexceeds?)\s*$", re.I)
TARGET_BEFORE = lazyre.compile(
    r"\b(?:targets?|targeted|goal|reach(?:es|ed|ing)?|achieve[sd]?|aim(?:ing)?|to|towards?|hit)"
    r"\b[\s:*]*$", re.I)
CURRENT_BEFORE = lazyre.compile(
    r"\b(?:current(?:ly)?|measured|actual|now)\b(?:\s+(?:at|is|of))?[\s:*]*$", re.I)
BASELINE_BEFORE = lazyre.compile(r"\bbaseline\b[\s:*]*$", re.I)
CLAUSE_BREAK = lazyre.compile(r"(?:[.;!?](?=\s)|\s\|\s?|\s[-–—]\s)")
HAS_DIGIT = lazyre.compile(r"\d")
CONTEXT_WINDOW = 240  # characters either side of a claim that its context is read from
TRIGGER = lazyre.compile(r"[%/=≈→⟶⇒➜➡]|->|â†’|score", re.I)  # no claim pattern works without one
_TRIGGER_CHARS = ("%", "/", "=", "→", "->", "≈", "⇒", "➜", "⟶", "➡", "â†’", "core", "CORE")


def may_claim(text: str) -> bool:
    """A cheap test (plain substring checks) that `text` could hold a claim at all."""
    for needle in _TRIGGER_CHARS:
        if needle in text:
            return HAS_DIGIT.search(text) is not None
    return False
ARROWS = lazyre.compile(r"→|->|⟶|=>|⇒|➜|➡|â†’")


# words between a fraction and a parenthesised percentage that make the percentage another
# measure (`2/3 tasks with coverage (85%)`) rather than the fraction's own ratio
NOT_THE_SAME_RATIO = frozenset(
    "coverage accuracy rate uptime confidence score budget cpu memory latency error "
    "errors reduction increase decrease improvement growth share time duration size load "
    "of at with by from vs than over under above below about around across per in on for "
    "and or but target goal".split())


# --- scanning one text -------------------------------------------------------------------------

class _Found:
    """A claim found in a text, before positions and context are attached."""

    __slots__ = ("cls", "start", "end", "values", "unit_at", "unit")

    def __init__(self, cls, start: int, end: int, values: dict[str, Any], unit_at: int | None = None,
                 unit: str | None = None) -> None:
        self.cls, self.start, self.end, self.values = cls, start, end, values
        self.unit_at = unit_at if unit_at is not None else end
        self.unit = unit


def _num(text: str | None, percent: bool = False, at_least: bool = False) -> Num | None:
    if text is None:
        return None
    return parse_number(text, percent=percent, at_least=at_least)


def _quantity_value(match: re.Match, name: str) -> Num | Range | None:
    raw = match.group(name)
    pct = bool(match.group(f"{name}_pct"))
    plus = bool(match.group(f"{name}_plus"))
    inner = re.fullmatch(rf"({_NUM})\s?(%?)\s?[-–]\s?({_UNSIGNED})", raw)
    if inner:
        low = _num(inner.group(1), pct)
        high = _num(inner.group(3), pct, plus)
        if low is None or high is None or abs(low.value) > abs(high.value) or not pct:
            return None  # `2026-02` or `10-5` is no range
        if low.sign == "-":
            return None
        return Range(low=low, high=high, text=raw + ("%" if pct else ""), percent=pct)
    return _num(raw, pct, plus)


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


def _score_found(text: str, match: re.Match, start: int) -> _Found | None:
    achieved = _num(match.group("num"))
    total = _num(match.group("den"))
    if achieved is None or total is None:
        return None
    tail = SCORE_TAIL.match(text, match.end())
    noun = tail.group("noun").strip() if tail else ""
    paren = tail.group("paren") if tail else None
    end = match.end() + (len(tail.group("noun")) if tail else 0)
    percent = None
    breakdown: dict[str, int] = {}
    if paren is not None:
        pct = re.fullmatch(rf"\s*({_NUM})\s?%\s*", paren)
        if pct:
            percent = _num(pct.group(1), True)
        for found in BREAKDOWN.finditer(paren):
            if ITEM_LABEL_BEFORE.search(paren, 0, found.start()):
                continue  # `(Truth 3 failed)` names an item, it does not count failures
            counted = OTHER_NOUN_AFTER.match(paren, found.end())
            if counted and counted.group(1).lower() not in noun.lower() \
                    and counted.group(1).lower() not in GENERIC_AFTER:
                continue  # `1 partial documentation issue` counts issues, not the score's truths
            count, word = found.groups()
            key = word.lower().split()[0].replace("-", "_")
            key = {"failing": "failed", "stubbed": "stub", "needs": "human_needed",
                   "human": "human_needed", "not": "unverified"}.get(key, key)
            breakdown[key] = breakdown.get(key, 0) + int(count)
        if percent is not None or breakdown:
            end = tail.end()
    return _Found(ScoreClaim, start, end,
                  {"achieved": achieved, "total": total, "noun": noun, "percent": percent,
                   "breakdown": breakdown}, unit=noun.split()[0].lower() if noun else None)


def _two_sizes(numerator: Num, denominator: Num, percent: Num) -> bool:
    """`60% (1865 / 1127 stmts)`: a part cannot exceed its whole, so a 'fraction' larger than
    one beside a percentage of at most 100 is two sizes side by side, not that percentage."""
    return numerator.value > denominator.value and percent.value <= 100


def _delta(match: re.Match) -> tuple[Num | None, str]:
    if match.group("delta") is None:
        return None, ""
    pct = bool(match.group("delta_pct"))
    delta = _num(match.group("delta"), pct, bool(match.group("delta_plus")))
    unit = "points" if match.group("points") else ("percent" if pct else "")
    return delta, unit


def _change_found(text: str, match: re.Match, start: int, percents) -> _Found | None:
    """A before -> after match; without a delta, `percents` (any/all) of the two sides must be
    percentages for it to count as a claim."""
    before = _quantity_value(match, "before")
    after = _quantity_value(match, "after")
    if before is None or after is None:
        return None
    delta, unit = _delta(match)
    if delta is None and not percents((before.percent, after.percent)):
        return None
    end = match.end()
    if delta is not None and text.startswith(")", end):
        end += 1
    return _Found(ChangeClaim, start, end,
                  {"before": before, "after": after, "delta": delta, "delta_unit": unit})


MAX_CLAIMS = 5_000  # per text and per document: real documents hold dozens; more is generated


class _Full(Exception):
    """Raised inside a scan once MAX_CLAIMS claims are found: the rest of the text is skipped."""


def scan(text: str) -> list[_Found]:
    """Every claim in one text (offsets into `text`), at most MAX_CLAIMS of them."""
    if not may_claim(text) or not TRIGGER.search(text):
        return []
    found: list[_Found] = []
    taken = _Taken()

    def add(item: _Found | None) -> None:
        if item is not None and taken.free(item.start, item.end):
            found.append(item)
            taken.add(item.start, item.end)
            if len(found) >= MAX_CLAIMS:
                raise _Full

    try:
        _collect(text, add)
    except _Full:
        pass
    found.sort(key=lambda f: f.start)
    return found


def _collect(text: str, add) -> None:
    if "score" in text.lower():
        for match in SCORE_LABEL.finditer(text):
            add(_score_found(text, match, match.start("num")))
    if ARROWS.search(text):
        for match in CHANGE_ARROW.finditer(text):
            # `1 -> 2` with no percentage and no delta is a step, not a claim
            add(_change_found(text, match, match.start(), any))
    lowered = text.lower()
    if "from" in lowered:
        for match in CHANGE_FROM_TO.finditer(text):
            add(_change_found(text, match, match.start("before"), all))
        for match in (m for pattern in CHANGE_AFTER_FROM for m in pattern.finditer(text)):
            after = _num(match.group("after"), True, bool(match.group("after_plus")))
            before = _num(match.group("before"), True, bool(match.group("before_plus")))
            delta, unit = _delta(match)
            if after is None or before is None or delta is None:
                continue
            add(_Found(ChangeClaim, match.start(), match.end(),
                       {"before": before, "after": after, "delta": delta, "delta_unit": unit}))
    if "%" in text and "/" in text:
        for match in FRACTION_THEN_PERCENT.finditer(text):
            words = match.group("words").lower().split()
            if any(word in NOT_THE_SAME_RATIO for word in words):
                continue  # `2/3 tasks with coverage (85%)`: the percentage measures something else
            numerator, denominator = _num(match.group("num")), _num(match.group("den"))
            percent = _num(match.group("p"), True, bool(match.group("p_plus")))
            if numerator and denominator and percent and not _two_sizes(numerator, denominator,
                                                                        percent):
                close = text.find(")", match.end())
                end = close + 1 if 0 <= close - match.end() <= 1 else match.end()
                add(_Found(FractionPercentClaim, match.start(), end,
                           {"numerator": numerator, "denominator": denominator,
                            "percent": percent, "order": "fraction_first"},
                           unit_at=match.end("den")))
        for match in PERCENT_THEN_FRACTION.finditer(text):
            numerator, denominator = _num(match.group("num")), _num(match.group("den"))
            percent = _num(match.group("p"), True, bool(match.group("p_plus")))
            if numerator and denominator and percent and not _two_sizes(numerator, denominator,
                                                                        percent):
                add(_Found(FractionPercentClaim, match.start(), match.end(),
                           {"numerator": numerator, "denominator": denominator,
                            "percent": percent, "order": "percent_first"},
                           unit_at=match.end("den")))
    if "=" in text or "≈" in text:
        for match in ARITHMETIC.finditer(text):
            item = _arithmetic(match)
            add(item)
    if "%" in text:
        for match in RANGE.finditer(text):
            low = _num(match.group("low"), True)
            high = _num(match.group("high"), True, bool(match.group("plus")))
            if low is None or high is None or low.sign == "-" or low.value > high.value:
                continue
            add(_Found(RangeClaim, match.start(), match.end(),
                       {"range": Range(low=low, high=high, text=match.group(0), percent=True)}))
        for match in PERCENT.finditer(text):
            value = _num(match.group("p"), True, bool(match.group("p_plus")))
            if value is not None:
                add(_Found(PercentClaim, match.start(), match.end(), {"value": value}))
    if "/" in text:
        for match in FRACTION.finditer(text):
            numerator, denominator = _num(match.group("num")), _num(match.group("den"))
            if numerator is not None and denominator is not None:
                add(_Found(FractionClaim, match.start(), match.end(),
                           {"numerator": numerator, "denominator": denominator}))


def _arithmetic(match: re.Match) -> _Found | None:
    if PARTIAL_SUM_BEFORE.search(match.string, 0, match.start()):
        return None  # `chassis + 7 + 2 = ~16`: a term without a number, the sum is partial
    expr = match.group("expr")
    operators = [op.strip().replace("Ã—", "×").replace("*", "×").replace("✕", "×")
                 .replace("x", "×").replace("−", "-") for op in OPERATOR_PARTS.findall(expr)]
    pieces = OPERATOR_PARTS.split(expr)
    if len(pieces) != len(operators) + 1 or len(pieces) < 2:
        return None
    operands, units = [], []
    for piece in pieces:
        part = OPERAND_PARTS.fullmatch(piece.strip())
        if not part:
            return None
        value = _num(part.group("num"), bool(part.group("pct")))
        if value is None:
            return None
        operands.append(value)
        units.append(part.group("unit").strip())
    result = _num(match.group("result"), bool(match.group("result_pct")))
    if result is None:
        return None
    if any(op == "×" for op in operators) and any(o.percent for o in operands):
        return None  # `20% × 3` mixes a rate and a count: not read
    units.append(match.group("result_unit").strip())
    return _Found(ArithmeticClaim, match.start(), match.end(),
                  {"operands": operands, "operators": operators, "result": result,
                   "units": units})


# --- context ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=256)
def _line_index(raw: str):
    """File names and keywords of one source text, found once (claims on one line share it)."""
    files = [(m.start(), m.end(), m.group(0)) for m in FILE_NAME.finditer(raw)]
    words = [(m.start(), m.end(), m.group(0).lower()) for m in KEYWORD.finditer(raw)]
    return files, [f[0] for f in files], [f[1] for f in files], words, [w[0] for w in words]


@functools.lru_cache(maxsize=256)
def _keywords_of(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k.lower() for k in KEYWORD.findall(text)))


def _clause_bounds(raw: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): between the nearest clause breaks, within a window."""
    begin = max(0, start - CONTEXT_WINDOW)
    for match in CLAUSE_BREAK.finditer(raw, begin, max(0, start)):
        begin = match.end()
    stop = min(len(raw), end + CONTEXT_WINDOW)
    tail = CLAUSE_BREAK.search(raw, min(end, len(raw)), stop)
    if tail:
        stop = tail.start()
    return begin, stop


def _clause(raw: str, start: int, end: int) -> str:
    """The raw text between the clause breaks around [start, end)."""
    begin, stop = _clause_bounds(raw, start, end)
    return raw[begin:stop].strip()


def _subject(raw: str, start: int, end: int) -> str | None:
    """The nearest file name before the claim (else the first after it), within the window."""
    files, file_starts, file_ends, _, _ = _line_index(raw)
    before = bisect.bisect_right(file_ends, start) - 1
    if before >= 0 and files[before][1] >= start - CONTEXT_WINDOW:
        return files[before][2]
    after = bisect.bisect_left(file_starts, end)
    if after < len(files) and files[after][0] <= end + CONTEXT_WINDOW:
        return files[after][2]
    return None


def _clause_keywords(raw: str, begin: int, stop: int) -> list[str]:
    _, _, _, words, word_starts = _line_index(raw)
    first = bisect.bisect_left(word_starts, begin)
    out = []
    for index in range(first, len(words)):
        w_start, w_end, word = words[index]
        if w_end > stop:
            break
        out.append(word)
    return out


UNIT_STOP = lazyre.compile(r"[(),;:|\d]")


def _unit(raw: str, at: int) -> str | None:
    """The counted noun among the next three words, not past a bracket, comma or number."""
    window = raw[at:at + 60]
    stop = UNIT_STOP.search(window)
    words = re.findall(r"[A-Za-z][\w-]*", window[:stop.start()] if stop else window)[:3]
    for word in words:
        if word.lower() in UNIT_WORDS:
            return word.lower()
    return None


def _role(raw_before: str, claim: _Found) -> str | None:
    if claim.cls is ChangeClaim:
        return None
    value = claim.values.get("value") or claim.values.get("range")
    if value is not None and value.at_least:
        return "threshold"
    tail = raw_before[-40:]
    if THRESHOLD_BEFORE.search(tail):
        return "threshold"
    if BASELINE_BEFORE.search(tail):
        return "baseline"
    if CURRENT_BEFORE.search(tail):
        return "current"
    if TARGET_BEFORE.search(tail):
        return "target"
    return None


def _build(item: _Found, text: str, span: Span, origin: str, *, key_path: str | None = None,
           block=None, raw: str | None = None, raw_offset: int = 0,
           subject: str | None = None, role: str | None = None,
           surroundings: str = "") -> Claim:
    """Attach position and context. `raw` is the source line text aligned so that
    text[i] == raw[i - raw_offset] wherever the claim lies (inline code not blanked)."""
    source = raw if raw is not None else text
    start = max(0, item.start - raw_offset)
    end = max(start, item.end - raw_offset)
    begin, stop = _clause_bounds(source, start, end)
    clause = source[begin:stop].strip()
    unit = item.unit or _unit(text, item.unit_at)
    keywords = tuple(dict.fromkeys(_clause_keywords(source, begin, stop)
                                   + list(_keywords_of(surroundings) if surroundings else ())))
    claim_subject = _subject(source, start, end) or subject
    claim_role = role or _role(source[max(0, start - 60):start], item)
    return item.cls(text=text[item.start:item.end], span=span, origin=origin, key_path=key_path,
                    block=block, clause=clause, subject=claim_subject, unit=unit,
                    keywords=keywords, role=claim_role, **item.values)


def build_claim(item: _Found, text: str, span: Span, origin: str, **context) -> Claim:
    """A claim from a scan() result, with position and context (see _build)."""
    return _build(item, text, span, origin, **context)


# --- frontmatter -------------------------------------------------------------------------------

def _strings(data: Any, path: str = "", parent: dict | None = None):
    from planproof.frontmatter_model import child_path

    stack = [(data, path, parent)]
    while stack:
        value, key_path, owner = stack.pop()
        if isinstance(value, str):
            yield key_path, value, owner
        elif isinstance(value, dict):
            for key, child in reversed(list(value.items())):
                stack.append((child, child_path(key_path, key), value))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                stack.append((value[index], f"{key_path}[{index}]", owner))


MAX_RECOVERY = 10  # YAML errors skipped at most; and never more than a third of the lines


class Recovered:
    """Frontmatter read leniently: when YAML fails, the offending lines are blanked out one at a
    time (line numbers stay right) until the rest parses. `skipped` lists the blanked lines."""

    __slots__ = ("frontmatter", "skipped")

    def __init__(self, frontmatter, skipped: list[int]) -> None:
        self.frontmatter = frontmatter
        self.skipped = skipped

    @property
    def data(self) -> dict:
        data = self.frontmatter.data
        return data if isinstance(data, dict) else {}


_RECOVERED: "weakref.WeakKeyDictionary[Any, Recovered]" = weakref.WeakKeyDictionary()


def frontmatter_of(doc) -> Recovered:
    """The document's frontmatter, recovered around YAML syntax errors when needed."""
    cached = _RECOVERED.get(doc)
    if cached is not None:
        return cached
    fm = doc.frontmatter
    skipped: list[int] = []
    if (fm.present and fm.format == "yaml" and fm.data is None
            and any(code == "PP110" for code, _ in fm.problems)):
        from planproof import frontmatter as fm_parser

        lines = list(doc.lines)
        current = fm
        for _ in range(MAX_RECOVERY):
            errors = [v for code, v in current.problems if code == "PP110"]
            if not errors:
                break
            line = errors[0].span.line
            if not (fm.start_line < line < fm.end_line) or line in skipped:
                break
            skipped.append(line)
            lines[line - 1] = ""
            current = fm_parser.parse(lines)
        limit = max(3, (fm.end_line - fm.start_line - 1) // 3)
        if isinstance(current.data, dict) and len(skipped) <= limit:
            fm = current
        else:
            skipped = []
    recovered = Recovered(fm, sorted(skipped))
    _RECOVERED[doc] = recovered
    return recovered


_FRONTMATTER_CLAIMS: "weakref.WeakKeyDictionary[Any, list[Claim]]" = weakref.WeakKeyDictionary()


def _frontmatter_claims(doc) -> list[Claim]:
    """The frontmatter's claims, read once per document (lint and verify rules both ask)."""
    try:
        cached = _FRONTMATTER_CLAIMS.get(doc)
    except TypeError:
        cached = None
    if cached is None:
        cached = _read_frontmatter_claims(doc)
        try:
            _FRONTMATTER_CLAIMS[doc] = cached
        except TypeError:
            pass
    return list(cached)


def _read_frontmatter_claims(doc) -> list[Claim]:
    recovered = frontmatter_of(doc)
    fm = recovered.frontmatter
    claims: list[Claim] = []
    for line_no in recovered.skipped:  # lines YAML could not read: scanned as plain text
        raw = doc.lines[line_no - 1]
        for item in scan(raw):
            span = Span(line_no, item.start + 1, line_no, item.end + 1)
            claims.append(_build(item, raw, span, "frontmatter", raw=raw))
    if not fm.present or not isinstance(fm.data, dict):
        return claims
    for key_path, value, owner in _strings(fm.data):
        if not may_claim(value):
            continue
        last_key = key_path.rsplit(".", 1)[-1].split("[", 1)[0].lower()
        found = []
        if "score" in last_key:
            match = SCORE_VALUE.match(value)
            if match:
                score = _score_found(value, match, match.start("num"))
                if score is not None:
                    found.append(score)
                    rest = [f for f in scan(value) if f.start >= score.end]
                    found.extend(rest)
        if not found:
            found = scan(value)
        if not found:
            continue
        sibling = owner.get("path") if isinstance(owner, dict) else None
        sibling = sibling if isinstance(sibling, str) else None
        position = fm.positions.get(key_path)
        cursor = None
        for item in found:
            claim_text = value[item.start:item.end]
            span, raw, raw_offset, cursor = _frontmatter_span(doc, position, claim_text, item,
                                                              cursor)
            claims.append(_build(item, value, span, "frontmatter", key_path=key_path, raw=raw,
                                 raw_offset=raw_offset, subject=sibling))
    return claims


def _frontmatter_span(doc, position, claim_text: str, item: _Found,
                      cursor: tuple[int, int] | None):
    """Where `claim_text` sits in the file, searching on from `cursor` (the end of the previous
    claim of the same value); falls back to the value's start. Returns (span, raw line,
    raw offset, new cursor)."""
    if position is None:
        line = doc.frontmatter.start_line or 1
        return Span(line, 1), None, 0, cursor
    value_span = position.value
    first = value_span.line
    last = value_span.last_line
    start_line, start_column = cursor or (first, value_span.column - 1)
    for line_no in range(start_line, min(last, len(doc.lines)) + 1):
        source = doc.lines[line_no - 1]
        begin = start_column if line_no == start_line else 0
        column = source.find(claim_text, begin)
        if column >= 0:
            span = Span(line_no, column + 1, line_no, column + 1 + len(claim_text))
            return span, source, item.start - column, (line_no, column + len(claim_text))
    return Span(first, value_span.column), None, 0, cursor


# --- body --------------------------------------------------------------------------------------

def _body_claims(doc) -> list[Claim]:
    body = doc.body
    claims: list[Claim] = []
    header_roles = _table_header_roles(body)
    # (list level, subject, first line) of the enclosing list items; the current heading
    parents: list[tuple[int, str | None, str]] = []
    heading = ""
    for block in body.prose():
        if len(claims) >= MAX_CLAIMS:
            break  # extract_claims reports the document as truncated
        text = block.text
        inherited = None
        surroundings = heading
        if block.kind == "list_item":
            while parents and parents[-1][0] >= block.level:
                parents.pop()
            raw_line = doc.lines[block.line - 1] if 0 < block.line <= len(doc.lines) else ""
            enclosing = list(parents)
            parents.append((block.level, None, raw_line[:200]))
            if not may_claim(text):
                continue
            for _, _, parent_line in reversed(enclosing):
                own = FILE_NAME.search(parent_line)
                if own:
                    inherited = own.group(0)
                    break
            surroundings = " ".join([heading] + [t for _, _, t in enclosing])
        elif block.kind == "heading":
            parents.clear()
            heading = text[:200]
        elif block.kind == "paragraph":
            parents.clear()
        if not may_claim(text):
            continue
        found = scan(text)
        if not found:
            continue
        column_role = None
        if block.kind == "table_cell" and block.table is not None and block.row:
            column_role = header_roles.get((block.table, block.column))
        for item in found:
            line, column = block.position(item.start)
            end_line, end_column = block.position(item.end)
            raw = doc.lines[line - 1] if 0 < line <= len(doc.lines) else None
            raw_offset = item.start - (column - 1) if raw is not None else 0
            if raw is not None and end_line != line:
                raw_offset = item.start - (column - 1)
            subject = inherited
            if block.kind == "table_cell":
                subject = _row_label(body, block)
            claims.append(_build(item, text, Span(line, column, end_line, end_column),
                                 block.kind, block=block, raw=raw, raw_offset=raw_offset,
                                 subject=subject, role=column_role, surroundings=surroundings))
    claims.extend(_progressions(doc, body))
    claims.extend(_table_rows(doc, body))
    claims.extend(_target_lines(doc, body, claims))
    return claims


TARGET_LINES = lazyre.compile(
    rf"^\s*(?:\*\*|__)?target(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*:?\s*"
    rf"(?P<target>{_UNSIGNED})\s?%\s*\(\s*(?P<needed>\+\s?{_UNSIGNED})\s+"
    rf"(?P<unit>lines|statements|stmts)\b[^)]*\)", re.I)


def _target_lines(doc, body, claims: list[Claim]) -> list[Claim]:
    """`Target: 50% (+407 lines)` in the list item right after `Current: ... (a/b lines)`."""
    if "arget" not in doc.text:
        return []
    currents = {}
    for claim in claims:
        if (isinstance(claim, FractionPercentClaim) and claim.unit in ("lines", "statements",
                                                                       "stmts")
                and claim.block is not None and claim.block.kind == "list_item"):
            currents[id(claim.block)] = claim
    if not currents:
        return []
    out: list[Claim] = []
    items = [b for b in body.blocks if b.kind == "list_item"]
    for index, block in enumerate(items):
        current = currents.get(id(block))
        if current is None:
            continue
        for follower in items[index + 1:index + 3]:
            if follower.level != block.level:
                break
            match = TARGET_LINES.match(follower.text)
            if not match:
                continue
            target = _num(match.group("target"), True)
            needed = _num(match.group("needed"))
            if target is None or needed is None:
                break
            line, column = follower.position(match.start("target"))
            end_line, end_column = follower.position(match.end())
            raw = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
            out.append(TargetLinesClaim(
                text=follower.text[match.start("target"):match.end()],
                span=Span(line, column, end_line, end_column), origin="list_item",
                block=follower, clause=raw.strip(), subject=current.subject,
                unit=match.group("unit").lower(), keywords=current.keywords, role="target",
                covered=current.numerator, total=current.denominator,
                current_percent=current.percent, target=target, needed=needed,
                current_span=current.span))
            break
    return out


def _table_header_roles(body) -> dict[tuple[int, int], str]:
    roles = {}
    for index, table in enumerate(body.tables):
        for column, header in enumerate(table.header):
            clean = CELL_MARKUP.sub("", header).strip()
            if CURRENT_HEADER.match(clean):
                roles[(index, column)] = "current"
            elif TARGET_HEADER.match(clean):
                roles[(index, column)] = "target"
    return roles


def _row_label(body, block) -> str | None:
    table = body.tables[block.table]
    if block.row is None or block.row >= len(table.rows) or not table.rows[block.row]:
        return None
    first = table.rows[block.row][0]
    label = CELL_MARKUP.sub("", first.text).strip().strip("`").strip()
    if first is block or not label:
        return None
    found = FILE_NAME.search(label)
    return found.group(0) if found else None


def _cell_quantity(text: str) -> Num | Range | None:
    clean = CELL_MARKUP.sub("", text).replace("`", "").strip()
    match = CELL_QUANTITY.match(clean)
    if not match:
        return None
    pct = bool(match.group("pct") or match.group("low_pct"))
    plus = bool(match.group("plus"))
    if match.group("high") is None:
        return _num(match.group("low"), pct, plus)
    low = _num(match.group("low"), pct)
    high = _num(match.group("high"), pct, plus)
    if low is None or high is None or low.value > high.value:
        return None
    return Range(low=low, high=high, text=clean, percent=pct)


def _table_rows(doc, body) -> list[Claim]:
    claims: list[Claim] = []
    for index, table in enumerate(body.tables):
        roles: dict[str, int] = {}
        for column, header in enumerate(table.header):
            clean = CELL_MARKUP.sub("", header).strip()
            for role, pattern in (("current", CURRENT_HEADER), ("target", TARGET_HEADER),
                                  ("gap", GAP_HEADER)):
                if pattern.match(clean):
                    if role in roles:
                        roles[role] = -1  # two candidate columns: ambiguous
                    else:
                        roles[role] = column
        if len(roles) != 3 or -1 in roles.values():
            continue
        for row_index, row in enumerate(table.rows[1:], start=1):
            cells = {role: row[col] for role, col in roles.items() if col < len(row)}
            if len(cells) != 3:
                continue
            values = {role: _cell_quantity(cell.text) for role, cell in cells.items()}
            if any(v is None for v in values.values()):
                continue
            label = CELL_MARKUP.sub("", row[0].text).strip() if row else ""
            first, last = min(cells.values(), key=lambda c: c.column), cells["gap"]
            line, column = first.position(0)
            _, end_column = last.position(len(last.text))
            raw = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
            text = raw[column - 1:end_column - 1] if raw else ""
            subject = FILE_NAME.search(label)
            keywords = tuple(dict.fromkeys(k.lower() for k in KEYWORD.findall(
                " ".join(table.header) + " " + label)))
            claims.append(TableRowClaim(
                text=text, span=Span(line, column, line, end_column), origin="table_cell",
                block=last, clause=raw.strip(), subject=subject.group(0) if subject else label,
                unit=None, keywords=keywords, role=None, label=label,
                current=values["current"], target=values["target"], gap=values["gap"],
                table=index, row=row_index,
                columns={role: table.header[col] for role, col in roles.items()}))
    return claims


def _progressions(doc, body) -> list[Claim]:
    """Runs of consecutive list items `Label: N noun` / `Label: ~N noun (+D)`."""
    claims: list[Claim] = []
    run: list[tuple[Any, re.Match]] = []

    def flush() -> None:
        if len(run) >= 2:
            claims.extend(_progression_claims(doc, run))
        run.clear()

    if "(+" not in doc.text and "(-" not in doc.text and "(−" not in doc.text:
        return claims
    if not any(block.kind == "list_item" and ("(+" in block.text or "(-" in block.text
                                              or "(−" in block.text) for block in body.blocks):
        return claims
    previous_block = None
    for block in body.blocks:
        if block.kind != "list_item":
            if block.kind not in ("paragraph",) or previous_block is None:
                flush()
            previous_block = None
            continue
        match = PROGRESSION_ITEM.match(block.text)
        adjacent = previous_block is not None and block.line <= previous_block.end_line + 1 \
            and block.level == previous_block.level
        if not match:
            flush()
            previous_block = None
            continue
        if not adjacent:
            flush()
        run.append((block, match))
        previous_block = block
    flush()
    return claims


SEQUENCE_LABEL = lazyre.compile(r"^([A-Za-z]+)\s*#?\d+(?:\.\d+)?\b")
BASE_LABELS = frozenset({"baseline", "base", "before", "start", "current", "now", "today"})


def _sequence_key(label: str) -> str | None:
    label = label.strip().lower()
    match = SEQUENCE_LABEL.match(label)
    if match:
        return match.group(1)
    if label in BASE_LABELS:
        return "base"
    return None


def _progression_claims(doc, run) -> Iterable[Claim]:
    first_block, first = run[0]
    if first.group("delta"):
        return []
    nouns = {m.group("noun").strip().lower() for _, m in run}
    if len(nouns) > 1:
        return []
    # the labels must read as a sequence (Week 0, Week 2...; Baseline, After...), not as parts
    keys = {_sequence_key(m.group("label")) for _, m in run[1:]}
    first_key = _sequence_key(first.group("label"))
    if None in keys or len(keys) != 1 or (first_key not in keys and first_key != "base"):
        return []
    base = _num(first.group("value"))
    if base is None:
        return []
    out = []
    previous = base
    base_line, base_column = first_block.position(first.start("value"))
    for block, match in run[1:]:
        value = _num(match.group("value"))
        if value is None:
            return out
        if match.group("delta"):
            delta = _num(match.group("delta"))
            if delta is None:
                continue
            line, column = block.position(match.start("value"))
            end_line, end_column = block.position(match.end("delta") + 1)
            raw = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
            out.append(ProgressionClaim(
                text=block.text[match.start("value"):match.end("delta") + 1],
                span=Span(line, column, end_line, end_column), origin="list_item", block=block,
                clause=raw.strip(), subject=None, unit=match.group("noun").strip().lower() or None,
                keywords=tuple(dict.fromkeys(k.lower() for k in KEYWORD.findall(raw))),
                role=None, label=match.group("label").strip(), value=value, delta=delta,
                base=base, base_label=first.group("label").strip(), previous=previous,
                base_span=Span(base_line, base_column)))
        previous = value
    return out


# --- entry point -------------------------------------------------------------------------------

_CACHE: "weakref.WeakKeyDictionary[Any, list[Claim]]" = weakref.WeakKeyDictionary()


_TRUNCATED: "weakref.WeakSet[Any]" = weakref.WeakSet()


def truncated(doc) -> bool:
    """Whether extract_claims(doc) stopped at MAX_CLAIMS."""
    return doc in _TRUNCATED


def extract_claims(doc) -> list[Claim]:
    """Every claim of `doc` in document order (cached per document object)."""
    try:
        cached = _CACHE.get(doc)
    except TypeError:
        cached = None
    if cached is not None:
        return cached
    claims: list[Claim] = []
    if not getattr(doc, "skipped", False):
        claims = _frontmatter_claims(doc) + _body_claims(doc)
        claims.sort(key=lambda c: (c.span.line, c.span.column))
        if len(claims) >= MAX_CLAIMS:
            claims = claims[:MAX_CLAIMS]
            _TRUNCATED.add(doc)
    try:
        _CACHE[doc] = claims
    except TypeError:
        pass
    return claims


# --- the lint fast path ------------------------------------------------------------------------
# Parsing the markdown body costs far more than reading claims from it, and most documents hold
# no claim a PP4xx rule could judge. The rules therefore ask `claims_for_checks(doc)`, which
# parses the body only when a raw line (outside code fences, inline code blanked) holds a
# checkable claim or the start of a multi-block one (a current/target/gap table, a progression,
# a coverage target with lines). A claim split over two source lines is only seen by
# `extract_claims` (the `planproof claims` command and verify-mode checkers).

GAP_TABLE_LINE = lazyre.compile(  # a header row with current, target and gap columns, any order
    r"^\s*\|(?=.*\|\s*[*_]*(?:current|baseline|before|now|actual|measured|today|start|week 0)\b)"
    r"(?=.*\|\s*[*_]*(?:target|goal|desired|required|after)\b)"
    r"(?=.*\|\s*[*_]*(?:gap|delta|needed|remaining|Δ|diff(?:erence)?|change|increase)\b)", re.I)
PROGRESSION_LINE = lazyre.compile(r"^\s*(?:[-*+]|\d+[.)])\s.*\(\s*[+\-−]\s?\d")
TARGET_LINE = lazyre.compile(r"target.*\(\s*\+\s?\d[\d,]*\s+(?:lines|statements|stmts)\b", re.I)
_NEEDS_BODY: "weakref.WeakKeyDictionary[Any, bool]" = weakref.WeakKeyDictionary()
_CHECK_CACHE: "weakref.WeakKeyDictionary[Any, list[Claim]]" = weakref.WeakKeyDictionary()


def _checkable(item: _Found) -> bool:
    """Could this claim alone, or with the frontmatter score, produce a PP4xx finding?"""
    if item.cls is ChangeClaim:
        return item.values.get("delta") is not None
    if item.cls is ScoreClaim:  # compared with the frontmatter line by line (document_checks)
        values = item.values
        return bool(values.get("percent") is not None or values.get("breakdown")
                    or values["achieved"].value > values["total"].value)
    return item.cls in (FractionPercentClaim, ArithmeticClaim)


_CHECK_HINT = lazyre.compile(r"[=≈→⇒➜⟶➡%]|->|â†’|core|CORE|\(\s?[+\-−]|arget")


def _may_check(line: str) -> bool:
    """Cheap test for lines that may hold a checkable claim (a lone fraction never does)."""
    return _CHECK_HINT.search(line) is not None and HAS_DIGIT.search(line) is not None


def needs_body(doc) -> bool:
    """Could the body hold a claim that a consistency rule can judge? (cheap, line based)"""
    cached = _NEEDS_BODY.get(doc)
    if cached is not None:
        return cached
    from planproof.body import blank_inline_code

    from planproof.claims.lines import unfenced

    result = False
    for _, line in unfenced(doc):
        if line is None:
            continue
        if "|" in line and GAP_TABLE_LINE.match(line):
            result = True  # maybe a current / target / gap table
            break
        if not _may_check(line):
            continue
        text = blank_inline_code(line)[0] if "`" in line else line
        if (PROGRESSION_LINE.match(text) or TARGET_LINE.search(text)
                or any(_checkable(item) for item in scan(text))):
            result = True
            break
    _NEEDS_BODY[doc] = result
    return result


def claims_for_checks(doc) -> list[Claim]:
    """The claims the PP4xx rules judge: every claim when the body may hold a checkable one,
    otherwise only the frontmatter's (the body is then never parsed)."""
    if needs_body(doc):
        return extract_claims(doc)
    cached = _CHECK_CACHE.get(doc)
    if cached is None:
        cached = [] if doc.skipped else _frontmatter_claims(doc)
        cached.sort(key=lambda c: (c.span.line, c.span.column))
        _CHECK_CACHE[doc] = cached
    return cached
