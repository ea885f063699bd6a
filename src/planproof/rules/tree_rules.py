"""PP7xx: the planning tree as a whole (phases, ROADMAP, requirements, STATE, completeness).

Tree rules see exactly the documents of the run. A rule that reports something *missing* (a
SUMMARY, a phase folder, a plan file) only does so for folders the run read completely: a
directory given on the command line, or one below it (`tree.visible`). When pre-commit passes a
few file names, those rules stay silent; rules that compare documents that are both present
(duplicates, an unchecked plan that has a SUMMARY, STATE arithmetic) always run.
"""

from __future__ import annotations

import os
import re

from planproof.findings import Span, Violation
from planproof.rules import rule
from planproof.tree import (
    Phase, PlanningTree, build_forest, cited_requirements, display_id, norm_number, visible,
)

# -- shared helpers --------------------------------------------------------------------------------


def _claims_text(claims) -> str:
    return "; ".join(f"{os.path.basename(doc.path)}:{line} {how}" for doc, line, how in claims)


def _claims_evidence(claims) -> list[dict]:
    return [{"path": doc.path, "line": line, "claim": how} for doc, line, how in claims]


def _line_span(doc, line: int, column: int = 1, end_column: int | None = None) -> Span:
    length = doc.line_length(line)
    return Span(line, column, line, end_column if end_column else max(length + 1, column))


def _first(phase: Phase):
    docs = sorted(phase.docs, key=lambda d: d.path)
    return next((d for d in docs if d.kind == "PLAN"), docs[0])


def _phase_label(phase: Phase) -> str:
    return f"phase {phase.number}" if phase.number else f"phase folder {phase.name}"


# -- multi-file examples ---------------------------------------------------------------------------

ROADMAP_DONE = """\
<!-- file: .planning/ROADMAP.md -->
# Roadmap

- [x] **Phase 4: Agent core** - the agent loop

### Phase 4: Agent core
Plans:
- [x] 04-01: LLM client
- [x] 04-02: Agent loop
"""

# -- PP701-PP702: phase completeness (duplicate plan ids: PP316 in structure_tree.py) ---------------------------------------------------------------


@rule("PP701", "plan-without-summary", "warning", scope="tree",
      summary="A phase claims to be complete but one of its PLANs has no SUMMARY.",
      what="""
        For each active phase folder read completely, when the ROADMAP checks the phase off (or
        marks it Complete in its progress table) or its VERIFICATION has status `passed`, every
        PLAN must have a SUMMARY (`12-03-PLAN.md` -> `12-03-SUMMARY.md`). Plans that were never
        executed in a phase that says it is done are reported at the PLAN. Archived milestones
        (`milestones/vX.Y-phases/`) are history and are not checked. A verified phase with no
        SUMMARY at all is PP730's finding, reported once for the phase.
      """,
      why="""
        A SUMMARY is the record that a plan was executed. A phase signed off with an unexecuted
        plan either skipped work or left a stale plan behind that the next reader will take for
        pending work.
      """,
      bad="""
        <!-- file: .planning/phases/04-agent/04-01-PLAN.md -->
        ---
        phase: 04-agent
        plan: 1
        ---
        # Plan 04-01
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
        <!-- file: .planning/phases/04-agent/04-VERIFICATION.md -->
        ---
        phase: 04-agent
        status: passed
        score: 3/3 must-haves verified
        ---
        # Phase 4 verification
      """,
      good="""
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
        <!-- file: .planning/phases/04-agent/04-VERIFICATION.md -->
        ---
        phase: 04-agent
        status: passed
        score: 3/3 must-haves verified
        ---
        # Phase 4 verification
      """,
      example_path=".planning/phases/04-agent/04-01-PLAN.md")
