"""A line-level view of a document body for the cheap checks: status lines, score lines,
headings and pipe tables, read without the markdown parser.

Lines inside fenced code blocks are left out and inline code is blanked (same length, so
columns stay right). Used by the document-level consistency checks (PP404-PP406), which run on
every verification report of every lint: reading lines is many times cheaper than building the
markdown block tree, and these checks only need lines, headings and simple tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planproof import lazyre
from planproof.body import blank_inline_code
from planproof.fences import CODE, TEXT, body_states

HEADING_LINE = lazyre.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
TABLE_SEPARATOR = lazyre.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
CELL_SPLIT = lazyre.compile(r"(?<!\\)\|")


@dataclass(slots=True)
class LineTable:
    line: int  # line of the header row
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells)


@dataclass(slots=True)
class BodyLines:
    lines: list[tuple[int, str]]  # (1-based line, text with inline code blanked), no fences
    headings: list[tuple[int, int, str]]  # (line, level, text)
    tables: list[LineTable]


def cell_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets in `text` of each cell of a pipe-table row, without the outer pipes
    and the spaces around each cell."""
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    if text.startswith("|", start):
        start += 1
    if text.endswith("|", start, end) and not text.endswith("\\|", start, end):
        end -= 1
    inner = text[start:end]
    pipes = [-1, *(match.start() for match in CELL_SPLIT.finditer(inner)), len(inner)]
    bounds = []
    for left, right in zip(pipes, pipes[1:]):
        cell = inner[left + 1:right]
        first = start + left + 1 + len(cell) - len(cell.lstrip())
        bounds.append((first, max(first, start + left + 1 + len(cell.rstrip()))))
    return bounds


def _cells(text: str) -> list[str]:
    return [text[first:last] for first, last in cell_bounds(text)]


def _read(doc) -> BodyLines:
    lines: list[tuple[int, str]] = []
    headings: list[tuple[int, int, str]] = []
    tables: list[LineTable] = []
    table: LineTable | None = None
    # body lines outside fenced code; a fence line is None (it ends a table)
    source = {number: raw if state == TEXT else None
              for number, raw, state in body_states(doc) if state != CODE}
    for number, raw in source.items():
        if raw is None:
            table = None
            continue
        text = blank_inline_code(raw)[0] if "`" in raw else raw
        lines.append((number, text))
        heading = HEADING_LINE.match(text) if text.lstrip().startswith("#") else None
        if heading:
            headings.append((number, len(heading.group(1)), heading.group(2)))
        stripped = text.strip()
        if table is not None and not table.rows and TABLE_SEPARATOR.match(stripped):
            continue  # the separator row, with or without outer pipes
        if table is not None:
            if stripped.startswith("|"):
                table.rows.append((number, _cells(text)))
                continue
            table = None
        following = source.get(number + 1)
        if stripped.startswith("|") and following and TABLE_SEPARATOR.match(following) \
                and "-" in following:
            table = LineTable(number, _cells(text))
            tables.append(table)
    # drop the separator rows that were read as rows
    for found in tables:
        found.rows = [(n, cells) for n, cells in found.rows
                      if not all(re.fullmatch(r":?-+:?", c) for c in cells if c)]
    return BodyLines(lines, headings, tables)


def body_lines(doc) -> BodyLines:
    """The document body as lines, headings and pipe tables (computed once per document)."""
    return doc.memo.get("claims.body_lines", lambda: _read(doc))
