"""Claims related to other claims: a summary line and the table it summarises, a Total row and
the rows above it, a stated total and the outcomes that make it up.

Precision before recall: two statements are related only where the document makes the relation
plain (a summary line directly above or below its table naming the same things, a Total row in
its own table, a total and its parts in one clause). Every relation found is kept, consistent or
not, so `planproof claims` can show what was compared with what; the PP41x rules report the
inconsistent ones. Aggregates over lists and sums over sections live in
planproof.claims.relations_lists.
"""

from __future__ import annotations

import bisect
import re
import weakref
from dataclasses import dataclass, field
from typing import Any, Iterator

from planproof import lazyre
from planproof.claims.extract import CELL_MARKUP
from planproof.claims.lines import LineTable, body_lines
from planproof.findings import Span

MARKUP = lazyre.compile(CELL_MARKUP.pattern + "|`")  # emphasis as in table cells, and code ticks
FRACTION = lazyre.compile(r"(?<![\w.,/:#@\-])(?P<n>\d+)\s?/\s?(?P<m>\d+)(?![\w/]|[.,]\d|\s?/)")
VERB = lazyre.compile(
    r"^\s*(?P<noun>(?:[A-Za-z][\w-]*\s+){0,3}?)(?P<verb>verified|passed|passing|pass|wired|"
    r"complete|completed|satisfied|met|done|implemented|green|working|present|closed)\b", re.I)
LABEL = lazyre.compile(r"(?P<label>[A-Za-z][A-Za-z /&-]{0,40}?)\s*:?\s*$")
HEADING_PREFIX = lazyre.compile(r"^\s{0,3}#{1,6}\s+")
LIST_PREFIX = lazyre.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
STOP_WORDS = frozenset({"score", "status", "total", "all", "the", "of", "and", "summary", "overall",
                        "result", "results", "count", "verification", "check", "checks", "now",
                        "fully", "are", "is", "were", "items", "item"})
ITEM_ID = lazyre.compile(r"^[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)*[-_]\d+[a-z]?$")
STATUS_HEADER = lazyre.compile(r"^(?:status|result|verdict|state|wired|outcome)\b", re.I)
FAIL = lazyre.compile(r"\b(?:FAIL(?:ED|ING|S)?|BROKEN|MISSING|STUB|ORPHANED)\b|✗|❌|✘", re.I)
PARTIAL = lazyre.compile(r"\bPARTIAL(?:LY)?\b|⚠", re.I)
OTHER = lazyre.compile(r"\b(?:UNCERTAIN|HUMAN|NEEDS|PENDING|SKIPPED|BLOCKED|DEFERRED|UNKNOWN|"
                       r"N/A|NOT|TODO|WIP)\b|\?|⬜|⏳", re.I)
PASS = lazyre.compile(r"\b(?:VERIFIED|PASS(?:ED|ES|ING)?|SATISFIED|MET|WIRED|COMPLETED?|DONE|"
                      r"OK|GREEN|CREATED|EXISTS|IMPLEMENTED|CLOSED|YES)\b|✓|✅|✔|\[x\]", re.I)


@dataclass
class Relation:
    """Two or more statements of one document read together, and what the arithmetic says."""

    check: str  # summary-table | total-row | outcome-total | restated-total | average | ...
    span: Span  # the statement the finding is reported at
    consistent: bool
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    related_lines: list[int] = field(default_factory=list)
    severity: str | None = None  # None: the rule's severity; "warning" when weights are unknown

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "line": self.span.line, "column": self.span.column,
                "consistent": self.consistent, "message": self.message,
                "related_lines": self.related_lines, "evidence": self.evidence}


def plain(text: str) -> str:
    return MARKUP.sub("", text).strip()


def singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def noun_words(text: str) -> frozenset[str]:
    words = re.findall(r"[A-Za-z][A-Za-z-]+", plain(text))
    return frozenset(singular(w) for w in words if w.lower() not in STOP_WORDS)


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


# --- summary lines against the table they summarise -------------------------------------------

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


