"""Requirements: where REQUIREMENTS documents (and phase READMEs) define them, the traceability
tables that map them to phases, and the ids a PLAN or SUMMARY cites."""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.document import Document
from planproof.fences import prose_lines
from planproof.planning.ids import (
    NUMBER, PLAN_NUMBER, REQUIREMENT_ID, REQUIREMENT_ID_TEXT, REQUIREMENT_PREFIX, exact_number,
)
from planproof.planning.model import PlanningTree, Requirement

DEFERRED_HEADING = lazyre.compile(r"out of scope|future|deferred|v2|later|backlog|won'?t|not in scope", re.I)
DEFINITION = lazyre.compile(rf"^\s*(?:[-*+]\s+)?(?:\[([ xX])\]\s+)?\*\*({REQUIREMENT_ID_TEXT})\*\*")
PLAN_REF = lazyre.compile(rf"\bPlans?\s+({NUMBER})-({PLAN_NUMBER})", re.I)
RANGE = lazyre.compile(rf"\b({REQUIREMENT_PREFIX})-(\d{{1,4}})\s*(?:\.\.|–|—|to)\s*(?:\1-)?(\d{{1,4}})\b")


def collect_requirements(tree: PlanningTree, doc: Document, archived: bool) -> None:
    deferred = False
    table_header: list[str] | None = None
    for number, line in prose_lines(doc):
        if line.startswith("#"):
            deferred = bool(DEFERRED_HEADING.search(line))
            table_header = None
            continue
        match = DEFINITION.match(line)
        if match:
            rid = match.group(2)
            requirement = Requirement(rid, doc, number, match.start(2) + 1, deferred or archived,
                                      None if match.group(1) is None else match.group(1) in "xX")
            requirement.plans = [(exact_number(a), exact_number(b)) for a, b in PLAN_REF.findall(line)]
            tree.requirements.setdefault(rid, []).append(requirement)
            continue
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if table_header is None:
                table_header = [c.lower() for c in cells]
                continue
            if set("".join(cells)) <= set("-: "):
                continue
            _table_row(tree, doc, number, line, cells, table_header, deferred or archived)
        else:
            table_header = None


def _table_row(tree, doc, number, line, cells, header, deferred) -> None:
    if not header or not re.match(r"^(req|requirement|id)", header[0]):
        return
    phase_col = next((i for i, h in enumerate(header) if h.startswith("phase")), None)
    phase = None
    if phase_col is not None and phase_col < len(cells):
        found = re.search(rf"({NUMBER})", cells[phase_col])
        phase = exact_number(found.group(1)) if found else None
    first = cells[0].strip("* `")
    ids = expand(first)
    for rid in ids:
        for requirement in tree.requirements.get(rid, []):
            if requirement.doc is doc and requirement.phase is None:
                requirement.phase = phase
        if rid not in tree.requirements or all(r.doc is not doc for r in tree.requirements[rid]):
            column = line.find(first.split("..")[0]) + 1
            tree.requirements.setdefault(rid, []).append(
                Requirement(rid, doc, number, max(column, 1), deferred, None, phase))


def expand(text: str) -> list[str]:
    """'STORE-01..04' -> STORE-01 .. STORE-04; 'CLEAN-01' -> [CLEAN-01]; anything else -> []."""
    ranged = RANGE.fullmatch(text.strip())
    if ranged:
        prefix, low, high = ranged.group(1), int(ranged.group(2)), int(ranged.group(3))
        width = len(ranged.group(2))
        if 0 <= high - low <= 200:
            return [f"{prefix}-{str(n).zfill(width)}" for n in range(low, high + 1)]
    single = REQUIREMENT_ID.fullmatch(text.strip())
    return [single.group(1)] if single else []


def cited_requirements(doc: Document, key: str = "requirements") -> list[tuple[str, str]]:
    """IDs a PLAN (`requirements`) or SUMMARY (`requirements-completed`) lists: (id, key path)."""
    value = doc.meta.get(key)
    if value is None and key == "requirements-completed":
        value = doc.meta.get("requirements_completed")
        key = "requirements_completed"
    out = []
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    for index, item in enumerate(items):
        if isinstance(item, dict) and len(item) == 1:
            item = next(iter(item))  # '- VDI-001: text' parsed as a one-key mapping
        if isinstance(item, str):
            for rid in REQUIREMENT_ID.findall(item):
                out.append((rid, f"{key}[{index}]"))
    return out
