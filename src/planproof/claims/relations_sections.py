"""Relations across sections: the per-item contributions listed under a heading summed against
the target stated under a heading with the same title, and the frontmatter score restated by the
body's Score line over another whole."""

from __future__ import annotations

import bisect
import re
from fractions import Fraction
from typing import Iterator

from planproof import lazyre
from planproof.claims.body_lines import body_lines
from planproof.claims.checkable import claims_for_checks
from planproof.claims.model import ChangeClaim, Num, ProgressionClaim
from planproof.claims.numbers import approximation_step, exact
from planproof.claims.recovered_frontmatter import frontmatter_of
from planproof.claims.relation import Relation, plain
from planproof.claims.verification_report import scores

IMPACT = lazyre.compile(r"\bimpact\b\W{0,6}\+(?P<v>\d{1,3}(?:\.\d+)?)\s?%", re.I)
TARGET_LINE = lazyre.compile(r"\btarget\b", re.I)


def _section_ends(headings, last_line: int) -> list[int]:
    """The last line of each heading's section: before the next heading of its level or
    higher (one pass with a stack, so thousands of headings stay linear)."""
    ends = [last_line] * len(headings)
    open_: list[int] = []
    for index, (line, level, _) in enumerate(headings):
        while open_ and headings[open_[-1]][1] >= level:
            ends[open_.pop()] = line - 1
        open_.append(index)
    return ends


def _sections(doc) -> dict[str, list[tuple[int, int, int]]]:
    """Normalised heading title -> [(first line, end of own text, last line)] of every section
    with that title; its own text stops at its first sub-heading."""
    headings = body_lines(doc).headings
    last_line = doc.body_start_line + len(doc.lines)
    ends = _section_ends(headings, last_line)
    out: dict[str, list[tuple[int, int, int]]] = {}
    for index, (line, _, text) in enumerate(headings):
        own = headings[index + 1][0] - 1 if index + 1 < len(headings) else last_line
        title = re.sub(r"\s+", " ", plain(text)).lower()
        out.setdefault(title, []).append((line, min(own, ends[index]), ends[index]))
    return out


def _target(doc, first: int, last: int):
    """The first `Target:` change with a usable delta between `first` and `last`."""
    text = dict(body_lines(doc).lines)
    for claim in claims_for_checks(doc):
        if not isinstance(claim, ChangeClaim) or not first <= claim.span.line <= last:
            continue
        if not TARGET_LINE.search(text.get(claim.span.line, "")):
            continue
        if not isinstance(claim.before, Num) or not isinstance(claim.after, Num):
            continue
        if claim.after.at_least or claim.after.approximate or claim.before.approximate:
            return None  # an open or rounded target bounds the sum from one side only
        delta = claim.delta
        if delta is not None and (delta.at_least or delta.approximate):
            return None
        value = Fraction(str(delta.value)) if delta is not None else \
            Fraction(str(claim.after.value)) - Fraction(str(claim.before.value))
        return claim, value
    return None


def _impacts(found: list[tuple[int, str, Fraction]], first: int, last: int):
    """The impacts (line, printed, value) between `first` and `last`; `found` is sorted."""
    start = bisect.bisect_left(found, (first,))
    stop = bisect.bisect_right(found, (last, "\uffff"))
    return found[start:stop]


def _all_impacts(doc) -> list[tuple[int, str, Fraction]]:
    return [(number, match.group("v"), Fraction(match.group("v")))
            for number, text in body_lines(doc).lines if "mpact" in text
            for match in IMPACT.finditer(text)]


def section_sums(doc) -> Iterator[Relation]:
    """`Coverage Impact: +5%` ... under `## Sprint 1: ...` against `Target: 54.67% → 70%
    (+15.33 points)` under a heading with the same title."""
    if "mpact" not in doc.text or not IMPACT.search(doc.text):
        return
    found = _all_impacts(doc)
    for title, ranges in _sections(doc).items():
        parts = [_impacts(found, a, b) for a, _, b in ranges]
        parts = [p for p in parts if len(p) >= 2]
        if len(parts) != 1 or len(ranges) < 2:
            continue  # the impacts and the target sit under two headings with one title
        targets = [t for t in (_target(doc, a, own) for a, own, _ in ranges) if t]
        if len(targets) != 1:
            continue
        yield _sum_relation(title, targets[0], parts[0])


def _sum_relation(title, target, parts) -> Relation:
    claim, wanted = target
    total = sum(value for _, _, value in parts)
    places = max(len(p.split(".", 1)[1]) if "." in p else 0 for _, p, _ in parts)
    places = max(places, claim.delta.decimals if claim.delta is not None else 0)
    tolerance = Fraction(1, 2 * 10 ** places) * len(parts)
    evidence = {"section": title, "target": claim.text, "target_delta": f"{float(wanted):g}",
                "impacts": {str(line): f"+{p}%" for line, p, _ in parts},
                "sum": f"{float(total):g}"}
    lines = [line for line, _, _ in parts]
    shown = " ".join(f"+{p}" for _, p, _ in parts)
    if abs(total - wanted) <= tolerance:
        return Relation("section-sum", claim.span, True,
                        f"the impacts listed under '{title}' add up to the target's "
                        f"+{float(wanted):g} points", evidence, lines)
    return Relation("section-sum", claim.span, False,
                    f"the {len(parts)} impacts listed under '{title}' add up to "
                    f"+{float(total):g} points ({shown}), but the target {claim.text} is "
                    f"+{float(wanted):g}", evidence, lines)