def plan_without_summary(docs, ctx):
    for tree in build_forest(docs):
        for phase in tree.active_phases():
            if not visible(ctx, phase.folder):
                continue
            claims = tree.completion(phase)
            if not claims or (phase.verifications and not phase.summaries):
                continue  # nothing executed but verified: PP730 says it once for the phase
            for entry in phase.plans:
                if entry.summary is None:
                    expected = f"{entry.stem}-SUMMARY.md" if entry.stem else "SUMMARY.md"
                    yield entry.plan, Violation(
                        f"{_phase_label(phase)} is marked complete ({_claims_text(claims)}) but plan "
                        f"{entry.label} has no SUMMARY",
                        hint=f"execute the plan and write {expected}, or remove the plan if it was "
                             "dropped, or reopen the phase",
                        evidence={"phase": phase.display, "plan": entry.plan.path,
                                  "expected_summary": os.path.join(phase.display, expected),
                                  "complete_according_to": _claims_evidence(claims)})


@rule("PP702", "summary-without-plan", "warning", scope="tree",
      summary="A SUMMARY has no PLAN next to it.",
      what="""
        In an active phase folder read completely, every `NN-MM-SUMMARY.md` should have its
        `NN-MM-PLAN.md`. Files are paired by name first (`29-cutover-01-SUMMARY.md` with
        `29-cutover-01-PLAN.md`), then by phase and plan number (`33-01` with
        `33-wiring-01`).
      """,
      why="""
        A summary of work nobody planned cannot be checked against its must-haves; usually the
        plan was renamed, deleted, or never committed.
      """,
      bad="""
        <!-- file: .planning/phases/03-sandbox/03-01-SUMMARY.md -->
        ---
        phase: 03-sandbox
        plan: 1
        ---
        # Summary 03-01
        <!-- file: .planning/phases/03-sandbox/03-02-PLAN.md -->
        ---
        phase: 03-sandbox
        plan: 2
        ---
        # Plan 03-02
      """,
      good="""
        <!-- file: .planning/phases/03-sandbox/03-01-SUMMARY.md -->
        ---
        phase: 03-sandbox
        plan: 1
        ---
        # Summary 03-01
        <!-- file: .planning/phases/03-sandbox/03-01-PLAN.md -->
        ---
        phase: 03-sandbox
        plan: 1
        ---
        # Plan 03-01
      """,
      example_path=".planning/phases/03-sandbox/03-01-SUMMARY.md")
def summary_without_plan(docs, ctx):
    for tree in build_forest(docs):
        for phase in tree.active_phases():
            if not visible(ctx, phase.folder):
                continue
            for entry in phase.entries:
                if entry.plan is None and entry.summary is not None:
                    expected = f"{entry.stem}-PLAN.md" if entry.stem else "PLAN.md"
                    yield entry.summary, Violation(
                        f"SUMMARY of plan {entry.label} has no PLAN in {phase.display}",
                        hint=f"restore {expected} (or rename the SUMMARY to match its plan)",
                        evidence={"phase": phase.display, "summary": entry.summary.path,
                                  "expected_plan": os.path.join(phase.display, expected)})


# -- PP704-PP708: ROADMAP and checklists vs phase folders -----------------------------------------


@rule("PP704", "completed-phase-without-folder", "warning", scope="tree",
      summary="The ROADMAP checks off a phase that has no phase folder.",
      what="""
        For a ROADMAP read together with its `phases/` folder, a phase checked off
        (`- [x] **Phase 7: ...**`), or one whose plan lines are checked off (`- [x] 07-01: ...`),
        must have a folder, either under `phases/` or archived under
        `milestones/vX.Y-phases/`. Phases inside a `<details>` block (shipped milestones) and
        backlog phases are not checked; phases not started yet need no folder.
      """,
      why="""
        A completed phase whose plans, summaries and verification are nowhere cannot be audited:
        either the folder was lost, or the checkbox is wrong.
      """,
      bad="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 1: Foundation** - scaffolding
        - [x] **Phase 2: Geocoding** - providers
        <!-- file: .planning/phases/01-foundation/01-01-PLAN.md -->
        ---
        phase: 01-foundation
        plan: 1
        ---
        # Plan 01-01
      """,
      good="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 1: Foundation** - scaffolding
        - [ ] **Phase 2: Geocoding** - providers
        <!-- file: .planning/phases/01-foundation/01-01-PLAN.md -->
        ---
        phase: 01-foundation
        plan: 1
        ---
        # Plan 01-01
      """,
      example_path=".planning/ROADMAP.md")
