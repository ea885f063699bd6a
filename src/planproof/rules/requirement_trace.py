"""PP710-PP712: requirement traceability: the ids plans and summaries cite against the
requirement documents that define them."""

from __future__ import annotations

import os

from planproof.findings import Span, Violation
from planproof.planning.forest import forest
from planproof.planning.ids import format_plan_id
from planproof.planning.model import PlanningTree
from planproof.planning.requirements import cited_requirements
from planproof.planning.scope import read_completely
from planproof.rules import rule


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
      at=(4, 16),
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
    for tree in forest(docs, ctx):
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
      at=(4, 9),
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
    for tree in forest(docs, ctx):
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
                    targets.append((phase, [entry], f"plan {format_plan_id(pid)}"))
    elif requirement.phase is not None:
        for phase in tree.find_phases(requirement.phase, archived=False):
            targets.append((phase, phase.plans, f"phase {requirement.phase}"))
    for phase, entries, what in targets:
        if not entries or not read_completely(ctx.scanned, phase.folder):
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
      at=(4, 35),
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
    for tree in forest(docs, ctx):
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
