"""A stated count directly above the parts that make it up: `193 tests across 11 test files`
above a table whose Tests column lists them, `All 56 tests pass` above a list of
`test_x.py: 5/5 passed` items. Only blank lines may come between the count and its parts, and
the count must name what the column (or the items) count."""

from __future__ import annotations

import re
from typing import Iterator

from planproof import lazyre
from planproof.claims.body_lines import body_lines
from planproof.claims.relation import TOTAL_LABEL, Relation, plain, singular
from planproof.claims.text_patterns import INT
from planproof.findings import Span

COUNT = lazyre.compile(rf"(?<![\w./,-])(?P<n>{INT})\s+(?:[a-z][\w-]*\s+)?"
                       r"(?P<noun>tests|test cases|cases|files|plans|tasks|requirements|checks)\b",
                       re.I)
PART_ITEM = lazyre.compile(r"^\s*[-*+]\s+.*?:\s*(?P<a>\d+)\s?/\s?(?P<b>\d+)\s+"
                           r"(?:tests?\s+)?(?:passed|passing|pass)\b", re.I)
INT_CELL = lazyre.compile(rf"^{INT}$")


def _count_line(text: str, nouns=None):
    """The one count in `text` (of one of `nouns`, when given)."""
    found = [m for m in COUNT.finditer(plain(text))
             if nouns is None or singular(m.group("noun").split()[-1]) in nouns]
    return found[0] if len(found) == 1 else None


def _count_nouns(table) -> set[str]:
    return {singular(plain(h).lower().split()[-1]) for h in table.header[1:] if plain(h)}


def _previous(lines: dict[int, str], number: int) -> tuple[int, str] | None:
    number -= 1
    while number in lines and not lines[number].strip():
        number -= 1
    return (number, lines[number]) if number in lines else None


def _column(table, noun: str) -> int | None:
    wanted = singular(noun.split()[-1])
    for index, header in enumerate(table.header):
        words = plain(header).lower().split()
        if index and words and singular(words[-1]) == wanted and len(words) <= 2:
            return index
    return None


def table_parts(doc) -> Iterator[Relation]:
    lines = dict(body_lines(doc).lines)
    for table in body_lines(doc).tables:
        previous = _previous(lines, table.line)
        match = _count_line(previous[1], _count_nouns(table)) if previous else None
        if match is None or any(cells and TOTAL_LABEL.match(plain(cells[0]))
                                for _, cells in table.rows):
            continue  # a Total row is compared with its rows on its own (PP411)
        column = _column(table, match.group("noun"))
        rows = table.rows
        if column is None or len(rows) < 2:
            continue
        cells = [plain(cells[column]) if column < len(cells) else "" for _, cells in rows]
        if not all(INT_CELL.match(c) for c in cells):
            continue
        values = [int(c.replace(",", "")) for c in cells]
        yield _parts_relation(previous[0], previous[1], match, values, [n for n, _ in rows],
                              f"the {plain(table.header[column])} column of the table below")


def _part(text: str):
    return PART_ITEM.match(text) if "/" in text else None


def list_parts(doc) -> Iterator[Relation]:
    if "pass" not in doc.text.lower():
        return
    lines = dict(body_lines(doc).lines)
    numbers = sorted(lines)
    index = 0
    while index < len(numbers):
        number = numbers[index]
        if not _part(lines[number]):
            index += 1
            continue
        items = []
        while index < len(numbers) and _part(lines[numbers[index]]):
            items.append(numbers[index])
            index += 1
        previous = _previous(lines, items[0])
        match = _count_line(previous[1], {"test", "case"}) if previous else None
        if match is None or len(items) < 2:
            continue
        values = [int(_part(lines[n]).group("b")) for n in items]
        yield _parts_relation(previous[0], previous[1], match, values, items, "the list below")


def _parts_relation(number, text, match, values, lines, where) -> Relation:
    stated = int(match.group("n").replace(",", ""))
    total = sum(values)
    raw = plain(text)
    column = text.find(match.group(0)) + 1 if match.group(0) in text else 1
    span = Span(number, column, number, column + len(match.group(0))) if column > 1 \
        else Span(number, 1)
    evidence = {"stated": match.group(0), "sum": total, "values": values, "rows_summed": lines,
                "line": raw[:200]}
    if total == stated:
        return Relation("parts-sum", span, True, f"{match.group(0)} is the sum of {where}",
                        evidence, lines)
    return Relation("parts-sum", span, False,
                    f"the line states {match.group(0)}, but {where} adds up to {total} "
                    f"({' + '.join(map(str, values))})", evidence, lines)
