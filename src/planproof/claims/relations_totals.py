"""Total rows against the rows above them (PP411): in a table whose last row is labelled Total,
every column of counts must sum to its Total cell."""

from __future__ import annotations

import re
from typing import Iterator

from planproof import lazyre
from planproof.claims.body_lines import LineTable, body_lines, cell_bounds
from planproof.claims.relation import TOTAL_LABEL, Relation, plain
from planproof.claims.text_patterns import INT
from planproof.findings import Span

COUNT_CELL = lazyre.compile(rf"^(?P<a>{INT})(?:\s?/\s?(?P<b>{INT}))?"
                            r"(?:\s*(?:✓|✅|✔|[A-Za-z]+))?$")
SKIP_HEADER = lazyre.compile(r"%|avg|average|mean|rate|median|cover|ratio|score|\bid\b|#|\bphase\b"
                             r"|\bplan\b|version|date|time|week|day|line\b|order", re.I)
SUBTOTAL = lazyre.compile(r"sub-?total", re.I)
ELIDED = lazyre.compile(r"^(?:\.{3}|…)$")


def _count(cell: str) -> tuple[int, int | None] | None:
    match = COUNT_CELL.match(plain(cell))
    if not match:
        return None
    b = match.group("b")
    return int(match.group("a").replace(",", "")), int(b.replace(",", "")) if b else None


def _column_sum(table: LineTable, body_rows, total_cells, column: int,
                total_text: str) -> Relation | None:
    header = plain(table.header[column]) if column < len(table.header) else ""
    if SKIP_HEADER.search(header) or column >= len(total_cells):
        return None
    stated = _count(total_cells[column])
    if stated is None:
        return None
    values = []
    for _, cells in body_rows:
        if column >= len(cells):
            return None
        value = _count(cells[column])
        if value is None or (value[1] is None) != (stated[1] is None):
            return None
        values.append(value)
    if len(values) < 2:
        return None
    sums = (sum(v[0] for v in values),
            sum(v[1] for v in values) if stated[1] is not None else None)
    return _total_relation(table, header, column, stated, sums, body_rows, total_text)


def _total_relation(table, header, column, stated, sums, body_rows, total_text) -> Relation:
    total_line = table.rows[-1][0]
    first, last = cell_bounds(total_text)[column]  # the Total cell that disagrees
    shown = f"{stated[0]}/{stated[1]}" if stated[1] is not None else f"{stated[0]}"
    summed = f"{sums[0]}/{sums[1]}" if sums[1] is not None else f"{sums[0]}"
    evidence = {"column": header or f"column {column + 1}", "stated": shown, "sum": summed,
                "rows_summed": [n for n, _ in body_rows], "table_line": table.line,
                "values": [plain(cells[column]) for _, cells in body_rows]}
    consistent = shown == summed
    message = (f"the {header or 'column'} total {shown} "
               + ("is the sum of the rows above" if consistent else
                  f"is not the sum of the {len(body_rows)} rows above it ({summed})"))
    return Relation("total-row", Span(total_line, first + 1, total_line, last + 1), consistent,
                    message, evidence, [n for n, _ in body_rows])


def total_rows(doc) -> Iterator[Relation]:
    body = body_lines(doc)
    text_of_line = dict(body.lines)
    for table in body.tables:
        labelled = [(n, cells) for n, cells in table.rows
                    if cells and TOTAL_LABEL.match(plain(cells[0]))]
        if len(labelled) != 1 or labelled[0][0] != table.rows[-1][0] or any(
                cells and SUBTOTAL.search(plain(cells[0])) for _, cells in table.rows):
            continue  # one Total row, last: anything else may be subtotals
        body_rows = table.rows[:-1]
        if any(ELIDED.match(plain(c)) for _, cells in body_rows for c in cells):
            continue  # rows were left out
        total_line, total_cells = labelled[0]
        for column in range(1, len(table.header)):
            relation = _column_sum(table, body_rows, total_cells, column, text_of_line[total_line])
            if relation is not None:
                yield relation
