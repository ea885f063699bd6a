"""Claims from body tables: the role of a column by its header (current / target / gap), and
one TableRowClaim per row of a table that has all three (`| memory/ | 18-27% | 90% | +63-72 |`)."""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.claims.claim_context import FILE_NAME, keywords_of
from planproof.claims.model import Claim, Num, Range, TableRowClaim
from planproof.claims.numbers import parse_number
from planproof.claims.text_patterns import CELL_MARKUP, POINTS, UNSIGNED
from planproof.findings import Span

CELL_QUANTITY = lazyre.compile(
    rf"^(?P<low>[+\-−]?\s?{UNSIGNED})\s?(?P<low_pct>%)?(?:\s?[-–]\s?(?P<high>{UNSIGNED}))?"
    rf"(?P<pct>\s?%)?(?P<plus>\+)?\s*(?:{POINTS})?$")
CURRENT_HEADER = lazyre.compile(
    r"^(?:current|baseline|before|now|actual|measured|today|start|week 0)\b", re.I)
TARGET_HEADER = lazyre.compile(r"^(?:target|goal|desired|required|after)\b", re.I)
GAP_HEADER = lazyre.compile(
    r"^(?:gap|delta|needed|remaining|Δ|diff(?:erence)?|change|increase)\b", re.I)
HEADER_ROLES = (("current", CURRENT_HEADER), ("target", TARGET_HEADER), ("gap", GAP_HEADER))


def header_roles(body) -> dict[tuple[int, int], str]:
    """(table, column) -> "current" or "target", for the cells a column's header gives a role."""
    roles = {}
    for index, table in enumerate(body.tables):
        for column, header in enumerate(table.header):
            clean = CELL_MARKUP.sub("", header).strip()
            role = next((role for role, pattern in HEADER_ROLES[:2] if pattern.match(clean)), None)
            if role:
                roles[(index, column)] = role
    return roles


def _gap_columns(table) -> dict[str, int] | None:
    """role -> column of a table with exactly one current, one target and one gap column."""
    roles: dict[str, int] = {}
    for column, header in enumerate(table.header):
        clean = CELL_MARKUP.sub("", header).strip()
        for role, pattern in HEADER_ROLES:
            if pattern.match(clean):
                roles[role] = -1 if role in roles else column  # -1: two candidates, ambiguous
    return roles if len(roles) == 3 and -1 not in roles.values() else None


def _cell_quantity(text: str) -> Num | Range | None:
    clean = CELL_MARKUP.sub("", text).replace("`", "").strip()
    match = CELL_QUANTITY.match(clean)
    if not match:
        return None
    pct = bool(match.group("pct") or match.group("low_pct"))
    plus = bool(match.group("plus"))
    if match.group("high") is None:
        return parse_number(match.group("low"), pct, plus)
    low = parse_number(match.group("low"), pct)
    high = parse_number(match.group("high"), pct, plus)
    if low is None or high is None or low.value > high.value:
        return None
    return Range(low=low, high=high, text=clean, percent=pct)


def table_row_claims(doc, body) -> list[Claim]:
    claims: list[Claim] = []
    for index, table in enumerate(body.tables):
        roles = _gap_columns(table)
        if roles is None:
            continue
        columns = {role: table.header[col] for role, col in roles.items()}
        for row_index, cells in enumerate(table.rows[1:], start=1):
            claim = _row_claim(doc, table.header, roles, cells,
                               table=index, row=row_index, columns=dict(columns))
            if claim is not None:
                claims.append(claim)
    return claims


def _row_claim(doc, header: list[str], roles: dict[str, int], row_cells,
               **placement) -> TableRowClaim | None:
    """The claim of one row; `placement` is its table, row and role -> header text."""
    cells = {role: row_cells[col] for role, col in roles.items() if col < len(row_cells)}
    if len(cells) != 3:
        return None
    values = {role: _cell_quantity(cell.text) for role, cell in cells.items()}
    if any(v is None for v in values.values()):
        return None
    label = CELL_MARKUP.sub("", row_cells[0].text).strip() if row_cells else ""
    first, last = min(cells.values(), key=lambda c: c.column), cells["gap"]
    line, column = first.position(0)
    _, end_column = last.position(len(last.text))
    raw = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    subject = FILE_NAME.search(label)
    return TableRowClaim(
        text=raw[column - 1:end_column - 1] if raw else "",
        span=Span(line, column, line, end_column), origin="table_cell", block=last,
        clause=raw.strip(), subject=subject.group(0) if subject else label, unit=None,
        keywords=keywords_of(" ".join(header) + " " + label), role=None, label=label,
        current=values["current"], target=values["target"], gap=values["gap"], **placement)