def completed_phase_without_folder(docs, ctx):
    for tree in build_forest(docs):
        roadmap = tree.roadmap
        if roadmap is None or not visible(ctx, tree.phases_folder()):
            continue
        for entry in roadmap.phases.values():
            if entry.archived or entry.backlog or tree.find_phases(entry.number):
                continue
            done = [p for p in entry.plans if p.checked and not p.archived]
            if entry.status in ("x", "X"):
                what, line = "is checked off in the ROADMAP", entry.line
            elif done:
                what, line = f"has checked-off plans in the ROADMAP ({display_id(done[0].id)})", done[0].line
            else:
                continue
            yield roadmap.doc, Violation(
                f"Phase {entry.number} {what} but has no folder under "
                f"{os.path.join(tree.display_root, 'phases')}",
                _line_span(roadmap.doc, line),
                hint="restore the phase folder, archive it under milestones/, or uncheck the phase",
                evidence={"phase": entry.number, "searched": os.path.join(tree.display_root, "phases")})


@rule("PP705", "phase-not-in-roadmap", "warning", scope="tree",
      summary="A phase folder's number appears nowhere in the ROADMAP.",
      what="""
        When a ROADMAP is part of the run, every active phase folder (`phases/NN-slug/`) should
        appear in it: as a checklist entry, a `### Phase NN:` section, a progress-table row, or
        any line that names it (a collapsed milestone line `- [x] Phase 27: Name (4/4 plans)`,
        prose, a range `Phases 57-62` that covers it, inserted `58.1` included). Reported once
        per folder, at its first document. Archived phases and GSD's `999.x` backlog folders
        are not checked.
      """,
      why="""
        Work outside the ROADMAP is invisible to whoever reads it to know where the project
        stands; usually the phase was inserted (a decimal phase) without updating the ROADMAP.
      """,
      bad="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 1: Foundation** - scaffolding
        <!-- file: .planning/phases/01.1-hotfix/01.1-01-PLAN.md -->
        ---
        phase: 01.1-hotfix
        plan: 1
        ---
        # Plan 01.1-01
      """,
      good="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 1: Foundation** - scaffolding
        - [ ] **Phase 1.1: Hotfix** (INSERTED)
        <!-- file: .planning/phases/01.1-hotfix/01.1-01-PLAN.md -->
        ---
        phase: 01.1-hotfix
        plan: 1
        ---
        # Plan 01.1-01
      """,
      example_path=".planning/phases/01.1-hotfix/01.1-01-PLAN.md")
def phase_not_in_roadmap(docs, ctx):
    for tree in build_forest(docs):
        if tree.roadmap is None:
            continue
        for phase in tree.active_phases():
            if phase.number is None or tree.roadmap.mentions(phase.number):
                continue
            if phase.number.split(".")[0] == "999":
                continue  # GSD's backlog parking lot (999.1, 999.2 ...): not a missing phase
            doc = _first(phase)
            yield doc, Violation(
                f"{_phase_label(phase)} ({phase.display}) does not appear in {tree.roadmap.doc.path}",
                hint=f"add '### Phase {phase.number}: ...' to the ROADMAP, or archive the folder",
                evidence={"phase": phase.display, "roadmap": tree.roadmap.doc.path})


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
    from planproof.tree import iter_text_lines, plan_line

    for number, line in iter_text_lines(doc):
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
    for tree in build_forest(docs):
        for doc, item, phase in _checklists(tree):
            if not item.checked or phase is None or not visible(ctx, phase.folder):
                continue
            entry = phase.entry(item.id)
            if entry is not None and entry.summary is not None:
                continue
            label = display_id(item.id)
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
    for tree in build_forest(docs):
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
    labels = [display_id(item.id) for _, item, _, _ in group]
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
        f"exist ({_phase_label(phase)}, lines {', '.join(map(str, lines))})",
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
    for tree in build_forest(docs):
        for doc, item, phase in _checklists(tree):
            if phase is None or not visible(ctx, phase.folder) or phase.entry(item.id) is not None:
                continue
            if item.checked:
                continue  # PP706 reports checked plans with nothing behind them
            label = display_id(item.id)
            yield doc, Violation(
                f"checklist names plan {label} but {phase.display} has no {label}-PLAN.md",
                Span(item.line, item.column, item.line, item.end_column),
                hint="fix the plan number, or write the plan",
                evidence={"plan": label, "phase": phase.display, "line": item.text,
                          "plans_present": [e.label for e in phase.plans]})


