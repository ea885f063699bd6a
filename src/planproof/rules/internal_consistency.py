"""PP4xx: internal consistency. A document's numbers checked against each other, never against
the repository: percentages vs fractions, deltas vs before/after, table gaps, scores vs the
statuses the document lists, status vs content, stated arithmetic.

The claims engine (planproof.claims) is imported inside the checks so `planproof rules` stays fast.
"""

from __future__ import annotations

import os

from planproof.claim_fixes import recount_fix
from planproof.findings import Severity, Violation
from planproof.rules import rule


def _claims(doc):
    from planproof.claims.checkable import claims_for_checks

    return claims_for_checks(doc)


HINT_401 = "recompute the percentage from the fraction, or correct the fraction"


def _violations(doc, kinds, hint, warn_on_explainable=True):
    from planproof.claims.verdict import verdict

    for claim in _claims(doc):
        if claim.kind not in kinds:
            continue
        result = verdict(claim)
        if not result.failed:
            continue
        evidence = dict(result.evidence)
        evidence["claim"] = claim.text
        if claim.key_path:
            evidence["key_path"] = claim.key_path
        severity = Severity.WARNING if result.status == "explainable" and warn_on_explainable \
            else None
        yield claim, Violation(result.message, claim.span, hint=hint, evidence=evidence,
                               severity=severity)


@rule("PP401", "percent-fraction-mismatch", "error",
      summary="A percentage does not match the fraction printed beside it.",
      what="""
         Reads a fraction with its percentage in either order (`94/124 passing (75.8%)`,
         `97.6% (2401/2439 lines)`, `Score: 3/6 truths verified (50%)`) and checks that the exact
         ratio rounds to the printed percentage at the precision it was printed with (half-up,
         half-even or truncated: 89/90 is 98.888…, so `98.9%` and `98%` are both right, `99.1%`
         is not). When the clause is about coverage and the fraction counts lines or statements,
         the finding is a warning: with branch coverage on, coverage.py's percentage counts
         branches too and can legitimately differ from the line ratio.
      """,
      why="""
         A percentage and its fraction are two copies of one number; when they disagree at least
         one is wrong, and readers will quote either.
      """,
      bad="""
         # Test results

         - Integration tests: 94/124 passing (78.5%)
      """,
      at=(3, 22),
      good="""
         # Test results

         - Integration tests: 94/124 passing (75.8%)
         - ORM tests: 24/51 passing (up from 19/51)
      """,
      example_path="README.md")
def _percent_fraction(doc, ctx):
    from planproof.claims.model import ScoreClaim
    from planproof.claims.verdict import ratio_verdict

    for claim, violation in _violations(doc, ("fraction_percent",), HINT_401):
        if violation.severity == Severity.WARNING:
            violation.hint = ("if the project measures branch coverage, the percentage counts "
                              "branches too; run `planproof verify` with coverage data to settle it")
        yield violation
    for claim in _claims(doc):
        if isinstance(claim, ScoreClaim) and claim.percent is not None:
            result = ratio_verdict(claim, claim.achieved, claim.total, claim.percent)
            if result.failed:
                yield Violation(f"score {result.message}", claim.span, hint=HINT_401,
                                evidence={**result.evidence, "claim": claim.text})


@rule("PP402", "delta-mismatch", "error",
      summary="A before -> after change states a delta that is not after − before.",
      what="""
         Reads `9.17% → 20.27% (+11.10 percentage points)`, `54.67% → 70% (+15.33 points)`,
         `28% (from 22.8%, +5.2 percentage points)` and `120 → 150 tests (+30)` and checks the
         stated delta against after − before, allowing for the precision every number was printed
         with. A bare `%` delta may be percentage points or a relative change: either reading that
         fits is accepted. Open-ended values (`85%+`) are not checked.
      """,
      why="A wrong delta usually means one of the two measurements was copied from elsewhere.",
      bad="""
         # Coverage

         - workflow_engine.py: 9.17% → 20.27% (+12.10 percentage points)
      """,
      at=(3, 23),
      good="""
         # Coverage

         - workflow_engine.py: 9.17% → 20.27% (+11.10 percentage points)
         - Sprint 3: 80% → 85%+ (+5+ points)
      """,
      example_path="README.md")
