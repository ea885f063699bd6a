"""What surrounds a claim in its document: the clause segment, the heading above, the table
column, the list item it hangs from, the XML-like element of a plan, the frontmatter mapping it
sits in, and the document's own date. Coverage and test-result claims are told apart from
targets and expectations by these (claims/coverage.py, claims/test_results.py)."""

from __future__ import annotations

import re
from typing import Any

from planproof.claims.recovered_frontmatter import frontmatter_of

COVER_WORD = re.compile(r"cover", re.I)
FUTURE_WORD = re.compile(
    r"\b(?:need(?:s|ed)?|target(?:s|ed)?|goals?|aim(?:s|ing)?|plan(?:s|ned)?|expect(?:s|ed)?"
    r"|projected|estimated?|should|will|would|could|impact|reach(?:es)?|want|desired|required"
    r"|threshold|minimum|at least|gate|to)\b", re.I)
MET = re.compile(r"✅|✓|✔|☑|\b(?:achieved|exceed(?:s|ed|ing)?|met|reached|passed|pass|verified"
                 r"|done|satisfied|surpass(?:es|ed)?)\b", re.I)
UNMET = re.compile(r"❌|✗|✘|⚠|\b(?:not|unmet|below|missed|fail(?:s|ed|ing|ure)?|partial(?:ly)?"
                   r"|pending|gaps?_found|short|behind|todo|remaining|blocked)\b", re.I)
MET_STATUS = frozenset({"passed", "pass", "met", "achieved", "verified", "done", "complete",
                        "completed", "resolved", "closed", "fixed"})
DATE_KEYS = ("completed", "verified", "updated", "last_updated", "date", "created")
DATE_LINE = re.compile(r"^\s*(?:[-*]\s*)?\*\*(?:date|completed|verified|updated|last updated"
                       r"|created)\s*:?\*\*\s*:?\s*(?P<date>.+?)\s*$", re.I)
CELL_MEASURED_HEADER = re.compile(r"cover|current|actual|measured|\bnow\b|today|%", re.I)
CELL_FUTURE_HEADER = re.compile(r"target|goal|week|sprint|after|expected|projected|plan|desired"
                                r"|required|gap|delta|change|diff|need|min", re.I)
SEGMENT_BREAK = re.compile(r"[,;]")


def surroundings(doc) -> Surroundings:
    """The document's `Surroundings`, built once per document."""
    return doc.memo.get("claims.surroundings", lambda: Surroundings(doc))


def segment(claim) -> str:
    """The comma/semicolon-separated piece of the clause the claim sits in."""
    clause = claim.clause or claim.text
    at = clause.find(claim.text)
    if at < 0:
        return clause
    left = SEGMENT_BREAK.split(clause[:at])[-1]
    right = SEGMENT_BREAK.split(clause[at + len(claim.text):])[0]
    return left + claim.text + right


