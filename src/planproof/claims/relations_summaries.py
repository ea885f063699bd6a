"""Summary lines against the table they summarise (PP410): `**Key Links:** 7/8 wired` directly
above or below a table whose Status column marks 7 of its 8 rows wired."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterator

from planproof import lazyre
from planproof.claims.body_lines import LineTable, body_lines
from planproof.claims.relation import FRACTION, Relation, noun_words, plain
from planproof.claims.text_patterns import (
    FAIL_SYMBOLS, FAIL_WORDS, OTHER_SYMBOLS, OTHER_WORDS, PARTIAL_SYMBOLS, PARTIAL_WORDS,
    PASS_SYMBOLS, PASS_WORDS, marks)
from planproof.findings import Span

VERB = lazyre.compile(
    r"^\s*(?P<noun>(?:[A-Za-z][\w-]*\s+){0,3}?)(?P<verb>verified|passed|passing|pass|wired|"
    r"complete|completed|satisfied|met|done|implemented|green|working|present|closed)\b", re.I)
LABEL = lazyre.compile(r"(?P<label>[A-Za-z][A-Za-z /&-]{0,40}?)\s*:?\s*$")
HEADING_PREFIX = lazyre.compile(r"^\s{0,3}#{1,6}\s+")
LIST_PREFIX = lazyre.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
ITEM_ID = lazyre.compile(r"^[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)*[-_]\d+[a-z]?$")
STATUS_HEADER = lazyre.compile(r"^(?:status|result|verdict|state|wired|outcome)\b", re.I)
# The truth-table vocabulary (text_patterns) and the words summary tables add to it.
FAIL = lazyre.compile(marks(FAIL_WORDS + "|FAILS|BROKEN|MISSING|STUB|ORPHANED", FAIL_SYMBOLS),
                      re.I)
PARTIAL = lazyre.compile(marks(PARTIAL_WORDS, PARTIAL_SYMBOLS), re.I)
OTHER = lazyre.compile(marks(OTHER_WORDS + "|TODO|WIP", OTHER_SYMBOLS + "|⬜|⏳"), re.I)
PASS = lazyre.compile(marks(PASS_WORDS + "|PASSES|PASSING|WIRED|COMPLETED?|DONE|OK|GREEN|CREATED|"
                            "EXISTS|IMPLEMENTED|CLOSED|YES", PASS_SYMBOLS + r"|\[x\]"), re.I)


def row_status(cell: str) -> str:
    """passed | failed | partial | other: the first status word of the cell decides, so
    `passed (1 partial)` is passed and `⚠️ PARTIAL` partial."""
    found = [(m.start(), status) for status, pattern in
             (("failed", FAIL), ("partial", PARTIAL), ("other", OTHER), ("passed", PASS))
             for m in [pattern.search(cell)] if m]
    return min(found)[1] if found else "other"


def status_column(table: LineTable) -> int | None:
    for index, header in enumerate(table.header):
        if STATUS_HEADER.match(plain(header)):
            return index
    return None


def section_heading(doc, line: int) -> str:
    """The text of the nearest heading above `line`."""
    headings = body_lines(doc).headings
    index = bisect.bisect_left(headings, (line,)) - 1
    return headings[index][2] if index >= 0 else ""


@dataclass
class Summary:
    line: int
    column: int
    end_column: int
    n: int
    m: int
    nouns: frozenset[str]
    verb: str
    heading: bool
    text: str


def read_summary(number: int, text: str) -> Summary | None:
    """`**Key Links:** 7/8 wired`, `Artifacts 20/21 verified`, `### Fully Satisfied (22/26)`."""
    heading = bool(HEADING_PREFIX.match(text))
    body = LIST_PREFIX.sub("", HEADING_PREFIX.sub("", text), count=1)
    found = [m for m in FRACTION.finditer(body)]
    if len(found) != 1:
        return None
    match = found[0]
    n, m = int(match.group("n")), int(match.group("m"))
    if m == 0 or n > m:
        return None
    after = VERB.match(plain(body[match.end():]))
    before = plain(body[:match.start()]).rstrip("( ")
    label = LABEL.search(before) if before else None
    if after is None and not heading:
        return None
    nouns = noun_words((label.group("label") if label else "") + " "
                       + (after.group("noun") if after else ""))
    if heading:
        nouns = noun_words(before) | nouns
    offset = len(text) - len(body)
    return Summary(number, offset + match.start() + 1, offset + match.end() + 1, n, m, nouns,
                   after.group("verb").lower() if after else "", heading, text.strip())


def _neighbours(text: dict[int, str], table: LineTable) -> Iterator[tuple[str, int, str]]:
    """The lines directly above the table (up to its heading) and directly below it: only blank
    lines may come between a summary line and its table."""
    number = table.line - 1
    while number in text and not text[number].strip():
        number -= 1
    if number in text:
        yield "above", number, text[number]
    last = table.rows[-1][0] if table.rows else table.line
    number = last + 1
    while number in text and not text[number].strip():
        number += 1
    if number in text and not text[number].lstrip().startswith(("|", "#")):
        yield "below", number, text[number]


def table_nouns(doc, table: LineTable) -> frozenset[str]:
    first = next((h for h in table.header if plain(h) not in ("", "#")), "")
    return noun_words(first) | noun_words(section_heading(doc, table.line))


def _summary_relation(doc, table: LineTable, summary: Summary, where: str) -> Relation | None:
    rows = len(table.rows)
    column = status_column(table)
    statuses = [row_status(cells[column]) for _, cells in table.rows
                if column is not None and column < len(cells)]
    passed = statuses.count("passed")
    if summary.heading:
        if not all(ITEM_ID.match(plain(cells[0])) for _, cells in table.rows if cells):
            return None  # a heading counts items only over a table listing them by id
        counted, expected = rows, summary.n  # a heading's count is the rows listed under it
        if rows == summary.m and column is not None:
            counted = passed
        elif rows == summary.m:
            return None
    elif column is None:
        return None
    elif rows == summary.m:
        counted, expected = passed, summary.n
        if passed != summary.n and _other_column_counts(table, column, summary.n):
            return None  # another column (`VERIFICATION.md: exists`) may be what is counted
    else:
        counted, expected = rows, summary.m
    evidence = {"summary": summary.text, "summary_line": summary.line, "table_line": table.line,
                "rows": rows, "rows_counted": [n for n, _ in table.rows],
                "passed": passed, "failed": statuses.count("failed"),
                "partial": statuses.count("partial"), "other": statuses.count("other"),
                "status_column": table.header[column] if column is not None else None}
    what = f"{summary.n}/{summary.m}" + (f" {summary.verb}" if summary.verb else "")
    if counted == expected:
        return Relation("summary-table", _span(summary), True,
                        f"{what} agrees with the table {where} it (line {table.line})",
                        evidence, [table.line])
    detail = f"the table {where} it (line {table.line}) lists {rows} rows"
    if column is not None and summary.verb:
        detail += f", {passed} marked {summary.verb}"
    return Relation("summary-table", _span(summary), False,
                    f"{what} disagrees with its table: {detail}", evidence, [table.line])


def _marked(cell: str) -> bool:
    return any(p.search(cell) for p in (FAIL, PARTIAL, OTHER, PASS))


def _other_column_counts(table: LineTable, column: int, wanted: int) -> bool:
    """Some other column marks exactly `wanted` rows passed: the summary is ambiguous."""
    for index in range(1, len(table.header)):
        if index == column:
            continue
        cells = [cells[index] for _, cells in table.rows if index < len(cells)]
        if len(cells) != len(table.rows) or not all(_marked(cell) for cell in cells):
            continue  # not a column of statuses
        if [row_status(cell) for cell in cells].count("passed") == wanted:
            return True
    return False


def _span(summary: Summary) -> Span:
    return Span(summary.line, summary.column, summary.line, summary.end_column)


def _names_the_table(summary: Summary, nouns: frozenset[str], table: LineTable,
                     text: str) -> bool:
    """The summary names what the table lists, or (`2/4 verified`) names nothing but counts
    exactly the table's rows by their status."""
    if summary.nouns:
        return summary.nouns <= nouns
    return (not summary.heading and summary.m == len(table.rows)
            and status_column(table) is not None and "score" not in text.lower())


def summary_vs_table(doc) -> Iterator[Relation]:
    lines = dict(body_lines(doc).lines)
    for table in body_lines(doc).tables:
        if not table.rows:
            continue
        nouns = table_nouns(doc, table)
        for where, number, text in _neighbours(lines, table):
            summary = read_summary(number, text)
            if summary is None or (where == "below" and summary.heading):
                continue
            if not _names_the_table(summary, nouns, table, text):
                continue
            if "truth" in summary.nouns and "score" in text.lower():
                continue  # a Score line against the truth table is PP404's
            relation = _summary_relation(doc, table, summary,
                                         "below" if where == "above" else "above")
            if relation is not None:
                yield relation