# -- PP710-PP712: requirement traceability ---------------------------------------------------------


@rule("PP710", "requirement-not-defined", "warning", scope="tree",
      summary="A plan cites a requirement ID that no requirements document defines.",
      what="""
        When REQUIREMENTS.md is part of the run, every ID in an active plan's `requirements`
        must be defined there (`- [ ] **COV-01**: ...` or a traceability-table row), in an
        archived `milestones/vX.Y-REQUIREMENTS.md`, or in the phase's README.
      """,
      why="""
        A typo in a requirement ID breaks traceability silently: the requirement looks
        unplanned and the plan looks like it covers something nobody asked for.
      """,
      bad="""
        <!-- file: .planning/REQUIREMENTS.md -->
        # Requirements

        - [ ] **AUTH-01**: User can sign in
        <!-- file: .planning/phases/01-auth/01-01-PLAN.md -->
        ---
        phase: 01-auth
        plan: 1
        requirements: [AUTH-10]
        ---
        # Plan 01-01
      """,
      good="""
        <!-- file: .planning/REQUIREMENTS.md -->
        # Requirements

        - [ ] **AUTH-01**: User can sign in
        <!-- file: .planning/phases/01-auth/01-01-PLAN.md -->
        ---
        phase: 01-auth
        plan: 1
        requirements: [AUTH-01]
        ---
        # Plan 01-01
      """,
      example_path=".planning/phases/01-auth/01-01-PLAN.md")
def requirement_not_defined(docs, ctx):
    for tree in build_forest(docs):
        if not any(os.path.basename(d.path).upper() == "REQUIREMENTS.MD" for d in tree.requirement_docs):
            continue
        for phase in tree.active_phases():
            for entry in phase.plans:
                for rid, key in cited_requirements(entry.plan):
                    if rid in tree.requirements:
                        continue
                    yield entry.plan, Violation(
                        f"requirement {rid} is not defined in any requirements document",
                        entry.plan.frontmatter.span(key),
                        hint=_did_you_mean(rid, tree) or "define it in REQUIREMENTS.md or fix the ID",
                        evidence={"id": rid, "searched": [d.path for d in tree.requirement_docs]
                                  + [r.path for p in tree.phases for r in p.readmes]})


def _did_you_mean(rid: str, tree: PlanningTree) -> str | None:
    import difflib

    close = difflib.get_close_matches(rid, list(tree.requirements), n=1, cutoff=0.8)
    return f"did you mean {close[0]}?" if close else None


@rule("PP711", "requirement-not-planned", "warning", scope="tree",
      summary="A requirement mapped to a phase (or plan) is cited by none of its plans.",
      what="""
        REQUIREMENTS.md traceability rows (`| COV-02 | Phase 30 | ... |`) and phase README lines
        (`**COV-02**: ... (Plan 30-01)`) map requirements to phases and plans. When that phase
        folder was read completely and its plans use `requirements:` at all, a mapped ID that
        no plan of the phase (or not the named plan) lists is reported at its definition.
        Deferred and out-of-scope requirements, and phases without plans yet, are not checked.
      """,
      why="""
        A requirement that the traceability table promises to a phase, but that no plan of the
        phase takes on, is the one that will be found missing at the milestone audit.
      """,
      bad="""
        <!-- file: .planning/REQUIREMENTS.md -->
        # Requirements

        - [ ] **SIDE-01**: Search flags
        - [ ] **SIDE-02**: Search experiments

        | Requirement | Phase | Status |
        |---|---|---|
        | SIDE-01 | Phase 2 | Pending |
        | SIDE-02 | Phase 2 | Pending |
        <!-- file: .planning/phases/02-sidebar/02-01-PLAN.md -->
        ---
        phase: 02-sidebar
        plan: 1
        requirements: [SIDE-01]
        ---
        # Plan 02-01
      """,
      good="""
        <!-- file: .planning/REQUIREMENTS.md -->
        # Requirements

        - [ ] **SIDE-01**: Search flags
        - [ ] **SIDE-02**: Search experiments

        | Requirement | Phase | Status |
        |---|---|---|
        | SIDE-01 | Phase 2 | Pending |
        | SIDE-02 | Phase 2 | Pending |
        <!-- file: .planning/phases/02-sidebar/02-01-PLAN.md -->
        ---
        phase: 02-sidebar
        plan: 1
        requirements: [SIDE-01, SIDE-02]
        ---
        # Plan 02-01
      """,
      example_path=".planning/REQUIREMENTS.md")
