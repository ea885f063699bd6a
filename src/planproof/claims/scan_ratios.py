"""Fractions and percentages in one text: a fraction with the percentage of its ratio (`94/124
passing (75.8%)`, `97.6% (2401/2439 lines)`), percentage ranges (`18-27%`), and the lone
percentages and fractions left over."""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.claims.found import Add, Found
from planproof.claims.model import (
    FractionClaim,
    FractionPercentClaim,
    Num,
    PercentClaim,
    Range,
    RangeClaim,
)
from planproof.claims.numbers import parse_number
from planproof.claims.text_patterns import ANY_WORD, INT, LEFT, UNSIGNED, percent

FRACTION = lazyre.compile(rf"{LEFT}(?P<num>{INT})\s?/\s?(?P<den>{INT})(?![\w/]|[.,]\d|\s?/)")
PERCENT = lazyre.compile(percent("p"))
RANGE = lazyre.compile(
    rf"(?<![\w.,/:#@~≈])(?<!\d[-–])(?P<low>[+\-−]?{UNSIGNED})\s?(?P<low_pct>%)?\s?[-–]\s?"
    rf"(?P<high>{UNSIGNED})(?P<pct>\s?%)(?P<plus>\+)?(?![-–]\d)")
FRACTION_THEN_PERCENT = lazyre.compile(
    rf"{FRACTION.pattern}(?P<words>(?:\s+{ANY_WORD}){{0,4}}?)\s*(?:\(\s*|=\s*)"
    rf"{percent('p')}(?=\s*(?:\)|,|;|(?:\s(?:pass(?:ing)?(?: rate)?|complete[d]?|done|"
    rf"verified|success(?: rate)?))\s*[),;]))")
PERCENT_THEN_FRACTION = lazyre.compile(
    rf"{percent('p')}(?P<words>(?:\s+{ANY_WORD}){{0,2}}?)\s*\(\s*"
    rf"{LEFT}(?P<num>{INT})\s?/\s?(?P<den>{INT})(?![\w/]|[.,]\d)"
    rf"(?P<after>(?:\s+{ANY_WORD}){{0,2}})\s*[),;]")

# words between a fraction and a parenthesised percentage that make the percentage another
# measure (`2/3 tasks with coverage (85%)`) rather than the fraction's own ratio
NOT_THE_SAME_RATIO = frozenset(
    "coverage accuracy rate uptime confidence score budget cpu memory latency error "
    "errors reduction increase decrease improvement growth share time duration size load "
    "of at with by from vs than over under above below about around across per in on for "
    "and or but target goal".split())


def _two_sizes(numerator: Num, denominator: Num, percent: Num) -> bool:
    """`60% (1865 / 1127 stmts)`: a part cannot exceed its whole, so a 'fraction' larger than
    one beside a percentage of at most 100 is two sizes side by side, not that percentage."""
    return numerator.value > denominator.value and percent.value <= 100


def _fraction_percent(match: re.Match, end: int, order: str) -> Found | None:
    numerator = parse_number(match.group("num"))
    denominator = parse_number(match.group("den"))
    percentage = parse_number(match.group("p"), True, bool(match.group("p_plus")))
    if not (numerator and denominator and percentage) \
            or _two_sizes(numerator, denominator, percentage):
        return None
    return Found(FractionPercentClaim, match.start(), end,
                 {"numerator": numerator, "denominator": denominator, "percent": percentage,
                  "order": order}, unit_at=match.end("den"))


def find_fraction_percents(text: str, add: Add) -> None:
    if "%" not in text or "/" not in text:
        return
    for match in FRACTION_THEN_PERCENT.finditer(text):
        if any(word in NOT_THE_SAME_RATIO for word in match.group("words").lower().split()):
            continue  # `2/3 tasks with coverage (85%)`: the percentage measures something else
        close = text.find(")", match.end())
        end = close + 1 if 0 <= close - match.end() <= 1 else match.end()
        add(_fraction_percent(match, end, "fraction_first"))
    for match in PERCENT_THEN_FRACTION.finditer(text):
        add(_fraction_percent(match, match.end(), "percent_first"))


def _range_found(match: re.Match) -> Found | None:
    low = parse_number(match.group("low"), True)
    high = parse_number(match.group("high"), True, bool(match.group("plus")))
    if low is None or high is None or low.sign == "-" or low.value > high.value:
        return None
    return Found(RangeClaim, match.start(), match.end(),
                 {"range": Range(low=low, high=high, text=match.group(0), percent=True)})


def find_ranges_and_percents(text: str, add: Add) -> None:
    if "%" not in text:
        return
    for match in RANGE.finditer(text):
        add(_range_found(match))
    for match in PERCENT.finditer(text):
        value = parse_number(match.group("p"), True, bool(match.group("p_plus")))
        if value is not None:
            add(Found(PercentClaim, match.start(), match.end(), {"value": value}))


def find_fractions(text: str, add: Add) -> None:
    if "/" not in text:
        return
    for match in FRACTION.finditer(text):
        numerator, denominator = parse_number(match.group("num")), parse_number(match.group("den"))
        if numerator is not None and denominator is not None:
            add(Found(FractionClaim, match.start(), match.end(),
                      {"numerator": numerator, "denominator": denominator}))