def _delta(doc, ctx):
    for _, violation in _violations(doc, ("change",), "correct the before value, the after "
                                    "value or the stated change"):
        yield violation


@rule("PP403", "table-gap-mismatch", "error",
      summary="A table's gap column is not target − current.",
      what="""
         In tables whose columns are current / target / gap (`Current % | Target % | Gap`, also
         `Before | After | Change`), checks each row: gap = target − current (a `%` change of
         plain values is read as relative: 80 → 100 is +25%). Ranges are read as ranges (`18-27%` to `90%` gives a
         gap of `+63-72`); a gap written as 0 where the target is already exceeded is accepted
         (gaps clipped at zero, `45-98%` to `95%` gives `0-50`).
      """,
      why="Gap columns are typed by hand and drift when a current value is updated.",
      bad="""
         # Coverage by module

         | Module | Current % | Target % | Gap |
         |--------|-----------|----------|-----|
         | orchestration/ | 22.53% | 90% | +57.47 |
      """,
      at=(5, 20),
      good="""
         # Coverage by module

         | Module | Current % | Target % | Gap |
         |--------|-----------|----------|-----|
         | orchestration/ | 22.53% | 90% | +67.47 |
         | memory/ | 18-27% | 90% | +63-72 |
         | workflows/ | 45-98% | 95% | 0-50 |
      """,
      example_path="README.md")
def _table_gap(doc, ctx):
    for _, violation in _violations(doc, ("table_row",), "the gap column should be target − "
                                    "current"):
        yield violation


def _recovery_note(doc, evidence: dict) -> dict:
    """Say so when the frontmatter was read around YAML syntax errors."""
    from planproof.claims.recovered_frontmatter import frontmatter_of

    skipped = frontmatter_of(doc).skipped
    if skipped:
        evidence = {**evidence, "frontmatter_read_without_lines": skipped}
    return evidence


@rule("PP404", "score-status-mismatch", "error",
      summary="A score N/M disagrees with the statuses the document itself lists.",
      what="""
         Compares a verification score (`score: 3/6 must_haves verified`, `**Score:** 10/11
         truths verified (1 failed, 1 partial)`) with what the same document lists: the breakdown
         in parentheses (verified + failed + partial cannot exceed the total), the frontmatter
         `gaps` with status failed or partial (each one is a must-have that is not verified), and
         the body's truth table when there is exactly one (its VERIFIED rows must equal N and its
         rows M). When that table has exactly M rows, only gaps about one of its truths count
         (a gap about stale REQUIREMENTS.md text is not a scored item); under `status: passed`
         the open gaps are PP405's error and are not reported twice; the frontmatter score is
         compared with the table only when the body has no Score line of its own (frontmatter
         against body is PP406).
      """,
      why="""
         The score is what people read first; when it counts more verified items than the
         document's own lists allow, the report overstates the result.
      """,
      bad="""
         ---
         phase: 05-auth
         status: gaps_found
         score: 3/3 must-haves verified
         gaps:
           - truth: "Users can log out"
             status: failed
             reason: "No logout route"
         ---
         # Phase 5 verification
      """,
      at=(4, 8),
      good="""
         ---
         phase: 05-auth
         status: gaps_found
         score: 2/3 must-haves verified
         gaps:
           - truth: "Users can log out"
             status: failed
             reason: "No logout route"
         ---
         # Phase 5 verification
      """,
      example_path="05-VERIFICATION.md")