class Surroundings:
    """What the claims of one document are read against, computed once."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.kind = (doc.kind or "").upper()
        self.data = frontmatter_of(doc).data
        self.element_ranges = [(e.line, e.end_line or e.line) for e in doc.elements.children
                               if e.name not in ("details", "summary")]

    def in_element(self, line: int) -> bool:
        """Inside a plan's <tasks>, <verify>, <success_criteria>...: an expectation."""
        return any(start <= line <= end for start, end in self.element_ranges)

    def coverage_context(self, claim) -> bool:
        """The word coverage/covered in the clause, the frontmatter key or value, the table
        column header, the parent list item or the nearest heading."""
        if "coverage" in claim.keywords or "covered" in claim.keywords:
            return True
        if COVER_WORD.search(claim.clause or "") or COVER_WORD.search(claim.key_path or ""):
            return True
        if claim.origin == "frontmatter":
            return bool(COVER_WORD.search(_fm_string(self.data, claim.key_path)))
        block = claim.block
        if block is None:
            return False
        return bool(COVER_WORD.search(block.text) or COVER_WORD.search(self._column_header(block))
                    or COVER_WORD.search(self.parent_text(block))
                    or COVER_WORD.search(self._heading_above(claim.span.line)))

    def measured_cell(self, claim) -> bool:
        """A table cell counts only under a current/measured/coverage column header."""
        block = claim.block
        if block is None or block.table is None or block.column is None:
            return True
        if len(re.findall(r"[A-Za-z]{2,}", block.text.replace(claim.text, " "))) >= 2:
            return True  # a cell of prose ("Measured coverage: 15.70% overall") speaks for itself
        tables = self.doc.body.tables
        if block.table >= len(tables) or block.column >= len(tables[block.table].header):
            return False
        header = tables[block.table].header[block.column]
        return bool(CELL_MEASURED_HEADER.search(header)) and not CELL_FUTURE_HEADER.search(header)

    def parent_text(self, block) -> str:
        """The list item a nested item hangs from (`- COV-02: x.py reaches 50% coverage` above
        `  - Current: 12.6% (169/1163 lines)`)."""
        if block.kind != "list_item" or block.level < 2:
            return ""
        lines = self.doc.lines
        start = block.line - 1
        if start >= len(lines):
            return ""
        indent = _indent(lines[start])
        for index in range(start - 1, max(-1, start - 40), -1):
            line = lines[index]
            if line.strip() and _indent(line) < indent:
                return line
        return ""

    def context_text(self, claim) -> str:
        """The claim's own text unit plus what hangs below it (nested list lines, the rest of
        its table row, a frontmatter mapping's status): where "✅ achieved" would be written."""
        if claim.origin == "frontmatter":
            status = _fm_sibling(self.data, claim.key_path, "status")
            return f"{_fm_string(self.data, claim.key_path)} status: {status or ''}"
        block = claim.block
        if block is None:
            return claim.clause or ""
        if block.table is not None and block.row is not None:
            tables = self.doc.body.tables
            if block.table < len(tables) and block.row < len(tables[block.table].rows):
                return " | ".join(cell.text for cell in tables[block.table].rows[block.row])
            return block.text
        lines = self.doc.lines
        start = block.line - 1
        if start >= len(lines):
            return block.text
        indent = _indent(lines[start])
        parts = [block.text]
        for line in lines[block.end_line:block.end_line + 12]:
            if not line.strip() or _indent(line) <= indent:
                break
            parts.append(line.strip())
        return "\n".join(parts)

    def target_asserted_met(self, claim) -> bool:
        """A ✅, "achieved", "met" or a passed status beside the target, and nothing unmet."""
        if claim.origin == "frontmatter":
            status = _fm_sibling(self.data, claim.key_path, "status")
            if isinstance(status, str):
                return status.strip().lower() in MET_STATUS
        text = self.context_text(claim)
        return bool(MET.search(text)) and not UNMET.search(text)

    @property
    def date(self) -> str | None:
        return document_date(self.doc, self.data)

    def _column_header(self, block) -> str:
        if block.table is None or block.column is None:
            return ""
        tables = self.doc.body.tables
        if block.table >= len(tables) or block.column >= len(tables[block.table].header):
            return ""
        return tables[block.table].header[block.column]

    def _heading_above(self, line: int) -> str:
        text = ""
        for block in self.doc.body.headings:
            if block.line > line:
                break
            text = block.text
        return text


def document_date(doc, data=None) -> str | None:
    """The document's own date: frontmatter completed/verified/updated/..., else a
    `**Date:**`-style line near the top."""
    data = data if data is not None else doc.frontmatter.data
    if isinstance(data, dict):
        for key in DATE_KEYS:
            value = data.get(key)
            if value not in (None, ""):
                return str(value)
    body_start = doc.body_start_line
    for line in doc.lines[max(0, body_start - 1):body_start + 60]:
        found = DATE_LINE.match(line)
        if found:
            return found.group("date").strip()
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _fm_walk(data: Any, key_path: str) -> Any:
    """The frontmatter value at `key_path` (`gaps[1].reason`), or None."""
    value: Any = data
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", key_path):
        if part.startswith("["):
            index = int(part[1:-1])
            value = value[index] if isinstance(value, list) and index < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            return None
    return value


def _fm_string(data: Any, key_path: str | None) -> str:
    """The full frontmatter string at `key_path` (the claim's clause is only part of it)."""
    value = _fm_walk(data, key_path) if key_path else None
    return value if isinstance(value, str) else ""


def _fm_sibling(data: Any, key_path: str | None, key: str) -> Any:
    """`status` next to `gaps[0].truth`: the value of `key` in the mapping holding key_path."""
    if not key_path or "." not in key_path:
        return None
    value = _fm_walk(data, key_path.rsplit(".", 1)[0])
    return value.get(key) if isinstance(value, dict) else None
