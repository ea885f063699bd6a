"""ROADMAP.md read: its phases (checklist items and sections), the plans its checklists name,
the progress table, deferred requirements, and every phase it mentions anywhere."""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.document import Document
from planproof.fences import prose_lines
from planproof.planning.ids import NUMBER, PLAN_NUMBER, REQUIREMENT_ID, exact_number, leading_value
from planproof.planning.model import Roadmap, RoadmapPhase, RoadmapPlan

ROADMAP_PHASE = lazyre.compile(rf"^\s*[-*+]\s+\[([ xX~])\]\s+(?:~~)?\*\*Phase\s+({NUMBER})\s*[:.\-—]?\s*(.*?)\*\*", re.I)
ROADMAP_SECTION = lazyre.compile(rf"^#{{2,4}}\s+(?:[^\w\s]\s*)?Phase\s+({NUMBER})\b\s*[:.\-—]?\s*(.*)$", re.I)
ROADMAP_PLAN = lazyre.compile(rf"^(\s*[-*+]\s+\[([ xX])\]\s+)(?:\*\*)?(({NUMBER})-({PLAN_NUMBER})(?:-PLAN\.md)?)\b", re.I)
TABLE_ROW_PHASE = lazyre.compile(rf"^\|\s*(?:Phase\s+)?({NUMBER})\.?(?:\s[^|]*)?\|", re.I)
PHASE_NAMED = lazyre.compile(rf"\bPhases?\s+((?:{NUMBER})(?:\s*(?:,|&|and|-|–|—|to|through|\.\.)\s*(?:Phase\s+)?(?:{NUMBER}))*)\b", re.I)
RANGE_PART = lazyre.compile(rf"({NUMBER})\s*(?:-|–|—|to|through|\.\.)\s*(?:Phase\s+)?({NUMBER})", re.I)


def plan_line(line: str, number: int, archived: bool = False, section: str | None = None) -> RoadmapPlan | None:
    """A checklist line naming a plan: `- [x] 12-03: ...` or `- [ ] 12-03-PLAN.md -- ...`."""
    plan = ROADMAP_PLAN.match(line)
    if not plan:
        return None
    pid = (exact_number(plan.group(4)), exact_number(plan.group(5)))
    column = len(plan.group(1)) + 1 + (2 if line[len(plan.group(1)):].startswith("**") else 0)
    return RoadmapPlan(pid, plan.group(2) in "xX", number, column, column + len(plan.group(3)),
                       line.strip(), archived, section)


def _named_phases(roadmap: Roadmap, line: str) -> None:
    """Record every phase a line names: `Phase 27`, `Phases 3, 4 and 5`, `Phases 57-62`."""
    for match in PHASE_NAMED.finditer(line):
        listed = match.group(1)
        if match.group(0)[5:6].lower() != "s":  # `Phase 1-02` names phase 1 (and a plan of it)
            listed = re.match(NUMBER, listed).group()
        for part in RANGE_PART.finditer(listed):
            first, last = leading_value(part.group(1)), leading_value(part.group(2))
            if first is not None and last is not None and first < last:
                roadmap.ranges.append((first, last))
        for number in re.findall(NUMBER, listed):
            if (normal := exact_number(number)) is not None:
                roadmap.named.add(normal)


def parse_roadmap(doc: Document) -> Roadmap:
    roadmap = Roadmap(doc)
    depth = 0  # <details> nesting
    backlog = False
    section: str | None = None
    for number, line in prose_lines(doc):
        lowered = line.lower()
        depth += lowered.count("<details") - lowered.count("</details>")
        depth = max(depth, 0)
        archived = depth > 0
        if "hase" in line:
            _named_phases(roadmap, line)
        if re.match(r"^#{1,3}\s", line):
            if re.match(r"^#{1,2}\s", line):
                backlog = "backlog" in lowered
            section = None
        heading = ROADMAP_SECTION.match(line)
        if heading:
            section = exact_number(heading.group(1))
            entry = roadmap.phases.get(section)
            if entry is None:
                roadmap.phases[section] = RoadmapPhase(section, number, None, heading.group(2).strip(),
                                                       archived, backlog or "backlog" in lowered)
            continue
        item = ROADMAP_PHASE.match(line)
        if item:
            num = exact_number(item.group(2))
            existing = roadmap.phases.get(num)
            if existing is None or existing.status is None:
                plans = existing.plans if existing else []
                roadmap.phases[num] = RoadmapPhase(num, number, item.group(1), item.group(3).strip(),
                                                   archived, backlog, plans)
            continue
        entry = plan_line(line, number, archived, section)
        if entry:
            roadmap.plans.append(entry)
            if section in roadmap.phases:
                roadmap.phases[section].plans.append(entry)
            continue
        if re.match(r"^\s*(?:[-*+]\s+)?\**deferred\b", lowered):
            roadmap.deferred.update(REQUIREMENT_ID.findall(line))
            continue
        row = TABLE_ROW_PHASE.match(line)
        if row and not archived:
            cells = [c.strip().lower() for c in line.strip().strip("|").split("|")]
            if any(c.startswith("complete") for c in cells[1:]):
                roadmap.table_complete.setdefault(exact_number(row.group(1)), number)
    return roadmap
