"""PP743-PP745: the audits GSD runs across phases (lint): UAT items left open, VALIDATION.md
(Nyquist) structure, and the milestone audit's three-way requirements check
(REQUIREMENTS <-> ROADMAP <-> VERIFICATION)."""

from __future__ import annotations

import os
import re

from planproof import lazyre
from planproof.findings import Span, Violation
from planproof.fences import prose_lines
from planproof.planning.forest import forest
from planproof.planning.ids import REQUIREMENT_ID, exact_number
from planproof.planning.requirements import expand
from planproof.planning.roadmap import ROADMAP_SECTION
from planproof.rules import rule

# -- PP743 UAT -------------------------------------------------------------------------------------

UAT_TEST = lazyre.compile(r"^#{2,4}\s+(\d+)[.)]\s+(.*)$")
UAT_RESULT = lazyre.compile(r"^\s*(?:[-*]\s+)?\**result\**:\s*\[?([\w -]+?)\]?\s*$", re.I)
GAP_START = lazyre.compile(r"^\s*-\s+truth:")
GAP_FIELD = lazyre.compile(r"^\s+(status|test):\s*\"?([\w.-]+)\"?", re.I)
OPEN_RESULTS = {"pending", "blocked", "skipped", "skip"}
CLOSED_GAP = {"resolved", "fixed", "closed", "done", "verified", "accepted", "wontfix", "deferred"}


def _uat_tests(doc) -> list[tuple[str, str, int, str]]:
    """(number, title, line of the result, result) of every test of a UAT document."""
    tests, current = [], None
    for number, line in prose_lines(doc):
        heading = UAT_TEST.match(line)
        if heading:
            current = (heading.group(1), heading.group(2).strip())
            continue
        result = UAT_RESULT.match(line)
        if result and current:
            tests.append((*current, number, result.group(1).strip().lower()))
            current = None
    return tests


def _closed_gap_tests(doc) -> set[str]:
    closed, fields, in_gaps = set(), {}, False
    for _, line in prose_lines(doc):
        if line.startswith("#"):
            in_gaps = line.lstrip("#").strip().lower().startswith("gaps")
            continue
        if not in_gaps:
            continue
        if GAP_START.match(line):
            fields = {}
        found = GAP_FIELD.match(line)
        if found:
            fields[found.group(1).lower()] = found.group(2).lower()
            if fields.get("status") in CLOSED_GAP and "test" in fields:
                closed.add(fields["test"])
    return closed


_UAT_EXAMPLE = """
    ---
    status: complete
    phase: 08-oa
    ---
    ## Tests

    ### 1. Import works
    expected: rows are loaded
    result: pass

    ### 2. Empty strings normalise
    expected: None for empty strings
    result: issue

    ## Gaps

    - truth: "Empty strings normalise to None"
      status: {gap}
      test: 2
"""


@rule("PP743", "uat-items-open", "warning",
      summary="A UAT leaves test items open: pending, blocked or skipped, or issues with no closed gap.",
      what="""
        In an `NN-UAT.md`, every `### N. name` test has a `result:`. `pending`, `blocked` and
        `skipped` tests are open, and so is an `issue` unless its entry under `## Gaps` (matched
        by `test: N`) has a closing status (resolved, fixed, closed...). One finding per UAT,
        at the first open item, listing all of them. UATs whose status is still `testing` are
        in progress and not checked.
      """,
      why="""
        GSD's cross-phase UAT audit lists these: a phase (or a shipped milestone) whose
        acceptance test was never finished is not accepted, whatever the ROADMAP says.
      """,
      bad=_UAT_EXAMPLE.format(gap="failed"),
      at=(13, 1),
      good=_UAT_EXAMPLE.format(gap="resolved"),
      example_path=".planning/phases/08-oa/08-UAT.md")
def uat_items_open(doc, ctx):
    if doc.kind != "UAT" or doc.skipped:
        return
    status = str(doc.meta.get("status", "")).strip().lower()
    if status == "testing":
        return
    closed = _closed_gap_tests(doc)
    open_items = [(n, title, line, result) for n, title, line, result in _uat_tests(doc)
                  if result in OPEN_RESULTS or (result == "issue" and n not in closed)]
    if not open_items:
        return
    number, title, line, result = open_items[0]
    more = f" (and {len(open_items) - 1} more)" if len(open_items) > 1 else ""
    yield Violation(f"UAT test {number} '{title}' is left open ({result}){more}",
                    Span(line, 1, line, doc.line_length(line) + 1),
                    "finish the test, or close its gap (status: resolved) once fixed",
                    {"open": [{"test": n, "name": t, "line": ln, "result": r} for n, t, ln, r in open_items],
                     "uat_status": status or None})


