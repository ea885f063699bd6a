"""Relations over lists: an average against the values it averages, a threshold
against the list it describes (PP415, PP416).

Each relation is made only where the document makes it plain: the stated count of the list
matches the list found (and the list's own count of values above a threshold, when stated), a
threshold says it is about the baseline and the list says `Current:`.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Iterator

from planproof import lazyre
from planproof.claims.body_lines import body_lines
from planproof.claims.extract import extract_claims
from planproof.claims.model import (
    FractionPercentClaim,
    Num,
    PercentClaim,
    ProgressionClaim,
    ScoreClaim,
)
from planproof.claims.relation import Relation, plain
from planproof.findings import Span

_EXT = r"(?:py|pyi|ts|tsx|js|jsx|mjs|go|rs|java|kt|rb|php|cs|c|h|cc|cpp|hpp|swift|scala|sh|lua)"
FILE_PERCENT = lazyre.compile(
    rf"(?<![\w/.-])(?P<file>[\w./-]*\w\.{_EXT})\b\)?\**\s*[:=]?\s*\**\s*(?P<pct>\d{{1,3}}(?:\.\d+)?)"
    r"\s?%(?!\s*(?:→|->|to\b))")
AVERAGE = lazyre.compile(
    r"(?<![\w.])(?P<a>\d{1,3}(?:\.\d+)?)\s?%\s*(?:average|avg\.?|mean)\b|"
    r"\b(?:average|avg\.?|mean)(?:\s+coverage)?\s*(?:of|:|=|is|at)?\s*\**(?P<b>\d{1,3}(?:\.\d+)?)\s?%",
    re.I)
COUNT_OF = lazyre.compile(r"\(?\b(?P<k>\d+)\s?/\s?(?P<m>\d+)\s*(?:files?\s*)?(?P<op>>=|≥|>|at)\s*"
                          r"(?P<t>\d{1,3}(?:\.\d+)?)\s?%")
FILES_COUNT = lazyre.compile(r"\b(?P<m>\d+)\s+(?:[\w-]+\s+){0,3}?files\b", re.I)
BOUND = lazyre.compile(r"(?P<op><=|>=|≤|≥|<|>|\bunder\b|\bbelow\b|\bover\b|\babove\b)\s*"
                       r"(?P<t>\d{1,3}(?:\.\d+)?)\s?%\s*(?:line\s+)?coverage(?:\s+baseline)?", re.I)


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _file_lists(doc) -> list[tuple[int, list[tuple[str, Fraction, str]]]]:
    """(line, [(file, value, printed)]) of every line naming several files with a percentage."""
    out = []
    for number, text in body_lines(doc).lines:
        if "%" not in text:
            continue
        found, seen = [], set()
        for match in FILE_PERCENT.finditer(text):
            name = match.group("file").rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                found.append((name, Fraction(match.group("pct")), match.group("pct") + "%"))
        if len(found) >= 3:
            out.append((number, found))
    return out


def _matching_list(file_lists, count: int, link: re.Match | None):
    """The one list of `count` file percentages the document gives (all copies agreeing)."""
    lists = [(n, items) for n, items in file_lists if len(items) == count]
    if not lists:
        return None
    values = {tuple(sorted(v for _, v, _ in items)) for _, items in lists}
    if len(values) != 1:
        return None  # two different lists of that length: which one is meant is not plain
    number, items = lists[0]
    if link is not None:
        threshold = Fraction(link.group("t"))
        strict = link.group("op") == ">"
        above = sum(1 for _, v, _ in items if (v > threshold if strict else v >= threshold))
        if above != int(link.group("k")):
            return None  # the list the average speaks of is not this one
    return number, items


def averages(doc) -> Iterator[Relation]:
    if "%" not in doc.text or not AVERAGE.search(doc.text):
        return
    file_lists = _file_lists(doc)  # read once: a document may state many averages
    for number, text in body_lines(doc).lines:
        if "%" not in text or not re.search(r"average|avg|mean", text, re.I):
            continue
        for match in AVERAGE.finditer(text):
            yield from _average(file_lists, number, text, match)


def _average(file_lists, number: int, text: str, match: re.Match) -> Iterator[Relation]:
    printed = match.group("a") or match.group("b")
    stated = Fraction(printed)
    own = [item for item in file_lists if item[0] == number]
    link = COUNT_OF.search(text[match.end():match.end() + 60])
    if own:
        found = own[0]
    elif link is not None:
        found = _matching_list(file_lists, int(link.group("m")), link)
    else:
        return
    if not found:
        return
    where, items = found
    values = [v for _, v, _ in items]
    mean = sum(values) / len(values)
    places = max(_decimals(printed), max(_decimals(p.rstrip("%")) for _, _, p in items))
    tolerance = Fraction(1, 2 * 10 ** _decimals(printed)) + Fraction(1, 2 * 10 ** places)
    span = Span(number, match.start() + 1, number, match.end() + 1)
    evidence = {"stated": printed + "%", "values": {name: p for name, _, p in items},
                "mean": f"{float(mean):.2f}%", "list_line": where, "count": len(values)}
    if abs(stated - mean) <= tolerance:
        yield Relation("average", span, True, f"the average {printed}% is the mean of the "
                       f"{len(values)} values listed on line {where}", evidence, [where])
        return
    low, high = min(values), max(values)
    outside = not (low <= stated <= high)
    message = (f"the average {printed}% is not the mean of the {len(values)} values listed on "
               f"line {where} ({float(mean):.2f}%)")
    if outside:
        message += f"; no weighting can give it, the values range from {float(low):g}% to " \
                   f"{float(high):g}%"
    else:
        evidence["note"] = ("a weighted average (e.g. coverage of the files combined, weighted "
                            "by statements) can differ from the mean of the percentages")
    yield Relation("average", span, False, message, evidence, [where],
                   severity="error" if outside else None)


def thresholds(doc) -> Iterator[Relation]:
    """`6 Tier 1 files (<20% coverage baseline)` against the six `Current:` figures listed."""
    bounds = []
    for number, text in body_lines(doc).lines:
        if "%" in text and ("baseline" in text.lower() or "current" in text.lower()):
            bound, count = BOUND.search(text), FILES_COUNT.search(text)
            if bound and count:
                bounds.append((number, bound, int(count.group("m"))))
    if not bounds:
        return  # the claims are extracted only for documents that state such a bound
    current = _current_figures(doc)
    for number, bound, count in bounds:
        if count == len(current) >= 2:
            yield _threshold(number, bound, current)


def _current_figures(doc) -> dict:
    """subject -> (value, printed, line) of every `Current:` percentage naming a file."""
    current: dict = {}
    for claim in extract_claims(doc):
        value = _stated_percent(claim)
        if claim.role == "current" and claim.subject and "." in claim.subject and value \
                and claim.origin != "frontmatter":
            printed = value.text if value.text.endswith("%") else value.text + "%"
            current.setdefault(claim.subject, (Fraction(str(value.value)), printed,
                                               claim.span.line))
    return current


def _stated_percent(claim) -> Num | None:
    """The one percentage a claim states (`97.39%`, `3/4 (75%)`, a progression step in %)."""
    if isinstance(claim, (PercentClaim, ProgressionClaim)):
        value = claim.value
    elif isinstance(claim, (FractionPercentClaim, ScoreClaim)):
        value = claim.percent
    else:
        return None
    return value if value is not None and value.percent else None


def _threshold(number: int, bound: re.Match, current: dict) -> Relation:
    op = bound.group("op").lower()
    limit = Fraction(bound.group("t"))
    upper = op in ("<", "<=", "≤", "under", "below")
    strict = op in ("<", ">", "under", "below", "over", "above")

    def breaks(value: Fraction) -> bool:
        if upper:
            return value >= limit if strict else value > limit
        return value <= limit if strict else value < limit

    broken = {subject: text for subject, (value, text, _) in current.items() if breaks(value)}
    lines = sorted({line for _, _, line in current.values()})
    span = Span(number, bound.start() + 1, number, bound.end() + 1)
    evidence = {"threshold": plain(bound.group(0)), "listed": {s: t for s, (_, t, _) in
                                                              current.items()},
                "outside": broken}
    if not broken:
        return Relation("threshold-list", span, True, f"all {len(current)} listed files meet "
                        f"{plain(bound.group(0))}", evidence, lines)
    names = ", ".join(f"{s} {t}" for s, t in broken.items())
    return Relation("threshold-list", span, False,
                    f"the document describes its {len(current)} files as "
                    f"{plain(bound.group(0))}, but {len(broken)} of the {len(current)} it lists "
                    f"with a current figure are not: {names}", evidence, lines)

