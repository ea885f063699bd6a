"""PP701-PP702: plans and summaries of a phase (duplicate plan ids: PP316 in plan_ids.py).

A rule that reports a file *missing* only does so for a folder the run read completely
(`planning.scope.read_completely`): when pre-commit passes a few file names, or `--exclude`
left a planning file of the folder out, it stays silent.
"""

from __future__ import annotations

import os

from planproof.findings import Violation
from planproof.planning.forest import forest
from planproof.planning.ids import sibling_name
from planproof.planning.scope import read_completely
from planproof.rules import rule


def _claims_text(claims) -> str:
    return "; ".join(f"{os.path.basename(doc.path)}:{line} {how}" for doc, line, how in claims)


def _claims_evidence(claims) -> list[dict]:
    return [{"path": doc.path, "line": line, "claim": how} for doc, line, how in claims]


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
      at=(1, 1),
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
    for tree in forest(docs, ctx):
        for phase in tree.active_phases():
            if not read_completely(ctx.scanned, phase.folder):
                continue
            claims = tree.completion(phase)
            if not claims or (phase.verifications and not phase.summaries):
                continue  # nothing executed but verified: PP730 says it once for the phase
            for entry in phase.plans:
                if entry.summary is None:
                    expected = sibling_name(entry.plan.path, "PLAN", "SUMMARY")
                    yield entry.plan, Violation(
                        f"{phase.label} is marked complete ({_claims_text(claims)}) but plan "
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
      at=(1, 1),
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
    for tree in forest(docs, ctx):
        for phase in tree.active_phases():
            if not read_completely(ctx.scanned, phase.folder):
                continue
            for entry in phase.entries:
                if entry.plan is None and entry.summary is not None:
                    expected = sibling_name(entry.summary.path, "SUMMARY", "PLAN")
                    yield entry.summary, Violation(
                        f"SUMMARY of plan {entry.label} has no PLAN in {phase.display}",
                        hint=f"restore {expected} (or rename the SUMMARY to match its plan)",
                        evidence={"phase": phase.display, "summary": entry.summary.path,
                                  "expected_plan": os.path.join(phase.display, expected)})
