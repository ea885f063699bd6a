"""A pass count of one kind of tests (`89 property tests ... 89/90 passing`) against the rows of
a table listing the test files of that kind (`tests/property_tests/...: 23 tests, 23/23
passing`). The kind is named in the claim (property, integration, unit, e2e...) and in every
counted row's path; when the claim says how many files (`across 4 files`), exactly that many
rows must match."""

from __future__ import annotations

import re
from typing import Iterator

from planproof import lazyre
from planproof.claims.body_lines import body_lines
from planproof.claims.relation import PASS_FRACTION, Relation, plain
from planproof.findings import Span

KIND = lazyre.compile(r"\b(?P<kind>property|integration|unit|e2e|end-to-end|orm|api|contract|"
                      r"smoke|regression|component|functional|performance|load)\s+tests?\b", re.I)
FILES = lazyre.compile(r"\bacross\s+(?P<k>\d+)\s+(?:test\s+)?files\b", re.I)
PATH_CELL = lazyre.compile(r"^[\w./-]*/[\w./-]+\.\w+$|^[\w-]+\.(?:py|ts|js|go|rs|rb|java)$")
ROW_PASS = lazyre.compile(r"(?P<a>\d+)\s?/\s?(?P<b>\d+)\s+(?:tests?\s+)?passing|"
                          r"(?P<t>\d+)\s+tests?,\s*(?P<p>\d+)\s+passing", re.I)


def _row_counts(doc) -> list[tuple[int, int, str, int, int]]:
    """(table index, line, path, passing, tests) of table rows naming a file and its pass count."""
    out = []
    for index, table in enumerate(body_lines(doc).tables):
        for line, cells in table.rows:
            path = next((plain(c) for c in cells if PATH_CELL.match(plain(c))), None)
            found = [m for c in cells for m in ROW_PASS.finditer(c)]
            if path is None or len(found) != 1:
                continue
            match = found[0]
            passing, tests = (int(match.group("a")), int(match.group("b"))) if match.group("a") \
                else (int(match.group("p")), int(match.group("t")))
            out.append((index, line, path, passing, tests))
    return out


def _of_kind(path: str, kind: str) -> bool:
    words = set(re.split(r"[/_.\-]+", path.lower()))
    return kind.lower().replace("-", "") in {w.replace("-", "") for w in words}


def kind_totals(doc) -> Iterator[Relation]:
    if "passing" not in doc.text or not KIND.search(doc.text):
        return
    rows = _row_counts(doc)
    if not rows:
        return
    tables = body_lines(doc).tables
    listing = {line for index in {r[0] for r in rows} for line, _ in tables[index].rows}
    for number, text in body_lines(doc).lines:
        if number in listing:
            continue  # a row of a table that lists test files is one of the parts
        kinds = {m.group("kind").lower() for m in KIND.finditer(text)}
        fractions = list(PASS_FRACTION.finditer(text))
        if len(kinds) != 1 or len(fractions) != 1:
            continue
        kind = kinds.pop()
        matching = [r for r in rows if _of_kind(r[2], kind)]
        if len({r[0] for r in matching}) != 1 or len(matching) < 2:
            continue  # the rows of one table, and more than one of them
        files = FILES.search(text)
        if files and int(files.group("k")) != len(matching):
            continue
        yield _kind_relation(number, fractions[0], kind, matching)


def _kind_relation(number: int, fraction: re.Match, kind: str, rows) -> Relation:
    a, b = int(fraction.group("a")), int(fraction.group("b"))
    passing, tests = sum(r[3] for r in rows), sum(r[4] for r in rows)
    span = Span(number, fraction.start() + 1, number, fraction.end() + 1)
    evidence = {"stated": fraction.group(0), "kind": kind, "sum": f"{passing}/{tests}",
                "rows_summed": [r[1] for r in rows],
                "rows": {r[2]: f"{r[3]}/{r[4]}" for r in rows}}
    lines = [r[1] for r in rows]
    if (a, b) == (passing, tests):
        return Relation("kind-total", span, True, f"{a}/{b} is the sum of the {len(rows)} "
                        f"{kind} test files listed", evidence, lines)
    return Relation("kind-total", span, False,
                    f"{fraction.group(0)} {kind} tests, but the {len(rows)} {kind} test files "
                    f"the table lists (lines {lines[0]}-{lines[-1]}) add up to "
                    f"{passing}/{tests} passing", evidence, lines)