# -- PP744 VALIDATION.md ---------------------------------------------------------------------------

VALIDATION_SECTIONS = ("Test Infrastructure", "Per-Task Verification Map")
UNCHECKED = lazyre.compile(r"^\s*[-*]\s+\[ \]\s+(.*)$")


def _section_boxes(doc, title: str) -> list[tuple[int, str]]:
    boxes, inside = [], False
    for number, line in prose_lines(doc):
        if line.startswith("#"):
            inside = line.lstrip("#").strip().lower().startswith(title.lower())
            continue
        found = UNCHECKED.match(line) if inside else None
        if found:
            boxes.append((number, found.group(1).strip()))
    return boxes


_VALIDATION_EXAMPLE = """
    ---
    phase: 22
    status: {status}
    nyquist_compliant: true
    wave_0_complete: true
    ---
    ## Test Infrastructure
    pytest

    ## Per-Task Verification Map
    | Task | Command |
    |---|---|
    | 22-01-01 | pytest -q |

    ## Validation Sign-Off
    - [{box}] All tasks have automated verify
"""


@rule("PP744", "validation-structure", "warning",
      summary="A VALIDATION.md (Nyquist) lacks its required parts, or claims compliance with open items.",
      what="""
        GSD's `NN-VALIDATION.md` has frontmatter `nyquist_compliant` and `wave_0_complete`
        (booleans) and the sections `## Test Infrastructure` and `## Per-Task Verification
        Map`. `nyquist_compliant: true` with unchecked boxes under `## Validation Sign-Off`, or
        `wave_0_complete: true` with unchecked boxes under `## Wave 0 Requirements`, contradict
        themselves.
      """,
      why="""
        The Nyquist validation is how GSD records that every task has an automated check; a
        report claiming compliance while its own sign-off is open is a false green.
      """,
      bad=_VALIDATION_EXAMPLE.format(status="draft", box=" "),
      at=(16, 1),
      good=_VALIDATION_EXAMPLE.format(status="approved", box="x"),
      example_path=".planning/phases/22-obs/22-VALIDATION.md")
def validation_structure(doc, ctx):
    if doc.kind != "VALIDATION" or doc.skipped:
        return
    meta = doc.meta
    start = Span(doc.body_start_line, 1)
    for key in ("nyquist_compliant", "wave_0_complete"):
        if key not in meta:
            yield Violation(f"VALIDATION frontmatter has no '{key}'", doc.frontmatter.span(key) if
                            doc.frontmatter.present else start, f"add '{key}: true|false'", {"missing": key})
    titles = [line.lstrip("#").strip().lower() for _, line in prose_lines(doc) if line.startswith("#")]
    for section in VALIDATION_SECTIONS:
        if not any(t.startswith(section.lower()) for t in titles):
            yield Violation(f"VALIDATION has no '## {section}' section", start,
                            f"add '## {section}' (GSD's VALIDATION template)", {"missing_section": section})
    for key, section in (("nyquist_compliant", "Validation Sign-Off"), ("wave_0_complete", "Wave 0 Requirements")):
        boxes = _section_boxes(doc, section)
        if meta.get(key) is True and boxes:
            line, text = boxes[0]
            yield Violation(f"{key}: true, but '{section}' still has {len(boxes)} unchecked item(s): {text}",
                            Span(line, 1, line, doc.line_length(line) + 1),
                            f"finish the items, or set {key}: false",
                            {"claimed": {key: True}, "unchecked": [{"line": n, "text": t} for n, t in boxes]})


# -- PP745 three-way requirements audit ----------------------------------------------------------

ROADMAP_REQUIREMENTS = lazyre.compile(r"^\s*(?:[-*]\s+)?\**Requirements\**\s*:?\**\s*:?\s*(.+)$", re.I)
SATISFIED = lazyre.compile(r"\bSATISFIED\b|✅|✓|\bPASS(?:ED)?\b|\bVERIFIED\b|\bMET\b", re.I)
NOT_SATISFIED = lazyre.compile(r"NOT[ _-]SATISFIED|\bBLOCKED\b|\bFAILED\b|\bUNMET\b|❌|✗|\bPARTIAL\b", re.I)
TABLE_DONE = lazyre.compile(r"^(?:complete|completed|done|satisfied|verified|shipped|validated)\b", re.I)
TABLE_OPEN = lazyre.compile(r"^(?:pending|not started|planned|in progress|todo|open|blocked)\b", re.I)