def requirement_not_planned(docs, ctx):
    for tree in build_forest(docs):
        for rid, definitions in sorted(tree.requirements.items()):
            for requirement in definitions:
                if requirement.deferred or (tree.roadmap is not None and rid in tree.roadmap.deferred):
                    continue
                yield from _unplanned(tree, ctx, rid, requirement)


def _completed_by_summary(rid: str, entries) -> bool:
    return any(rid in {r for r, _ in cited_requirements(e.summary, "requirements-completed")}
               for e in entries if e.summary is not None)


def _unplanned(tree: PlanningTree, ctx, rid: str, requirement):
    targets = []
    if requirement.plans:
        for pid in requirement.plans:
            for phase in tree.find_phases(pid[0], archived=False):
                entry = phase.entry(pid)
                if entry is not None and entry.plan is not None:
                    targets.append((phase, [entry], f"plan {display_id(pid)}"))
    elif requirement.phase is not None:
        for phase in tree.find_phases(requirement.phase, archived=False):
            targets.append((phase, phase.plans, f"phase {requirement.phase}"))
    for phase, entries, what in targets:
        if not entries or not visible(ctx, phase.folder):
            continue
        if not any("requirements" in e.plan.meta for e in phase.plans):
            continue  # this team does not list requirements in plans
        if any(rid in {r for r, _ in cited_requirements(e.plan)} for e in entries):
            continue
        if _completed_by_summary(rid, entries if requirement.plans else phase.entries):
            continue  # delivered: a SUMMARY records it (a missing PLAN is PP702's finding)
        yield requirement.doc, Violation(
            f"requirement {rid} is mapped to {what} but no plan there lists it in `requirements`",
            Span(requirement.line, requirement.column, requirement.line, requirement.column + len(rid)),
            hint=f"add {rid} to the `requirements` of the plan that delivers it, or fix the mapping",
            evidence={"id": rid, "mapped_to": what, "phase": phase.display,
                      "plans": {e.plan.path: [r for r, _ in cited_requirements(e.plan)] for e in entries}})


@rule("PP712", "requirement-completed-not-planned", "info", scope="tree",
      summary="A SUMMARY reports a requirement completed that its PLAN never listed.",
      what="""
        An ID in a SUMMARY's `requirements-completed` should be one of its PLAN's
        `requirements` (both documents present, the PLAN listing requirements at all).
      """,
      why="""
        Traceability runs requirement -> plan -> summary -> verification. A requirement that
        appears only at the summary was either planned elsewhere (the other plan's summary
        should claim it) or is a typo.
      """,
      bad="""
        <!-- file: .planning/phases/05-exec/05-01-PLAN.md -->
        ---
        phase: 05-exec
        plan: 1
        requirements: [EXEC-01]
        ---
        # Plan 05-01
        <!-- file: .planning/phases/05-exec/05-01-SUMMARY.md -->
        ---
        phase: 05-exec
        plan: 1
        requirements-completed: [EXEC-01, EXEC-05]
        ---
        # Summary 05-01
      """,
      good="""
        <!-- file: .planning/phases/05-exec/05-01-PLAN.md -->
        ---
        phase: 05-exec
        plan: 1
        requirements: [EXEC-01, EXEC-05]
        ---
        # Plan 05-01
        <!-- file: .planning/phases/05-exec/05-01-SUMMARY.md -->
        ---
        phase: 05-exec
        plan: 1
        requirements-completed: [EXEC-01, EXEC-05]
        ---
        # Summary 05-01
      """,
      example_path=".planning/phases/05-exec/05-01-SUMMARY.md")
