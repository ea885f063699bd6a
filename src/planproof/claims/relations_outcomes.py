"""A stated total and the outcomes in its clause (PP412, PP413): `93 total / 73 passed / 25
failed` cannot add up to more than the total; `(126 total); 94/124 passing` counts the same tests
out of another whole."""

from __future__ import annotations

import re
from typing import Iterator

from planproof import lazyre
from planproof.claims.body_lines import body_lines
from planproof.claims.relation import FRACTION, PASS_FRACTION, Relation
from planproof.claims.text_patterns import INT
from planproof.findings import Span

OUTCOME = lazyre.compile(rf"(?<![\w./])(?P<n>{INT})\s+(?:tests?\s+)?"
                         r"(?P<word>passed|passing|failed|failing|skipped|errors?|xfailed|"
                         r"pending)\b", re.I)
STATED_TOTAL = lazyre.compile(rf"(?<![\w./])(?P<n>{INT})\s+(?:tests?\s+)?total\b|"
                              rf"\btotal(?:\s+tests?)?\s*[:=]?\s*(?P<m>{INT})\b|"
                              rf"\((?P<k>{INT})\s+total\)", re.I)
CLAUSE_SPLIT = lazyre.compile(r"(?<=[.;!?])\s+(?=[A-Z])|\s\|\s")


def _stated_words(total: int, created: bool) -> str:
    return f"{total} tests created" if created else f"{total} in total"


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _stated_total(clause: str):
    found = list(STATED_TOTAL.finditer(clause))
    if len(found) != 1:
        return None
    match = found[0]
    return match, _int(match.group("n") or match.group("m") or match.group("k"))


def outcome_totals(doc) -> Iterator[Relation]:
    """`93 total / 73 passed / 25 failed`: outcomes cannot add up to more than the total;
    `126 total ... 94/124 passing`: a pass fraction of the same tests has the total as its whole."""
    for number, text in body_lines(doc).lines:
        lowered = text.lower()
        if "total" not in lowered and not CREATED_HINT.search(lowered):
            continue
        for clause in CLAUSE_SPLIT.split(text):
            stated = _stated_total(clause)
            created = stated is None and _created(clause)
            if stated is None and not created:
                continue
            match, total = stated or created
            column = text.find(clause) + match.start() + 1
            span = Span(number, column, number, column + len(match.group(0)))
            if stated:
                yield from _outcomes(number, clause, total, span)
            yield from _pass_fraction(number, clause, total, span, created=bool(created))


CREATED_HINT = lazyre.compile(r"\b(?:created|written|added)\b")
CREATED = lazyre.compile(rf"(?<![\w./,])(?P<n>{INT})\s+(?:[\w-]+\s+){{0,2}}?tests?\s+"
                         r"(?:created|written|added)\b", re.I)


def _created(clause: str):
    """`89 property tests created`: the one count of new tests in the clause."""
    found = list(CREATED.finditer(clause))
    return (found[0], _int(found[0].group("n"))) if len(found) == 1 else None


def _outcomes(number, clause, total, span) -> Iterator[Relation]:
    parts = {m.group("word").lower(): _int(m.group("n")) for m in OUTCOME.finditer(clause)}
    if len(parts) < 2 or len(parts) != len(OUTCOME.findall(clause)):
        return
    added = sum(parts.values())
    evidence = {"total": total, "outcomes": parts, "sum": added, "clause": clause.strip()}
    if added > total:
        yield Relation("outcome-total", span, False,
                       f"the outcomes add up to {added} ({' + '.join(map(str, parts.values()))}), "
                       f"more than the stated total {total}", evidence, [number])
    else:
        yield Relation("outcome-total", span, True,
                       f"the outcomes ({added}) fit within the total {total}", evidence, [number])


def _pass_fraction(number, clause, total, span, created=False) -> Iterator[Relation]:
    found = list(PASS_FRACTION.finditer(clause))
    if len(found) != 1 or len(FRACTION.findall(clause)) != 1:
        return  # one pass fraction, and no other fraction that could be the subset
    a, b = int(found[0].group("a")), int(found[0].group("b"))
    if created and (a > total or b < total):
        return  # more passing than were created: the fraction counts a larger suite
    evidence = {"total": total, "fraction": found[0].group(0), "clause": clause.strip()}
    if b == total:
        yield Relation("restated-total", span, True,
                       f"{a}/{b} passing counts the stated total {total}", evidence, [number])
    elif a <= total:
        yield Relation("restated-total", span, False,
                       f"the clause states {_stated_words(total, created)}, but its pass count "
                       f"{found[0].group(0)} is out of {b}", evidence, [number])
