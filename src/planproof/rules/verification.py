"""PP730-PP731: phase verification reports against the execution of the phase's plans."""

from __future__ import annotations

from planproof.findings import Violation
from planproof.planning.forest import forest
from planproof.planning.scope import read_completely
from planproof.rules import rule


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
      at=(1, 1),
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
    for tree in forest(docs, ctx):
        for phase in tree.active_phases():
            if not phase.verifications or not phase.plans or phase.summaries:
                continue
            if not read_completely(ctx.scanned, phase.folder):
                continue
            for doc in phase.verifications:
                yield doc, Violation(
                    f"{phase.label} has a VERIFICATION but none of its "
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
      at=(1, 1),
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
    for tree in forest(docs, ctx):
        if not any(p.verifications for p in tree.phases):
            continue
        for phase in tree.active_phases():
            if phase.verifications or not phase.executed or not read_completely(ctx.scanned, phase.folder):
                continue
            last = sorted((e.summary for e in phase.summaries), key=lambda d: d.path)[-1]
            yield last, Violation(
                f"all {len(phase.plans)} plan(s) of {phase.label} have a SUMMARY but the "
                "phase has no VERIFICATION report",
                hint="verify the phase (NN-VERIFICATION.md) before calling it done",
                evidence={"phase": phase.display, "summaries": [e.summary.path for e in phase.summaries]})
