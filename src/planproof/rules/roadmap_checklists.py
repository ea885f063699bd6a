"""PP706-PP708: plan checklists (ROADMAP plan lines, phase README checklists) against the plans
and summaries of the phase folders."""

from __future__ import annotations

from planproof.fences import prose_lines
from planproof.findings import Span, Violation
from planproof.planning.forest import forest
from planproof.planning.ids import format_plan_id
from planproof.planning.model import PlanningTree
from planproof.planning.roadmap import plan_line
from planproof.planning.scope import read_completely
from planproof.rules import rule

ROADMAP_DONE = """\
<!-- file: .planning/ROADMAP.md -->
# Roadmap

- [x] **Phase 4: Agent core** - the agent loop

### Phase 4: Agent core
Plans:
- [x] 04-01: LLM client
- [x] 04-02: Agent loop
"""


def _checklists(tree: PlanningTree):
    """(document, item, phase folder or None) for ROADMAP plan lines and phase README checklists."""
    roadmap = tree.roadmap
    if roadmap is not None:
        for item in roadmap.plans:
            number = item.id[0]
            # ROADMAP lines inside <details> match archived folders, the others active ones: a
            # number reused by a later milestone never points at the wrong folder
            candidates = tree.find_phases(number, archived=item.archived)
            yield roadmap.doc, item, candidates[0] if len(candidates) == 1 else None
    for phase in tree.phases:
        for readme in phase.readmes:
            for item in _readme_items(readme):
                yield readme, item, phase


def _readme_items(doc):
    for number, line in prose_lines(doc):
        item = plan_line(line, number)
        if item:
            yield item


@rule("PP706", "checked-plan-without-summary", "warning", scope="tree",
      summary="A plan is checked off in the ROADMAP or a phase README but has no SUMMARY.",
      what="""
        A checklist line naming a plan (`- [x] 12-03: ...` or `- [x] 12-03-PLAN.md`) in the
        ROADMAP or a phase README says the plan was executed. When the phase folder was read
        completely, the plan's SUMMARY must be there.
      """,
      why="""
        The checkbox is what people read; the SUMMARY is the evidence. A checked plan without
        one is a claim of finished work with nothing behind it.
      """,
      bad=ROADMAP_DONE + """\
<!-- file: .planning/phases/04-agent/04-01-PLAN.md -->
---
phase: 04-agent
plan: 1
---
# Plan 04-01
<!-- file: .planning/phases/04-agent/04-01-SUMMARY.md -->
---
phase: 04-agent
plan: 1
---
# Summary 04-01
<!-- file: .planning/phases/04-agent/04-02-PLAN.md -->
---
phase: 04-agent
plan: 2
---
# Plan 04-02
""",
      at=(8, 7),
      good=ROADMAP_DONE + """\
<!-- file: .planning/phases/04-agent/04-01-PLAN.md -->
---
phase: 04-agent
plan: 1
---
# Plan 04-01
<!-- file: .planning/phases/04-agent/04-01-SUMMARY.md -->
---
phase: 04-agent
plan: 1
---
# Summary 04-01
<!-- file: .planning/phases/04-agent/04-02-PLAN.md -->
---
phase: 04-agent
plan: 2
---
# Plan 04-02
<!-- file: .planning/phases/04-agent/04-02-SUMMARY.md -->
---
phase: 04-agent
plan: 2
---
# Summary 04-02
""",
      example_path=".planning/ROADMAP.md")
def checked_plan_without_summary(docs, ctx):
    for tree in forest(docs, ctx):
        for doc, item, phase in _checklists(tree):
            if not item.checked or phase is None or not read_completely(ctx.scanned, phase.folder):
                continue
            entry = phase.entry(item.id)
            if entry is not None and entry.summary is not None:
                continue
            label = format_plan_id(item.id)
            what = "its PLAN and SUMMARY are" if entry is None else "its SUMMARY is"
            yield doc, Violation(
                f"plan {label} is checked off but {what} not in {phase.display}",
                Span(item.line, item.column, item.line, item.end_column),
                hint=f"write {label}-SUMMARY.md when the plan is executed, or uncheck it",
                evidence={"plan": label, "phase": phase.display, "line": item.text,
                          "plan_file": entry.plan.path if entry and entry.plan else None})