SCORE_NOUNS = frozenset({"truth", "truths", "must-have", "must-haves", "must_haves", "must_have",
                         "musthaves", "verified", "must", "haves"})


def restated_scores(doc) -> Iterator[Relation]:
    """Frontmatter `score: 20/20 must-haves verified` against the body's one `**Score:** 15/16
    truths verified`: the same quantity over two different wholes (PP406 compares equal
    wholes)."""
    if "score" not in frontmatter_of(doc).data or "core" not in doc.text[doc.text.find("---", 3):]:
        return  # no frontmatter score, or no Score line below it
    front, body = scores(doc)
    if front is None or len({c.span.line for c in body}) != 1:
        return
    restated = body[0]
    nouns = set(re.split(r"[\s/]+", restated.noun.lower())) - {""}
    if not nouns or not nouns <= SCORE_NOUNS:
        return  # `3/3 goal truths` counts something else than the must-haves
    numbers = (front.achieved, front.total, restated.achieved, restated.total)
    if any(n.decimals or n.approximate for n in numbers):
        return
    evidence = {"frontmatter_score": front.text, "body_score": restated.text,
                "body_line": restated.span.line}
    if front.total.value == restated.total.value:
        return  # same whole: PP406
    front_open = int(front.total.value - front.achieved.value)
    body_open = int(restated.total.value - restated.achieved.value)
    if _kind(front.noun) == _kind(restated.noun):
        problem = "count the same must-haves over different wholes"
    elif body_open > front_open and _kind(restated.noun) == "truth":
        problem = (f"disagree: the body leaves {body_open} truths unverified, the frontmatter "
                   f"only {front_open} must-haves (truths are must-haves)")
    else:
        return  # must-haves also count artifacts and key links: 15/15 beside 3/3 truths is fine
    yield Relation("restated-score", front.span, False,
                   f"frontmatter score {front.achieved.text}/{front.total.text} and the body's "
                   f"Score {restated.achieved.text}/{restated.total.text} (line "
                   f"{restated.span.line}) {problem}", evidence, [restated.span.line])


def _kind(noun: str) -> str:
    return "truth" if "truth" in noun.lower() else "must-have"


WEEKS = lazyre.compile(r"\(weeks?\s+(?P<a>\d+)\s*[-–]\s*(?P<b>\d+)\)", re.I)
PLANNED = lazyre.compile(r"\btests?\s+to\s+(?:write|enable|add)\b\W{0,6}(?P<n>\d{1,4})\b", re.I)
WEEK_LABEL = lazyre.compile(r"^week\s+(?P<k>\d+)$", re.I)


def _planned_by_week(doc) -> dict[int, dict[int, int]]:
    """End week of a `(Weeks 1-2)` section -> {line: tests planned there}."""
    headings = body_lines(doc).headings
    ends = _section_ends(headings, doc.body_start_line + len(doc.lines))
    planned = [(number, int(match.group("n"))) for number, text in body_lines(doc).lines
               if "to" in text for match in PLANNED.finditer(text)]
    out: dict[int, dict[int, int]] = {}
    for index, (line, _, text) in enumerate(headings):
        weeks = WEEKS.search(text)
        if not weeks:
            continue
        start = bisect.bisect_right(planned, (line, 10 ** 9))
        stop = bisect.bisect_right(planned, (ends[index], 10 ** 9))
        out.setdefault(int(weeks.group("b")), {}).update(planned[start:stop])
    return {week: found for week, found in out.items() if found}


def progression_plans(doc) -> Iterator[Relation]:
    """`Week 2: ~6,900 tests (+285)` against the tests the sprints ending by week 2 plan
    (`Tests to Write: 20`, `Tests to Enable: 25`, under `## Sprint 1: ... (Weeks 1-2)`)."""
    if "eeks" not in doc.text or not PLANNED.search(doc.text):
        return
    planned = _planned_by_week(doc)
    for claim in claims_for_checks(doc):
        if not isinstance(claim, ProgressionClaim) or claim.unit != "tests":
            continue
        label = WEEK_LABEL.match(claim.label or "")
        if not label:
            continue
        week = int(label.group("k"))
        if week not in planned:
            continue
        counted = {n: v for end, found in planned.items() if end <= week for n, v in found.items()}
        total = sum(counted.values())
        grown = exact(claim.value) - exact(claim.base)
        step = approximation_step(claim.value) if claim.value.approximate else 0
        evidence = {"week": week, "stated_increase": f"{float(grown):g}", "planned": total,
                    "planned_by_line": counted}
        consistent = abs(grown - total) <= step
        message = (f"{claim.label} states {float(grown):+g} tests since {claim.base_label}, "
                   f"but the sections ending by week {week} plan {total} "
                   f"({' + '.join(str(v) for v in counted.values())})")
        yield Relation("progression-plan", claim.span, consistent, message, evidence,
                       sorted(counted), severity=None)