def _roadmap_requirements(tree) -> dict[str, tuple[str, int]]:
    """requirement id -> (phase number, line) from `**Requirements**:` lines of ROADMAP sections."""
    out, section = {}, None
    if tree.roadmap is None:
        return out
    for number, line in prose_lines(tree.roadmap.doc):
        heading = ROADMAP_SECTION.match(line)
        if heading:
            section = exact_number(heading.group(1))
            continue
        if line.startswith("#"):
            section = None
        found = ROADMAP_REQUIREMENTS.match(line) if section else None
        if found:
            for piece in re.split(r"[,;]", found.group(1)):
                for rid in expand(piece.strip().strip("*` ")) or REQUIREMENT_ID.findall(piece):
                    out.setdefault(rid, (section, number))
    return out


def _table_status(doc, rid: str) -> tuple[str, int, str] | None:
    """(Status cell, line, first cell) of the traceability row naming `rid` (`ID-01..04` too)."""
    header = None
    for number, line in prose_lines(doc):
        if not line.strip().startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        column = next((i for i, h in enumerate(header) if h.startswith("status")), None)
        if column is None or column >= len(cells) or not header[0].startswith(("req", "id")):
            continue
        if rid in expand(cells[0].strip("*` ")):
            return cells[column].strip("*` "), number, cells[0].strip("*` ")
    return None


def _verification_status(phases, rid: str) -> tuple[str, str, str | None] | None:
    """(satisfied or not, where a VERIFICATION says so, that report's own status) for `rid`."""
    for phase in phases:
        for doc in phase.verifications:
            for number, line in prose_lines(doc):
                if rid not in line or len(set(REQUIREMENT_ID.findall(line))) != 1:
                    continue
                report = str(doc.meta.get("status", "")).strip().lower() or None
                if NOT_SATISFIED.search(line):
                    return "not satisfied", f"{doc.path}:{number}", report
                if SATISFIED.search(line):
                    return "satisfied", f"{doc.path}:{number}", report
    return None


def _sources(tree, requirement, mapped) -> dict:
    row = _table_status(requirement.doc, requirement.id)
    cell = row[0] if row else None
    table = "done" if cell and TABLE_DONE.match(cell) else "open" if cell and TABLE_OPEN.match(cell) else None
    phase = mapped[0] if mapped else requirement.phase
    phases = tree.find_phases(phase, archived=False) if phase else []
    roadmap = tree.roadmap.completion(phase) if tree.roadmap is not None and phase else None
    verification = _verification_status(phases, requirement.id)
    return {"requirements": {"checkbox": requirement.checked, "traceability": cell, "table": table,
                             "traceability_row": {"line": row[1], "ids": row[2]} if row else None},
            "roadmap": {"phase": phase, "complete": bool(roadmap)} if phase else None,
            "verification": {"status": verification[0], "at": verification[1], "report_status": verification[2]}
            if verification else None}


def _disagreement(sources) -> str | None:
    req = sources["requirements"]
    done = req["checkbox"] is True or req["table"] == "done"
    pending = req["checkbox"] is False or req["table"] == "open"
    verified = (sources["verification"] or {}).get("status")
    passed = (sources["verification"] or {}).get("report_status") in ("passed", "verified", "complete")
    roadmap_done = (sources["roadmap"] or {}).get("complete")
    if req["checkbox"] is True and req["table"] == "open":
        return f"is checked off but its traceability row says '{req['traceability']}'"
    if req["checkbox"] is False and req["table"] == "done":
        return f"is unchecked but its traceability row says '{req['traceability']}'"
    if done and verified == "not satisfied":
        return "is marked complete but its phase's VERIFICATION says it is not satisfied"
    if pending and verified == "satisfied" and (roadmap_done or passed):
        roadmap = "its phase is complete in the ROADMAP" if roadmap_done else \
            "its phase is not complete in the ROADMAP"
        return f"is still pending in REQUIREMENTS, but its phase's VERIFICATION passed it ({roadmap})"
    return None