# --- Total rows ------------------------------------------------------------------------------

TOTAL_LABEL = lazyre.compile(r"^(?:totals?|overall|sum|all)$", re.I)
COUNT_CELL = lazyre.compile(r"^(?P<a>\d{1,3}(?:,\d{3})+|\d+)(?:\s?/\s?(?P<b>\d{1,3}(?:,\d{3})+|\d+))?"
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


def _column_sum(table: LineTable, body_rows, total_cells, column: int) -> Relation | None:
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
    return _total_relation(table, header, column, stated, sums, body_rows)


def _total_relation(table, header, column, stated, sums, body_rows) -> Relation:
    total_line = table.rows[-1][0]
    shown = f"{stated[0]}/{stated[1]}" if stated[1] is not None else f"{stated[0]}"
    summed = f"{sums[0]}/{sums[1]}" if sums[1] is not None else f"{sums[0]}"
    evidence = {"column": header or f"column {column + 1}", "stated": shown, "sum": summed,
                "rows_summed": [n for n, _ in body_rows], "table_line": table.line,
                "values": [plain(cells[column]) for _, cells in body_rows]}
    consistent = shown == summed
    message = (f"the {header or 'column'} total {shown} "
               + ("is the sum of the rows above" if consistent else
                  f"is not the sum of the {len(body_rows)} rows above it ({summed})"))
    return Relation("total-row", Span(total_line, 1), consistent, message, evidence,
                    [n for n, _ in body_rows])


def total_rows(doc) -> Iterator[Relation]:
    for table in body_lines(doc).tables:
        labelled = [(n, cells) for n, cells in table.rows
                    if cells and TOTAL_LABEL.match(plain(cells[0]))]
        if len(labelled) != 1 or labelled[0][0] != table.rows[-1][0] or any(
                cells and SUBTOTAL.search(plain(cells[0])) for _, cells in table.rows):
            continue  # one Total row, last: anything else may be subtotals
        body_rows = table.rows[:-1]
        if any(ELIDED.match(plain(c)) for _, cells in body_rows for c in cells):
            continue  # rows were left out
        for column in range(1, len(table.header)):
            relation = _column_sum(table, body_rows, labelled[0][1], column)
            if relation is not None:
                yield relation


# --- a stated total and its outcomes in one clause -------------------------------------------

OUTCOME = lazyre.compile(r"(?<![\w./])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:tests?\s+)?"
                         r"(?P<word>passed|passing|failed|failing|skipped|errors?|xfailed|"
                         r"pending)\b", re.I)
STATED_TOTAL = lazyre.compile(r"(?<![\w./])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:tests?\s+)?total\b|"
                              r"\btotal(?:\s+tests?)?\s*[:=]?\s*(?P<m>\d{1,3}(?:,\d{3})+|\d+)\b|"
                              r"\((?P<k>\d{1,3}(?:,\d{3})+|\d+)\s+total\)", re.I)
PASS_FRACTION = lazyre.compile(r"(?<![\w./])(?P<a>\d+)\s?/\s?(?P<b>\d+)\s+(?:tests?\s+)?"
                               r"(?:passing|passed|pass)\b", re.I)
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
CREATED = lazyre.compile(r"(?<![\w./,])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:[\w-]+\s+){0,2}?tests?\s+"
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


# --- all relations of a document -------------------------------------------------------------

_CACHE: "weakref.WeakKeyDictionary[Any, list[Relation]]" = weakref.WeakKeyDictionary()


def relations(doc) -> list[Relation]:
    """Every relation planproof found in `doc`, consistent or not (cached per document)."""
    cached = _CACHE.get(doc)
    if cached is None:
        from planproof.claims import relations_kinds, relations_lists, relations_parts

        cached = [*summary_vs_table(doc), *total_rows(doc), *relations_parts.table_parts(doc),
                  *relations_parts.list_parts(doc), *outcome_totals(doc),
                  *relations_kinds.kind_totals(doc), *relations_lists.list_relations(doc)]
        _CACHE[doc] = cached
    return cached