def requirement_completed_not_planned(docs, ctx):
    for tree in build_forest(docs):
        for phase in tree.phases:
            for entry in phase.entries:
                if entry.plan is None or entry.summary is None or "requirements" not in entry.plan.meta:
                    continue
                planned = {r for r, _ in cited_requirements(entry.plan)}
                for rid, key in cited_requirements(entry.summary, "requirements-completed"):
                    if rid in planned:
                        continue
                    yield entry.summary, Violation(
                        f"requirement {rid} is reported completed but plan {entry.label} does not list it",
                        entry.summary.frontmatter.span(key),
                        hint=f"add {rid} to the plan's `requirements`, or remove it here",
                        evidence={"id": rid, "plan": entry.plan.path, "plan_requirements": sorted(planned)})


# -- PP720-PP721: STATE ----------------------------------------------------------------------------

STATE_PHASE = re.compile(r"^\s*(?:\*\*)?Phase(?:\*\*)?:?(?:\*\*)?\s+(\d+(?:\.\d+)*[a-z]?)\b(?:\s+of\s+\d+)?", re.I)
STATE_PLAN = re.compile(r"^\s*(?:\*\*)?Plan(?:\*\*)?:?(?:\*\*)?\s+(\d+[a-z]?)\s+of\s+(\d+)", re.I)


def _state_position(doc):
    """(phase, phase span, plan, plan span) from STATE frontmatter, else its 'Phase: N of M' lines."""
    meta = doc.meta
    phase = plan = None
    phase_span = plan_span = None
    raw = meta.get("current_phase")
    if raw is not None:
        match = re.match(r"^\s*(\d+(?:\.\d+)*[a-z]?)\b", str(raw))
        if match:
            phase, phase_span = norm_number(match.group(1)), doc.frontmatter.span("current_phase")
    raw_plan = meta.get("current_plan")
    if raw_plan is not None:
        plan = norm_number(raw_plan)
        plan_span = doc.frontmatter.span("current_plan") if plan else None
    if phase is None:
        for number, line in _body_lines(doc):
            found = STATE_PHASE.match(line)
            if found:
                phase, phase_span = norm_number(found.group(1)), _line_span(doc, number)
                break
    if plan is None and phase_span is not None:
        for number, line in _body_lines(doc):
            found = STATE_PLAN.match(line)
            if found:
                plan, plan_span = norm_number(found.group(1)), _line_span(doc, number)
                break
    return phase, phase_span, plan, plan_span


def _body_lines(doc):
    from planproof.tree import iter_text_lines

    in_position = False
    for number, line in iter_text_lines(doc):
        if line.startswith("#"):
            in_position = "current position" in line.lower()
            continue
        if in_position:
            yield number, line


@rule("PP720", "state-position-missing", "warning", scope="tree",
      summary="STATE's current phase or plan does not exist in the tree.",
      what="""
        STATE's `current_phase`/`current_plan` (or the `Phase: N of M` / `Plan: N of M` lines
        under `## Current Position`) must name a phase the ROADMAP lists or a phase folder that
        exists, and, when that folder was read completely and has plans, a plan in it.
        Checked only when the ROADMAP or the `phases/` folder is part of the run.
      """,
      why="""
        STATE is where the next session resumes; pointing it at a phase or plan that does not
        exist sends the next run of the workflow into the void.
      """,
      bad="""
        <!-- file: .planning/STATE.md -->
        # Project State

        ## Current Position

        Phase: 7 of 6 (Dashboard)
        Plan: 1 of 4
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 6: Dashboard** - monitoring
      """,
      good="""
        <!-- file: .planning/STATE.md -->
        # Project State

        ## Current Position

        Phase: 6 of 6 (Dashboard)
        Plan: 1 of 4
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 6: Dashboard** - monitoring
      """,
      example_path=".planning/STATE.md")