_AUDIT_EXAMPLE = """
    <!-- file: .planning/REQUIREMENTS.md -->
    # Requirements

    - [{box}] **GIT-01**: deploys track main

    ## Traceability

    | Requirement | Phase | Status |
    |---|---|---|
    | GIT-01 | Phase 29 | {status} |
    <!-- file: .planning/ROADMAP.md -->
    # Roadmap

    - [x] **Phase 29: Cutover**

    ### Phase 29: Cutover
    **Requirements**: GIT-01
    <!-- file: .planning/phases/29-cutover/29-VERIFICATION.md -->
    ---
    phase: 29-cutover
    status: passed
    ---
    ## Requirements satisfied
    - GIT-01 ✅ (dev tracks main)
"""


@rule("PP745", "requirement-status-disagrees", "warning", scope="tree",
      summary="REQUIREMENTS, ROADMAP and VERIFICATION disagree about a requirement's status.",
      what="""
        The milestone audit's three-way check, for each requirement defined in REQUIREMENTS.md
        (not deferred): its checkbox and traceability `Status` cell, the completion of the phase
        the ROADMAP (`**Requirements**:` line) or the traceability table maps it to, and what
        that phase's VERIFICATION says about it (a line naming only this ID with
        SATISFIED/✅/✓ or BLOCKED/FAILED/❌/PARTIAL). Reported: a checkbox and a traceability
        row that disagree; a requirement complete in REQUIREMENTS that VERIFICATION says is not
        satisfied; a requirement still pending although VERIFICATION says it is satisfied and
        the phase is complete in the ROADMAP or its VERIFICATION passed. The evidence lists the
        status in each source. Checkboxes that disagree with one traceability row naming several
        IDs (`STORE-01..04`) are one finding, on the row.
      """,
      why="""
        Milestones are signed off from REQUIREMENTS.md; when it disagrees with the verified
        phases, either shipped work is not counted or unverified work is.
      """,
      bad=_AUDIT_EXAMPLE.format(box=" ", status="Pending"),
      at=(3, 9),
      good=_AUDIT_EXAMPLE.format(box="x", status="Complete"),
      example_path=".planning/REQUIREMENTS.md")
def requirement_status_disagrees(docs, ctx):
    for tree in forest(docs, ctx):
        mapped = _roadmap_requirements(tree)
        stale_rows: dict[tuple, list] = {}
        for rid, definitions in sorted(tree.requirements.items()):
            requirement = next((r for r in definitions if not r.deferred and
                                os.path.basename(r.doc.path).upper() == "REQUIREMENTS.MD"), None)
            if requirement is None or requirement.checked is None and requirement.phase is None:
                continue
            sources = _sources(tree, requirement, mapped.get(rid))
            problem = _disagreement(sources)
            if problem is None:
                continue
            row = sources["requirements"]["traceability_row"]
            if "traceability row" in problem and row:
                stale_rows.setdefault((requirement.doc.path, row["line"]), []).append((requirement, problem, sources))
                continue
            yield requirement.doc, _requirement_violation(requirement, problem, sources)
        yield from _row_violations(stale_rows)


def _requirement_violation(requirement, problem, sources) -> Violation:
    rid = requirement.id
    return Violation(f"{rid} {problem}", Span(requirement.line, requirement.column, requirement.line,
                                              requirement.column + len(rid)),
                     "update REQUIREMENTS.md (checkbox and traceability row) to what the verified phase shows",
                     {"id": rid, **sources})


def _row_violations(stale_rows):
    """Checkboxes that disagree with one traceability row (`STORE-01..04`): one finding per row."""
    for (_, line), items in sorted(stale_rows.items()):
        requirement, problem, sources = items[0]
        if len(items) == 1:
            yield requirement.doc, _requirement_violation(requirement, problem, sources)
            continue
        doc = requirement.doc
        cell = sources["requirements"]["traceability"]
        checked = [r.id for r, _, s in items if s["requirements"]["checkbox"]]
        what = "checked off" if checked else "unchecked"
        yield doc, Violation(
            f"traceability row '{sources['requirements']['traceability_row']['ids']}' says '{cell}' but "
            f"{', '.join(r.id for r, _, _ in items)} are {what}", Span(line, 1, line, doc.line_length(line) + 1),
            "update the row's Status (or the checkboxes) so REQUIREMENTS.md agrees with itself",
            {"ids": [r.id for r, _, _ in items], "row_status": cell,
             "requirements": {r.id: s for r, _, s in items}})