def _score_statuses(doc, ctx):
    from planproof.claims.model import ScoreClaim
    from planproof.claims.report_contradictions import score_vs_statuses
    from planproof.claims.verdict import verdict

    hint = "recount the verified items, or update the statuses the document lists"
    for claim in _claims(doc):
        if isinstance(claim, ScoreClaim):
            result = verdict(claim)
            if result.failed and result.evidence.get("problem") in ("breakdown", "exceeds_total"):
                yield Violation(result.message, claim.span, hint=hint,
                                evidence={**result.evidence, "claim": claim.text})
    for span, result in score_vs_statuses(doc):
        yield Violation(result.message, span, hint=hint,
                        evidence=_recovery_note(doc, result.evidence),
                        fix=recount_fix(doc, span, result.evidence))


@rule("PP405", "status-content-mismatch", "error",
      summary="A verification status contradicts the gaps or human checks the document lists.",
      what="""
         Follows the workflow's own verdict rule: any failed must-have gives `gaps_found`,
         otherwise any human check gives `human_needed`, otherwise `passed`. Reports `passed`
         with failed or partial gaps (error), `passed` with human verification items that record
         no result (warning), `gaps_found` with no gap listed anywhere (warning) and
         `human_needed` with no human item (warning). A human item has a result when the item
         records it, when the phase's UAT document (`NN-UAT.md` in the same folder) has `status:
         complete` and every test passed, when a closed gap about the same check records the
         outcome in its reason, or when the human-checks section writes down a disposition
         ("deferred per operator decision", "accepted as-is"). The UAT is only seen when it is
         part of the run (lint the phase folder, not the report alone).
      """,
      why="Tools and people act on the status: a `passed` that hides open gaps ships them.",
      scope="tree",
      bad="""
         ---
         phase: 05-auth
         status: passed
         score: 2/3 must-haves verified
         gaps:
           - truth: "Users can log out"
             status: failed
         ---
         # Phase 5 verification
      """,
      at=(3, 9),
      good="""
         ---
         phase: 05-auth
         status: gaps_found
         score: 2/3 must-haves verified
         gaps:
           - truth: "Users can log out"
             status: failed
         ---
         # Phase 5 verification
      """,
      example_path="05-VERIFICATION.md")
def _status_content(docs, ctx):
    """A tree rule only so that a report can see its phase's UAT document."""
    from planproof.claims.report_contradictions import status_vs_content

    by_folder: dict[str, list] = {}
    for doc in docs:
        by_folder.setdefault(os.path.dirname(doc.path), []).append(doc)
    for doc in docs:
        if not doc.frontmatter.present:
            continue
        for span, result, severity in status_vs_content(doc, by_folder[os.path.dirname(doc.path)]):
            yield doc, Violation(result.message, span,
                                 hint="set status to what the content shows: gaps_found when a "
                                      "must-have failed, else human_needed when people must "
                                      "check, else passed",
                                 evidence=_recovery_note(doc, result.evidence),
                                 severity=Severity(severity))


@rule("PP406", "frontmatter-body-mismatch", "error",
      summary="Frontmatter status or score disagrees with the body's own Status:/Score: line.",
      what="""
         Compares frontmatter `status` with the body's `**Status:** ...` lines and frontmatter
         `score` with the body's `**Score:** N/M` lines. Silent when any body line agrees.
      """,
      why="Readers of the rendered report and tools reading the frontmatter get different answers.",
      bad="""
         ---
         phase: 05-auth
         status: passed
         score: 3/3 must-haves verified
         ---
         # Phase 5 verification

         **Status:** gaps_found
         **Score:** 2/3 truths verified
      """,
      at=(3, 9),
      good="""
         ---
         phase: 05-auth
         status: passed
         score: 3/3 must-haves verified
         ---
         # Phase 5 verification

         **Status:** passed
         **Score:** 3/3 truths verified
      """,
      example_path="05-VERIFICATION.md")
def _frontmatter_body(doc, ctx):
    from planproof.claims.report_contradictions import frontmatter_vs_body

    for span, result in frontmatter_vs_body(doc):
        yield Violation(result.message, span,
                        hint="make the frontmatter and the report body say the same thing",
                        evidence=_recovery_note(doc, result.evidence))


