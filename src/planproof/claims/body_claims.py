"""Claims from the body: every prose block scanned (headings, paragraphs, list items, table
cells; never fenced code), with the subject and keywords its heading and enclosing list items
lend it; then the claims that span blocks (table rows, progressions, target lines)."""

from __future__ import annotations

from planproof.claims.claim_context import FILE_NAME, build_claim
from planproof.claims.list_claims import progression_claims, target_lines_claims
from planproof.claims.model import Claim
from planproof.claims.scanner import MAX_CLAIMS, may_claim, scan
from planproof.claims.table_claims import header_roles, table_row_claims
from planproof.claims.text_patterns import CELL_MARKUP
from planproof.findings import Span


class _Outline:
    """Where a block sits: the current heading and the enclosing list items (level, first
    line), which lend a list item their file name and their words."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.heading = ""
        self.parents: list[tuple[int, str]] = []

    def enter(self, block) -> tuple[str | None, str]:
        """Step to `block`: (the file name it inherits, the text around it for keywords)."""
        surroundings = self.heading
        if block.kind == "heading":
            self.parents.clear()
            self.heading = block.text[:200]
        elif block.kind == "paragraph":
            self.parents.clear()
        if block.kind != "list_item":
            return None, surroundings
        while self.parents and self.parents[-1][0] >= block.level:
            self.parents.pop()
        enclosing = [line for _, line in self.parents]
        lines = self.doc.lines
        self.parents.append((block.level, lines[block.line - 1][:200]
                             if 0 < block.line <= len(lines) else ""))
        if not may_claim(block.text):
            return None, surroundings
        inherited = next((own.group(0) for own in map(FILE_NAME.search, reversed(enclosing))
                          if own), None)
        return inherited, " ".join([self.heading] + enclosing)


def body_claims(doc) -> list[Claim]:
    body = doc.body
    claims: list[Claim] = []
    roles = header_roles(body)
    outline = _Outline(doc)
    for block in body.prose():
        if len(claims) >= MAX_CLAIMS:
            break  # extract_claims reports the document as truncated
        inherited, surroundings = outline.enter(block)
        if may_claim(block.text):
            claims.extend(_block_claims(doc, block, roles, inherited, surroundings))
    claims.extend(progression_claims(doc, body))
    claims.extend(table_row_claims(doc, body))
    claims.extend(target_lines_claims(doc, body, claims))
    return claims


def _block_claims(doc, block, roles, inherited: str | None, surroundings: str) -> list[Claim]:
    found = scan(block.text)
    if not found:
        return []
    column_role = None
    subject = inherited
    if block.kind == "table_cell":
        subject = _row_label(doc.body, block)
        if block.table is not None and block.row:
            column_role = roles.get((block.table, block.column))
    claims = []
    for item in found:
        line, column = block.position(item.start)
        end_line, end_column = block.position(item.end)
        raw = doc.lines[line - 1] if 0 < line <= len(doc.lines) else None
        raw_offset = item.start - (column - 1) if raw is not None else 0
        claims.append(build_claim(item, block.text, Span(line, column, end_line, end_column),
                                  block.kind, block=block, raw=raw, raw_offset=raw_offset,
                                  subject=subject, role=column_role, surroundings=surroundings))
    return claims


def _row_label(body, block) -> str | None:
    """The file name in the first cell of a table cell's row (not for that cell itself)."""
    table = body.tables[block.table]
    if block.row is None or block.row >= len(table.rows) or not table.rows[block.row]:
        return None
    first = table.rows[block.row][0]
    label = CELL_MARKUP.sub("", first.text).strip().strip("`").strip()
    if first is block or not label:
        return None
    found = FILE_NAME.search(label)
    return found.group(0) if found else None
