"""Scores in one text: `Score: 3/6 must_haves verified`, `**Score:** 10/11 truths verified
(1 failed, 1 partial)`, `20/20 (100%)` after a `score` key."""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.claims.found import Add, Found
from planproof.claims.model import ScoreClaim
from planproof.claims.numbers import parse_number
from planproof.claims.text_patterns import INT, LEFT, NOT_GLUED_AFTER, NUM

SCORE_LABEL = lazyre.compile(
    rf"\bscore\b(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*:?\s*{LEFT}(?P<num>\d+(?:\.\d+)?)\s?/\s?"
    rf"(?P<den>{INT}){NOT_GLUED_AFTER}", re.I)
SCORE_VALUE = lazyre.compile(rf"^\s*(?P<num>\d+(?:\.\d+)?)\s?/\s?(?P<den>{INT}){NOT_GLUED_AFTER}")
SCORE_TAIL = lazyre.compile(
    r"(?P<noun>(?:\s+(?![Ff]ully\b)[A-Za-z][\w-]*){0,3})\s*(?:\((?P<paren>[^()\n]{0,120})\))?")
BREAKDOWN = lazyre.compile(
    r"(?<![\w/.])(\d+)\s+(failed|failing|partial(?:ly verified)?|uncertain|missing|blocked|"
    r"stub(?:bed)?|human[- ]needed|needs? human|unverified|not verified)\b", re.I)
BREAKDOWN_KEYS = {"failing": "failed", "stubbed": "stub", "needs": "human_needed",
                  "human": "human_needed", "not": "unverified"}
PERCENT_ONLY = lazyre.compile(rf"\s*({NUM})\s?%\s*")

ITEM_LABEL_BEFORE = lazyre.compile(
    r"(?:\b(?:truth|item|test|task|check|criterion|requirement|req|step|case|row|phase|plan|"
    r"sc|must[- ]have|gap|issue|bug|no\.)\s*#?|#)\s*$", re.I)
OTHER_NOUN_AFTER = lazyre.compile(r"\s+([A-Za-z][\w-]*)")
GENERIC_AFTER = frozenset("and or plus with but vs so in on at after before because due since "
                          "pending remaining overall total each item items one ones".split())


def _breakdown(paren: str, noun: str) -> dict[str, int]:
    """`(1 failed, 1 partial)`: how many of the scored items are not verified, by status."""
    breakdown: dict[str, int] = {}
    for found in BREAKDOWN.finditer(paren):
        if ITEM_LABEL_BEFORE.search(paren, 0, found.start()):
            continue  # `(Truth 3 failed)` names an item, it does not count failures
        counted = OTHER_NOUN_AFTER.match(paren, found.end())
        if counted and counted.group(1).lower() not in noun.lower() \
                and counted.group(1).lower() not in GENERIC_AFTER:
            continue  # `1 partial documentation issue` counts issues, not the score's truths
        count, word = found.groups()
        key = word.lower().split()[0].replace("-", "_")
        key = BREAKDOWN_KEYS.get(key, key)
        breakdown[key] = breakdown.get(key, 0) + int(count)
    return breakdown


def score_found(text: str, match: re.Match, start: int) -> Found | None:
    """The score whose `num` and `den` groups `match` holds, with the noun and the bracket after."""
    achieved = parse_number(match.group("num"))
    total = parse_number(match.group("den"))
    if achieved is None or total is None:
        return None
    tail = SCORE_TAIL.match(text, match.end())
    noun = tail.group("noun").strip() if tail else ""
    paren = tail.group("paren") if tail else None
    end = match.end() + (len(tail.group("noun")) if tail else 0)
    percent = None
    breakdown: dict[str, int] = {}
    if paren is not None:
        pct = PERCENT_ONLY.fullmatch(paren)
        if pct:
            percent = parse_number(pct.group(1), True)
        breakdown = _breakdown(paren, noun)
        if percent is not None or breakdown:
            end = tail.end()
    return Found(ScoreClaim, start, end,
                 {"achieved": achieved, "total": total, "noun": noun, "percent": percent,
                  "breakdown": breakdown}, unit=noun.split()[0].lower() if noun else None)


def find_scores(text: str, add: Add) -> None:
    if "score" in text.lower():
        for match in SCORE_LABEL.finditer(text):
            add(score_found(text, match, match.start("num")))
