"""Markdown body -> blocks with line ranges (markdown-it-py, block level only).

Inline markdown is not parsed: every text-bearing block keeps its raw inline source, with inline
code spans blanked out (same length, so offsets still map to columns) and kept apart in `code`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, lru_cache

from planproof import lazyre

INLINE_CODE = lazyre.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
CHECKBOX = lazyre.compile(r"^\[([ xX])\]\s")


@dataclass(slots=True)
class Block:
    """A unit of body text. `text` is the raw inline source with inline code blanked out."""

    kind: str  # heading | paragraph | list_item | table_cell | code | html
    text: str
    line: int
    end_line: int
    # (line, column) of the first character of each '\n'-separated line of `text`
    line_starts: list[tuple[int, int]] = field(default_factory=list)
    level: int = 0  # heading level, or list nesting depth
    checked: bool | None = None  # list items with a [ ] / [x] box
    table: int | None = None  # index of the table a cell belongs to
    row: int | None = None  # 0 is the header row
    column: int | None = None
    info: str = ""  # fenced code language
    code: list[str] = field(default_factory=list)  # inline code spans found in the text
    _breaks: list[int] | None = field(default=None, repr=False, compare=False)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the file of character `offset` of `text`."""
        if self._breaks is None:  # offsets of the newlines: a lookup per claim stays O(log n)
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        line_index = bisect_left(self._breaks, offset)
        line_begin = self._breaks[line_index - 1] + 1 if line_index else 0
        if line_index < len(self.line_starts):
            line, column = self.line_starts[line_index]
            return line, column + (offset - line_begin)
        return self.line, 1 + offset


@dataclass
class Table:
    header: list[str]
    rows: list[list[Block]]  # rows[0] is the header row
    line: int
    end_line: int


@dataclass
class Body:
    blocks: list[Block]
    tables: list[Table]

    def of_kind(self, *kinds: str) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]

    @property
    def headings(self) -> list[Block]:
        return self.of_kind("heading")

    @property
    def list_items(self) -> list[Block]:
        return self.of_kind("list_item")

    def prose(self) -> list[Block]:
        """Blocks whose text may carry claims: never fenced code or raw HTML."""
        return self.of_kind("heading", "paragraph", "list_item", "table_cell")


@cache
def _markdown():
    """The block-level parser, built on first use (importing markdown-it is slow)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")


def blank_inline_code(text: str) -> tuple[str, list[str]]:
    """`text` with each inline code span blanked out (same length, newlines kept, so offsets
    still map to columns), and the spans' contents."""
    spans: list[str] = []

    def blank(match: re.Match) -> str:
        spans.append(match.group(2).strip())
        return re.sub(r"[^\n]", " ", match.group(0))

    if "`" not in text:
        return text, spans
    return INLINE_CODE.sub(blank, text), spans


def _line_starts(content: str, lines: list[str], first: int) -> list[tuple[int, int]]:
    """Find each content line in the source lines to recover its column."""
    starts = []
    source_index = first
    for piece in content.split("\n"):
        found = None
        for candidate in range(source_index, min(source_index + 3, len(lines))):
            column = lines[candidate].find(piece) if piece else 0
            if column >= 0:
                found = (candidate, column)
                break
        if found is None:
            found = (source_index, 0)
        starts.append((found[0] + 1, found[1] + 1))
        source_index = found[0] + 1
    return starts


def parse_body(lines: list[str], first_line: int = 1) -> Body:
    """Parse `lines` (the body, starting at file line `first_line`)."""
    offset = first_line - 1
    source = "\n".join(lines[offset:])
    tokens = _markdown().parse(source)
    blocks: list[Block] = []
    tables: list[Table] = []
    list_depth = 0
    pending: dict | None = None  # what the next inline token belongs to
    cell_row = cell_col = -1
    for token in tokens:
        kind = token.type
        if kind == "bullet_list_open" or kind == "ordered_list_open":
            list_depth += 1
        elif kind == "bullet_list_close" or kind == "ordered_list_close":
            list_depth -= 1
        elif kind == "list_item_open":
            pending = {"kind": "list_item", "level": list_depth, "map": token.map}
        elif kind == "list_item_close":
            pending = None
        elif kind == "heading_open":
            pending = {"kind": "heading", "level": int(token.tag[1]), "map": token.map}
        elif kind == "paragraph_open":
            if pending is None or pending["kind"] != "list_item":
                pending = {"kind": "paragraph", "level": 0, "map": token.map}
        elif kind == "table_open":
            tables.append(Table([], [], token.map[0] + 1 + offset, token.map[1] + offset))
            cell_row = -1
        elif kind == "tr_open":
            cell_row += 1
            cell_col = -1
            tables[-1].rows.append([])
            row_line = token.map[0] if token.map else 0
        elif kind in ("th_open", "td_open"):
            cell_col += 1
            pending = {"kind": "table_cell", "row_line": row_line, "col": cell_col}
        elif kind == "inline" and pending is not None:
            blocks.append(_inline_block(token, pending, lines, offset, tables, cell_row))
            pending = None
        elif kind in ("fence", "code_block"):
            start, end = token.map
            blocks.append(Block("code", token.content, start + 1 + offset, end + offset,
                                info=token.info.strip()))
        elif kind == "html_block":
            start, end = token.map
            blocks.append(Block("html", token.content, start + 1 + offset, end + offset,
                                line_starts=[(start + 1 + offset + i, 1)
                                             for i in range(end - start)]))
    return Body(blocks, tables)


def _inline_block(token, pending: dict, lines: list[str], offset: int, tables: list[Table],
                  cell_row: int) -> Block:
    text, code = blank_inline_code(token.content)
    if pending["kind"] == "table_cell":
        line = pending["row_line"] + offset
        column = _cell_column(lines[line], pending["col"], token.content)
        block = Block("table_cell", text, line + 1, line + 1, [(line + 1, column)],
                      table=len(tables) - 1, row=cell_row, column=pending["col"], code=code)
        tables[-1].rows[-1].append(block)
        if cell_row == 0:
            tables[-1].header.append(token.content.strip())
        return block
    start, end = token.map if token.map else pending["map"]
    starts = _line_starts(token.content, lines, start + offset)
    checked = None
    if pending["kind"] == "list_item":
        box = CHECKBOX.match(text)
        if box:
            checked = box.group(1) != " "
    return Block(pending["kind"], text, start + 1 + offset, end + offset, starts,
                 level=pending["level"], checked=checked, code=code)


@lru_cache(maxsize=4)
def _pipes(source_line: str) -> tuple[int, tuple[int, ...]]:
    """Leading pipe (0/1) and offsets of the unescaped pipes of a row (cached: many cells)."""
    leading = 1 if source_line.lstrip().startswith("|") else 0
    return leading, tuple(m.start() for m in re.finditer(r"(?<!\\)\|", source_line))


def _cell_column(source_line: str, cell_index: int, content: str) -> int:
    leading, pipes = _pipes(source_line)
    boundary = cell_index + leading - 1
    begin = pipes[boundary] + 1 if 0 <= boundary < len(pipes) else 0
    end = pipes[boundary + 1] if 0 <= boundary + 1 < len(pipes) else len(source_line)
    found = source_line.find(content, begin, max(end, begin + len(content))) if content else -1
    return (found if found >= 0 else begin) + 1