@rule("PP707", "unchecked-plan-with-summary", "warning", scope="tree",
      summary="A plan is unchecked in the ROADMAP or a phase README although its SUMMARY exists.",
      what="""
        A checklist line `- [ ] 12-03: ...` (ROADMAP or phase README) for a plan whose SUMMARY
        is part of the run: the plan was executed and the checklist was not updated. The stale
        lines of one phase are reported together, at the first of them.
      """,
      why="""
        A stale checklist makes finished work look pending; people plan around what the ROADMAP
        says.
      """,
      bad="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        ### Phase 2: Sidebar
        Plans:
        - [ ] 02-01-PLAN.md — landing page
        <!-- file: .planning/phases/02-sidebar/02-01-PLAN.md -->
        ---
        phase: 02-sidebar
        plan: 1
        ---
        # Plan 02-01
        <!-- file: .planning/phases/02-sidebar/02-01-SUMMARY.md -->
        ---
        phase: 02-sidebar
        plan: 1
        ---
        # Summary 02-01
      """,
      at=(5, 7),
      good="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        ### Phase 2: Sidebar
        Plans:
        - [x] 02-01-PLAN.md — landing page
        <!-- file: .planning/phases/02-sidebar/02-01-PLAN.md -->
        ---
        phase: 02-sidebar
        plan: 1
        ---
        # Plan 02-01
        <!-- file: .planning/phases/02-sidebar/02-01-SUMMARY.md -->
        ---
        phase: 02-sidebar
        plan: 1
        ---
        # Summary 02-01
      """,
      example_path=".planning/ROADMAP.md")
def unchecked_plan_with_summary(docs, ctx):
    for tree in forest(docs, ctx):
        stale: dict[tuple[int, str], list] = {}  # one finding per checklist and phase folder
        for doc, item, phase in _checklists(tree):
            if item.checked or phase is None:
                continue
            entry = phase.entry(item.id)
            if entry is None or entry.summary is None:
                continue
            stale.setdefault((id(doc), phase.display), []).append((doc, item, phase, entry))
        for group in stale.values():
            yield _stale_checklist(group)


def _stale_checklist(group: list) -> tuple:
    doc, first, phase, entry = group[0]
    labels = [format_plan_id(item.id) for _, item, _, _ in group]
    span = Span(first.line, first.column, first.line, first.end_column)
    evidence = {"plan": labels[0], "phase": phase.display, "summary": entry.summary.path,
                "line": first.text}
    if len(group) == 1:
        return doc, Violation(
            f"plan {labels[0]} is unchecked but its SUMMARY exists ({entry.summary.path})",
            span, hint="check the plan off: - [x]", evidence=evidence)
    lines = [item.line for _, item, _, _ in group]
    evidence.update(plans=labels, lines=lines,
                    summaries=[e.summary.path for _, _, _, e in group])
    return doc, Violation(
        f"plans {', '.join(labels[:-1])} and {labels[-1]} are unchecked but their SUMMARYs "
        f"exist ({phase.label}, lines {', '.join(map(str, lines))})",
        span, hint="check the plans off: - [x]", evidence=evidence)


@rule("PP708", "checklist-names-missing-plan", "warning", scope="tree",
      summary="A ROADMAP or phase README checklist names a plan file that does not exist.",
      what="""
        A checklist line naming a plan (`- [ ] 30-01-PLAN.md` in a phase README, `- [ ] 31-03:`
        in the ROADMAP) whose phase folder was read completely but holds neither that PLAN nor
        its SUMMARY. ROADMAP lines of phases without any folder are left to PP704.
      """,
      why="""
        Checklists are how readers navigate to plans; a name that leads nowhere means a plan
        was renamed, renumbered or never written.
      """,
      bad="""
        <!-- file: phases/30-coverage/README.md -->
        # Phase 30: Coverage push

        ## Plans
        - [ ] 30-01-PLAN.md — workflow engine
        - [ ] 30-02-PLAN.md — endpoints
        <!-- file: phases/30-coverage/30-01-PLAN.md -->
        ---
        phase: 30-coverage
        plan: 1
        ---
        # Plan 30-01
      """,
      at=(5, 7),
      good="""
        <!-- file: phases/30-coverage/README.md -->
        # Phase 30: Coverage push

        ## Plans
        - [ ] 30-01-PLAN.md — workflow engine
        <!-- file: phases/30-coverage/30-01-PLAN.md -->
        ---
        phase: 30-coverage
        plan: 1
        ---
        # Plan 30-01
      """,
      example_path="phases/30-coverage/README.md")
def checklist_names_missing_plan(docs, ctx):
    for tree in forest(docs, ctx):
        for doc, item, phase in _checklists(tree):
            if phase is None or not read_completely(ctx.scanned, phase.folder) or phase.entry(item.id) is not None:
                continue
            if item.checked:
                continue  # PP706 reports checked plans with nothing behind them
            label = format_plan_id(item.id)
            yield doc, Violation(
                f"checklist names plan {label} but {phase.display} has no {label}-PLAN.md",
                Span(item.line, item.column, item.line, item.end_column),
                hint="fix the plan number, or write the plan",
                evidence={"plan": label, "phase": phase.display, "line": item.text,
                          "plans_present": [e.label for e in phase.plans]})
