"""Coverage claims read from table rows and subjects: the Total/Overall row of a coverage table
is a claim about the total, the Stmts/Miss columns of a pasted `coverage report` table are
counts, and a subject keeps what the file is called (`_make.py`, `__init__.py`) without the
`../` of a markdown link target."""

from __future__ import annotations

import re

from planproof.fences import code_lines

TOTAL_ROW = re.compile(r"^(?:totals?|overall|all files|sum)$", re.I)
EMPHASIS = re.compile(r"^(\*{1,3}|_{1,3})(.+?)\1$")
STMTS = re.compile(r"^(?:stmts|statements|lines)$", re.I)
MISS = re.compile(r"^(?:miss|missing|missed)$", re.I)


def clean_subject(subject: str | None) -> str | None:
    """`**core/models.py**` -> `core/models.py`; `_make.py` and `__init__.py` stay as they are
    (only paired emphasis marks are markup); `../../src/x.py` -> `src/x.py`."""
    if not subject:
        return None
    text = subject.strip().strip("`").strip()
    while True:
        match = EMPHASIS.match(text)
        if not match:
            break
        text = match.group(2).strip()
    text = text.strip("*`").strip()
    while text.startswith(("../", "./")):
        text = text.split("/", 1)[1]
    return text or None


def _table(doc, claim):
    block = claim.block
    if block is None or block.table is None or block.row is None:
        return None
    tables = doc.body.tables
    return tables[block.table] if block.table < len(tables) else None


def is_total_row(doc, claim) -> bool:
    """The claim sits in a table row labelled TOTAL, **Total** or Overall."""
    table = _table(doc, claim)
    if table is None or claim.block.row >= len(table.rows) or not table.rows[claim.block.row]:
        return False
    label = clean_subject(table.rows[claim.block.row][0].text)
    return bool(label and TOTAL_ROW.match(label))


def row_counts(doc, claim) -> tuple[int, int] | None:
    """(covered, statements) from the Stmts and Miss cells of the claim's row, if the table has
    both columns (a pasted `coverage report`)."""
    table = _table(doc, claim)
    if table is None:
        return None
    header = [re.sub(r"[*_`]", "", h).strip() for h in table.header]
    stmts = next((i for i, h in enumerate(header) if STMTS.match(h)), None)
    miss = next((i for i, h in enumerate(header) if MISS.match(h)), None)
    if stmts is None or miss is None or claim.block.row >= len(table.rows):
        return None
    cells = [re.sub(r"[*_`,]", "", cell.text).strip() for cell in table.rows[claim.block.row]]
    if max(stmts, miss) >= len(cells) or not cells[stmts].isdigit() or not cells[miss].isdigit():
        return None
    statements, missed = int(cells[stmts]), int(cells[miss])
    return (statements - missed, statements) if missed <= statements else None


REPORT_HEADER = re.compile(r"^\s*Name\s+Stmts\s+Miss(?:\s+Branch\s+BrPart)?\s+Cover(?:\s+Missing)?\s*$")
REPORT_ROW = re.compile(r"^\s*(?P<name>\S+)\s+(?P<stmts>\d+)\s+(?P<miss>\d+)"
                        r"(?:\s+(?P<branch>\d+)\s+(?P<brpart>\d+))?\s+(?P<cover>\d{1,3}(?:\.\d+)?)%")


def report_rows(doc):
    """The rows of every `coverage report` pasted in a fenced block: (line, column, name,
    printed percent, (covered, statements)) for each file and the TOTAL row."""
    if "Stmts" not in doc.text:
        return
    in_report = False
    for number, raw in code_lines(doc):
        if REPORT_HEADER.match(raw):
            in_report = True
            continue
        if not in_report:
            continue
        if raw.strip().startswith("-") and not raw.strip().strip("-"):
            continue  # the rule lines
        row = REPORT_ROW.match(raw)
        if row is None:
            in_report = False
            continue
        statements, missed = int(row.group("stmts")), int(row.group("miss"))
        counts = (statements - missed, statements) if missed <= statements else None
        yield number, row.start("cover") + 1, row.group("name"), row.group("cover") + "%", counts