@rule("PP407", "arithmetic-mismatch", "error",
      summary="Stated arithmetic is wrong (`3 sprints × 2 weeks = 7 weeks`, a progression's +N).",
      what="""
         Checks written-out arithmetic (`a × b = c`, `a + b - c = d`, with units) and progressions
         in consecutive list items (`Week 0: 6,615 tests`, `Week 2: ~6,900 tests (+285)`), where
         each step's delta must match the difference from the first step or from the previous one.
         Approximate numbers (`~6,900`) are judged at the precision they were rounded to.
         Also a coverage target with the lines it needs (`Current: 12.6% (169/1163 lines)` then
         `Target: 50% (+407 lines)`: 50% of 1163 − 169 = 412.5); in a coverage context this is a
         warning, since with branch coverage the lines needed cannot be computed from lines alone.
      """,
      why="Plans are built on these sums; a wrong total misleads the schedule or the target.",
      bad="""
         # Timeline

         **Timeline:** 3 sprints × 2 weeks = 8 weeks total
      """,
      at=(3, 15),
      good="""
         # Timeline

         **Timeline:** 3 sprints × 2 weeks = 6 weeks total

         - Week 0: 6,615 tests
         - Week 2: ~6,900 tests (+285)
         - Week 4: ~7,150 tests (+535)
      """,
      example_path="README.md")
def _arithmetic(doc, ctx):
    for claim, violation in _violations(doc, ("arithmetic", "progression", "target_lines"),
                                        "correct the operands or the result"):
        if claim.kind == "target_lines" and violation.severity == Severity.WARNING:
            violation.hint = ("recompute the lines needed from the current counts; only real "
                              "coverage data can settle a target measured with branches")
        yield violation


@rule("PP408", "progress-bar-mismatch", "error",
      summary="A progress bar's filled cells disagree with the percentage printed beside it.",
      what="""
         A body progress bar `[████████░░] 80%` must have as many filled cells (█ ▓ # =) as its
         percentage allows, rounded either way: 46% of 10 cells is 4 or 5 filled cells. STATE
         frontmatter `progress.percent` against its counts is PP721.
      """,
      why="""
         Bars are updated by hand or by a tool that forgot one of the two; a reader trusts the
         bar at a glance and the number in a diff.
      """,
      bad="""
         # Project State

         Progress: [██░░░░░░░░] 80%
      """,
      at=(3, 11),
      good="""
         # Project State

         Progress: [████████░░] 80%
         Progress: [█████░░░░░] 46%
      """,
      example_path="STATE.md")
def _progress(doc, ctx):
    from planproof.claims.progress_bars import progress_bar_mismatches

    for span, result in progress_bar_mismatches(doc):
        yield Violation(result.message, span,
                        hint="redraw the bar from the percentage, or correct the percentage",
                        evidence=result.evidence)


@rule("PP409", "too-many-claims", "warning",
      summary="A document holds so many numeric claims that only the first 5,000 are checked.",
      what="""
         Claim extraction stops at 5,000 claims in one text or one document and reports it, so
         a generated or hostile document cannot make a run take minutes.
      """,
      why="""
         Planning documents hold dozens of figures. Thousands are generated data pasted into a
         plan, which no reader checks by eye either; the limit keeps every run bounded and says
         that checking stopped, instead of stopping silently.
      """,
      bad="(a document with 5,000 or more percentages and fractions, e.g. a pasted data table)",
      good="""
         # Plan

         Coverage rose from 40% to 52.5% (+12.5 points); 21/40 lines covered (52.5%).
      """)
def _too_many_claims(doc, ctx):
    from planproof.claims.extract import truncated
    from planproof.claims.scanner import MAX_CLAIMS

    _claims(doc)
    if truncated(doc):
        yield Violation(f"the document holds {MAX_CLAIMS:,} or more numeric claims; only the "
                        f"first {MAX_CLAIMS:,} were extracted and checked",
                        hint="split generated tables or data out of the planning document",
                        evidence={"limit": MAX_CLAIMS})