def state_position_missing(docs, ctx):
    for tree in build_forest(docs):
        state = tree.state
        if state is None:
            continue
        phase, phase_span, plan, plan_span = _state_position(state)
        if phase is None:
            continue
        folders_seen = visible(ctx, tree.phases_folder())
        if tree.roadmap is None and not folders_seen:
            continue
        folders = tree.find_phases(phase, archived=False)
        in_roadmap = tree.roadmap is not None and tree.roadmap.mentions(phase)
        if not folders and not in_roadmap and (folders_seen or tree.roadmap is not None):
            if tree.roadmap is not None or not tree.find_phases(phase):
                yield state, Violation(
                    f"STATE's current phase {phase} is neither in the ROADMAP nor a phase folder",
                    phase_span,
                    hint="update STATE to the phase actually in progress",
                    evidence={"current_phase": phase,
                              "roadmap_phases": sorted(tree.roadmap.phases) if tree.roadmap else None,
                              "phase_folders": [p.display for p in tree.active_phases()]})
            continue
        if plan is None or plan == "0" or len(folders) != 1:
            continue
        folder = folders[0]
        if not visible(ctx, folder.folder) or not folder.plans:
            continue
        if folder.entry((phase, plan)) is None:
            yield state, Violation(
                f"STATE's current plan {display_id((phase, plan))} is not in {folder.display}",
                plan_span,
                hint="update STATE to the plan actually in progress",
                evidence={"current_plan": display_id((phase, plan)),
                          "plans_present": [e.label for e in folder.plans]})


@rule("PP721", "state-percent-mismatch", "warning", scope="tree",
      summary="STATE `progress.percent` does not match completed/total.",
      what="""
        `progress.percent` must equal `completed_plans / total_plans` (or, as some versions of
        the workflow compute it, `completed_phases / total_phases`), rounded or truncated.
      """,
      why="""
        Dashboards and people read the percentage, not the counts below it. `percent: 0` with
        13 of 13 plans complete tells everyone the project has not started.
      """,
      bad="""
        ---
        progress:
          total_phases: 5
          completed_phases: 5
          total_plans: 13
          completed_plans: 13
          percent: 0
        ---
        # Project State
      """,
      good="""
        ---
        progress:
          total_phases: 5
          completed_phases: 5
          total_plans: 13
          completed_plans: 13
          percent: 100
        ---
        # Project State
      """,
      example_path=".planning/STATE.md")
def state_percent_mismatch(docs, ctx):
    for doc in docs:
        if doc.kind != "STATE":
            continue
        progress = doc.meta.get("progress")
        if not isinstance(progress, dict):
            continue
        percent = _number(progress.get("percent"))
        if percent is None:
            continue
        expected = []
        for done_key, total_key in (("completed_plans", "total_plans"), ("completed_phases", "total_phases")):
            done, total = _number(progress.get(done_key)), _number(progress.get(total_key))
            if done is None or not total or total <= 0:
                continue
            exact = 100.0 * done / total
            expected.append((done_key, total_key, done, total, exact))
        if not expected:
            continue
        if any(abs(percent - exact) < 1.0 or percent in (int(exact), round(exact))
               for *_, exact in expected):
            continue
        best = expected[0]
        yield doc, Violation(
            f"progress.percent is {_fmt(percent)} but {best[0]}/{best[1]} is "
            f"{_fmt(best[2])}/{_fmt(best[3])} = {best[4]:.0f}%",
            doc.frontmatter.span("progress.percent"),
            hint=f"set percent: {round(best[4])}",
            evidence={"claimed": percent, "computed": {f"{a}/{b}": round(e, 2) for a, b, _, _, e in expected}})


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value.strip().rstrip("%"))
        except ValueError:
            return None
    return None


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# -- PP730-PP731: verification vs execution --------------------------------------------------------


@rule("PP730", "verification-without-executed-plans", "warning", scope="tree",
      summary="A phase has a VERIFICATION but none of its plans was executed.",
      what="""
        In an active phase folder read completely that holds a VERIFICATION report and at least
        one PLAN, at least one plan must have a SUMMARY: a verification of work that left no
        execution record verifies nothing that can be traced.
      """,
      why="""
        Verifications written before execution (or copied from another phase) make a phase look
        done; sign-off must rest on executed plans.
      """,
      bad="""
        <!-- file: .planning/phases/01-foundation/01-01-PLAN.md -->
        ---
        phase: 01-foundation
        plan: 1
        ---
        # Plan 01-01
        <!-- file: .planning/phases/01-foundation/01-VERIFICATION.md -->
        ---
        phase: 01-foundation
        status: passed
        score: 4/4 must-haves verified
        ---
        # Phase 1 verification
      """,
      good="""
        <!-- file: .planning/phases/01-foundation/01-01-PLAN.md -->
        ---
        phase: 01-foundation
        plan: 1
        ---
        # Plan 01-01
        <!-- file: .planning/phases/01-foundation/01-01-SUMMARY.md -->
        ---
        phase: 01-foundation
        plan: 1
        ---
        # Summary 01-01
        <!-- file: .planning/phases/01-foundation/01-VERIFICATION.md -->
        ---
        phase: 01-foundation
        status: passed
        score: 4/4 must-haves verified
        ---
        # Phase 1 verification
      """,
      example_path=".planning/phases/01-foundation/01-VERIFICATION.md")
def verification_without_executed_plans(docs, ctx):
    for tree in build_forest(docs):
        for phase in tree.active_phases():
            if not phase.verifications or not phase.plans or phase.summaries:
                continue
            if not visible(ctx, phase.folder):
                continue
            for doc in phase.verifications:
                yield doc, Violation(
                    f"{_phase_label(phase)} has a VERIFICATION but none of its "
                    f"{len(phase.plans)} plan(s) has a SUMMARY",
                    hint="execute the plans (each writes its SUMMARY) before verifying the phase",
                    evidence={"phase": phase.display, "plans": [e.plan.path for e in phase.plans]})


@rule("PP731", "executed-phase-without-verification", "info", scope="tree",
      summary="Every plan of a phase has a SUMMARY but the phase has no VERIFICATION.",
      what="""
        An active phase folder read completely whose plans all have SUMMARYs, in a tree where
        other phases do have VERIFICATION reports, should have one too. Reported at the last
        SUMMARY. Trees that never use VERIFICATION reports are not checked.
      """,
      why="""
        Execution is not verification: the VERIFICATION report is where must-haves are checked
        against the code. `planproof signoff` cannot call such a phase ready.
      """,
      bad="""
        <!-- file: .planning/phases/01-a/01-01-PLAN.md -->
        ---
        phase: 01-a
        plan: 1
        ---
        # Plan 01-01
        <!-- file: .planning/phases/01-a/01-01-SUMMARY.md -->
        ---
        phase: 01-a
        plan: 1
        ---
        # Summary 01-01
        <!-- file: .planning/phases/02-b/02-01-PLAN.md -->
        ---
        phase: 02-b
        plan: 1
        ---
        # Plan 02-01
        <!-- file: .planning/phases/02-b/02-01-SUMMARY.md -->
        ---
        phase: 02-b
        plan: 1
        ---
        # Summary 02-01
        <!-- file: .planning/phases/02-b/02-VERIFICATION.md -->
        ---
        phase: 02-b
        status: passed
        score: 2/2 must-haves verified
        ---
        # Phase 2 verification
      """,
      good="""
        <!-- file: .planning/phases/02-b/02-01-PLAN.md -->
        ---
        phase: 02-b
        plan: 1
        ---
        # Plan 02-01
        <!-- file: .planning/phases/02-b/02-01-SUMMARY.md -->
        ---
        phase: 02-b
        plan: 1
        ---
        # Summary 02-01
        <!-- file: .planning/phases/02-b/02-VERIFICATION.md -->
        ---
        phase: 02-b
        status: passed
        score: 2/2 must-haves verified
        ---
        # Phase 2 verification
      """,
      example_path=".planning/phases/01-a/01-01-SUMMARY.md")
def executed_phase_without_verification(docs, ctx):
    for tree in build_forest(docs):
        if not any(p.verifications for p in tree.phases):
            continue
        for phase in tree.active_phases():
            if phase.verifications or not phase.executed or not visible(ctx, phase.folder):
                continue
            last = sorted((e.summary for e in phase.summaries), key=lambda d: d.path)[-1]
            yield last, Violation(
                f"all {len(phase.plans)} plan(s) of {_phase_label(phase)} have a SUMMARY but the "
                "phase has no VERIFICATION report",
                hint="verify the phase (NN-VERIFICATION.md) before calling it done",
                evidence={"phase": phase.display, "summaries": [e.summary.path for e in phase.summaries]})
