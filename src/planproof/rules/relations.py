"""PP410-PP420: contradictions between claims of one document: a summary line against its table,
a Total row against its rows, a stated total against its parts or its pass count, an average
against the values it averages, a threshold against the list it describes, per-item figures
against a section's target, the frontmatter score against the body's restatement of it.

The relations come from planproof.claims.relations (imported inside the checks so `planproof
rules` stays fast); `planproof claims` lists every relation, consistent or not.
"""

from __future__ import annotations

from planproof.findings import Severity, Violation
from planproof.rules import rule


def _inconsistent(doc, check_name: str, hint: str):
    """The inconsistent relations of one kind, as violations."""
    from planproof.claims.relations import relations

    for relation in relations(doc):
        if relation.check != check_name or relation.consistent:
            continue
        evidence = {**relation.evidence, "related_lines": relation.related_lines}
        severity = Severity(relation.severity) if relation.severity else None
        yield Violation(relation.message, relation.span, hint=hint, evidence=evidence,
                        severity=severity)


@rule("PP410", "summary-table-mismatch", "error",
      summary="A summary line (`Key Links: 7/8 wired`) disagrees with the table it summarises.",
      what="""
         Reads a line with one fraction and what it counts (`**Artifacts:** 20/21 verified`,
         `Key Links: 7/8 wired`, `### Fully Satisfied (22/26)`) directly above or below a table
         (only blank lines between) whose first column or section heading names the same things
         (a bare `2/4 verified` is related only when its whole is the table's row count).
         When the table has as many rows as the fraction's whole, the rows its Status column marks
         passed (VERIFIED, WIRED, ✓, ...) must equal the numerator; otherwise the row count must
         equal the whole (for a heading: the numerator, the items listed under it). A Score line
         against the Observable Truths table is PP404's.
      """,
      why="""
         The summary line is what readers quote; when it is not recounted after the table changes,
         it reports a result the table does not show.
      """,
      bad="""
         # Phase 3 verification

         ### Key Link Verification

         **Key Links:** 3/3 wired

         | Link | From | To | Status |
         |------|------|----|--------|
         | api | routes.py | service.py | WIRED |
         | db | service.py | models.py | WIRED |
         | ui | page.tsx | api.ts | NOT WIRED |
      """,
      at=(5, 16),
      good="""
         # Phase 3 verification

         ### Key Link Verification

         **Key Links:** 2/3 wired

         | Link | From | To | Status |
         |------|------|----|--------|
         | api | routes.py | service.py | WIRED |
         | db | service.py | models.py | WIRED |
         | ui | page.tsx | api.ts | NOT WIRED |

         **Tests:** 24/51 ORM tests passing
      """,
      example_path="03-VERIFICATION.md")
def _summary_table(doc, ctx):
    return _inconsistent(doc, "summary-table",
                         "recount the table's rows and statuses, or correct the summary line")


@rule("PP411", "total-row-mismatch", "error",
      summary="A table's Total row is not the sum of the rows above it.",
      what="""
         In a table whose last row is labelled Total, Totals, Overall or Sum (bold or not), checks
         every column whose cells are all counts (`21`, `5/5`): the Total cell must be the sum of
         the cells above it (numerators and denominators separately). Columns of percentages,
         averages, rates, ids, dates or phases are not summed; tables with elided rows (`...`) or
         more than one total-like row are skipped. (A count stated above its parts is PP420.)
      """,
      why="Totals are typed by hand and are not updated when a row is added or changed.",
      bad="""
         # Requirements coverage

         | Category | Count | Complete |
         |----------|-------|----------|
         | PIPE | 5 | 5/5 |
         | TILE | 3 | 3/3 |
         | **TOTAL** | **9** | **8/8** |
      """,
      at=(7, 15),
      good="""
         # Requirements coverage

         | Category | Count | Complete |
         |----------|-------|----------|
         | PIPE | 5 | 5/5 |
         | TILE | 3 | 3/3 |
         | **TOTAL** | **8** | **8/8** |
      """,
      example_path="README.md")
def _total_row(doc, ctx):
    return _inconsistent(doc, "total-row",
                         "the Total row and its rows disagree: recount both (a row may be stale "
                         "or missing as well as the Total)")


@rule("PP412", "outcomes-exceed-total", "error",
      summary="Test outcomes in one clause add up to more than the total it states.",
      what="""
         In one clause (`93 total / 73 passed / 25 failed`, `Total: 40 tests, 38 passing,
         3 failing`) the counts of passed, failed, skipped, errors and pending add up to at most
         the stated total. Fewer is accepted (outcomes may be left out).
      """,
      why="Outcomes that add up to more than the total mean one of the counts was copied from "
          "another run.",
      bad="""
         # Test run

         - Suite: 93 total / 73 passed / 25 failed
      """,
      at=(3, 10),
      good="""
         # Test run

         - Suite: 98 total / 73 passed / 25 failed
         - Smoke: 12 total, 10 passed, 1 skipped
      """,
      example_path="README.md")
def _outcome_total(doc, ctx):
    return _inconsistent(doc, "outcome-total", "recount the outcomes, or correct the total")


@rule("PP413", "restated-total-mismatch", "error",
      summary="A clause states a total, then a pass count of the same tests out of another whole.",
      what="""
         In one clause that states a total (`(126 total)`, `126 tests total`, `Total: 126`) and
         exactly one pass fraction (`94/124 passing`) and no other fraction, the fraction's whole
         must be the total. The same for a count of tests created (`89 property tests created
         ... 89/90 passing`), unless more pass than were created (the fraction then counts a
         larger suite). A fraction of a subset is never read this way when the clause holds a
         second fraction (`24/51 ORM tests` beside `57/214 failing`).
      """,
      why="Two wholes for one set of tests means one of them is stale, and so is the pass rate.",
      bad="""
         # Integration tests

         - 51 original + 75 new integration tests (126 total); 94/124 passing (75.8%).
      """,
      at=(3, 42),
      good="""
         # Integration tests

         - 51 original + 75 new integration tests (126 total); 94/126 passing (74.6%).
      """,
      example_path="README.md")
def _restated_total(doc, ctx):
    return _inconsistent(doc, "restated-total",
                         "use one whole for the tests: the total or the pass count is stale")


@rule("PP414", "score-restated-mismatch", "error",
      summary="The frontmatter score and the body's Score line count the must-haves over "
              "different wholes.",
      what="""
         A verification report's frontmatter `score: 20/20 must-haves verified` and its one body
         `**Score:** 15/16 truths verified`: both count the phase's must-haves, so their wholes
         must agree (equal wholes with different counts are PP406). A body score that qualifies
         its noun (`3/3 goal truths`, `5/5 requirements`) counts something else and is not
         compared.
      """,
      why="""
         Tools read the frontmatter, people read the body; two different wholes mean must-haves
         were added or dropped in one place only.
      """,
      bad="""
         ---
         phase: 03-import
         status: passed
         score: 20/20 must-haves verified
         ---
         # Phase 3 verification

         **Score:** 15/16 truths verified
      """,
      at=(4, 8),
      good="""
         ---
         phase: 03-import
         status: passed
         score: 20/20 must-haves verified
         ---
         # Phase 3 verification

         **Score:** 20/20 truths verified
         **Score:** 3/3 goal truths verified
      """,
      example_path="03-VERIFICATION.md")
def _restated_score(doc, ctx):
    return _inconsistent(doc, "restated-score",
                         "recount the must-haves and state one score in both places")


@rule("PP415", "average-mismatch", "warning",
      summary="A stated average is not the mean of the values the document lists for it.",
      what="""
         Reads `57.82% average` (or `average: 57.82%`) and the values it averages: the file
         percentages listed on the same line, or the one list elsewhere with as many file
         percentages as the average's own count (`(3/6 >= 50%)`: six values, three of them at
         least 50%, which must also hold for the list). The stated average must be the mean at
         the precision printed. A warning, since a combined coverage (weighted by statements) is
         a legitimate different number; an error when the average lies outside the listed values,
         which no weighting can give.
      """,
      why="An average that no listed value supports makes the summary look better or worse than "
          "the data.",
      bad="""
         # Coverage

         - Measured: models.py 97.39%, endpoints.py 55.32%, analytics.py 50.66%, engine.py 20.27%
         - Tier 1 files: 57.82% average (3/4 >= 50%)
      """,
      at=(4, 17),
      good="""
         # Coverage

         - Measured: models.py 97.39%, endpoints.py 55.32%, analytics.py 50.66%, engine.py 20.27%
         - Tier 1 files: 55.91% average (3/4 >= 50%)
      """,
      example_path="README.md")
def _average(doc, ctx):
    return _inconsistent(doc, "average",
                         "recompute the average from the listed values, or say how it is weighted")


@rule("PP416", "threshold-list-mismatch", "error",
      summary="A threshold said of N files (`<20% coverage baseline`) is broken by the N listed.",
      what="""
         A line that describes a set of files by a coverage bound and a count (`6 Tier 1 files
         (>500 lines, <20% coverage baseline)`) and says it is about the baseline or the current
         state, against the files the document lists with a `Current:` percentage: when there are
         exactly as many, each must meet the bound. Measured results after work (`Measured:`,
         `→`) are not a baseline and are not compared.
      """,
      why="""
         The selection criterion justifies the plan; when most of the files listed do not meet it,
         either the criterion or the list is wrong.
      """,
      bad="""
         # Phase 30

         Test the 2 weakest files (<20% coverage baseline).

         1. core/models.py reaches 50% coverage
            - Current: 97.6%
         2. core/engine.py reaches 50% coverage
            - Current: 12.6%
      """,
      at=(3, 27),
      good="""
         # Phase 30

         Test the 2 weakest files (<20% coverage baseline).

         1. core/debugger.py reaches 50% coverage
            - Current: 9.7%
         2. core/engine.py reaches 50% coverage
            - Current: 12.6%
      """,
      example_path="README.md")
def _threshold_list(doc, ctx):
    return _inconsistent(doc, "threshold-list",
                         "correct the selection criterion, or the files listed under it")


@rule("PP417", "section-sum-mismatch", "error",
      summary="Per-item impacts under a heading do not add up to the target stated for it.",
      what="""
         Under headings with the same title (an overview `### Sprint 1: ...` with `Target: 54.67% →
         70% (+15.33 points)` and the detailed `## Sprint 1: ...` listing `Coverage Impact: +5%`
         per item), the impacts must add up to the target's change, allowing for the precision
         printed. Open targets (`85%+`, `+5+ points`) and approximate ones are not compared.
      """,
      why="""
         When the parts promise more (or less) than the target, the plan's schedule and its
         target cannot both be right.
      """,
      bad="""
         # Sprints

         ## Overview

         ### Sprint 1: Foundation
         **Target:** 50% → 60% (+10 points)

         ## Sprint 1: Foundation

         - Registry: **Coverage Impact:** +5%
         - Fallback: **Coverage Impact:** +8%
      """,
      at=(6, 13),
      good="""
         # Sprints

         ## Overview

         ### Sprint 1: Foundation
         **Target:** 50% → 60% (+10 points)

         ## Sprint 1: Foundation

         - Registry: **Coverage Impact:** +5%
         - Fallback: **Coverage Impact:** +5%

         ### Sprint 2: Edges
         **Target:** 60% → 65%+ (+5+ points)

         ## Sprint 2: Edges

         - Security: **Coverage Impact:** +12%
         - Edge cases: **Coverage Impact:** +2%
      """,
      example_path="README.md")
def _section_sum(doc, ctx):
    return _inconsistent(doc, "section-sum",
                         "make the per-item impacts add up to the target, or correct the target")


@rule("PP418", "progression-plan-mismatch", "warning",
      summary="A test-count progression disagrees with the tests the sprints up to that week plan.",
      what="""
         Reads a progression of test counts (`Week 0: 6,615 tests`, `Week 2: ~6,900 tests
         (+285)`) and the sections whose headings name their weeks (`## Sprint 1: ... (Weeks
         1-2)`) with their `Tests to Write: N` / `Tests to Enable: N` lines: the growth stated at
         week K must equal the tests planned by the sections ending by week K, at the precision
         of the approximate count (`~6,900` is read to the hundred). A warning: the plan's items
         may not be all the tests that will be added.
      """,
      why="""
         A progression that grows faster than the work planned for it promises tests nobody
         planned to write; one that grows slower leaves planned work uncounted.
      """,
      bad="""
         # Plan

         ## Sprint 1: Foundation (Weeks 1-2)

         **Tests to Write:** 20 registry tests
         **Tests to Enable:** 30 fallback tests

         ## Test Count Progression

         - Week 0: 600 tests
         - Week 2: 700 tests (+100)
      """,
      at=(11, 11),
      good="""
         # Plan

         ## Sprint 1: Foundation (Weeks 1-2)

         **Tests to Write:** 20 registry tests
         **Tests to Enable:** 30 fallback tests

         ## Test Count Progression

         - Week 0: 600 tests
         - Week 2: 650 tests (+50)
      """,
      example_path="README.md")
def _progression_plan(doc, ctx):
    return _inconsistent(doc, "progression-plan",
                         "make the progression follow the tests each sprint plans")


@rule("PP419", "kind-total-mismatch", "warning",
      summary="A pass count of one kind of tests disagrees with the table rows listing that kind.",
      what="""
         Reads a line with one kind of tests (property, integration, unit, e2e, ORM, API...) and
         one pass fraction (`89 property tests created across 4 files. 89/90 passing`) against
         the rows of one table that name a test file of that kind in their path
         (`tests/property_tests/test_x.py | 23 tests, 23/23 passing`): the fraction must be the
         sum of their pass counts. When the line says how many files (`across 4 files`), exactly
         that many rows must match; rows of the listing table itself are parts, not claims. A
         warning: the kind is read from the paths.
      """,
      why="""
         A pass rate restated in the summary drifts from the per-file counts it was added up
         from; the per-file rows are usually the ones that were measured.
      """,
      bad="""
         # Verification

         - Property tests: 41 property tests across 2 files. 41/42 passing.

         | Artifact | Details |
         |---|---|
         | tests/property_tests/test_engine.py | 18 tests, 18/18 passing |
         | tests/property_tests/test_handler.py | 23 tests, 22/23 passing |
      """,
      at=(3, 53),
      good="""
         # Verification

         - Property tests: 41 property tests across 2 files. 40/41 passing.

         | Artifact | Details |
         |---|---|
         | tests/property_tests/test_engine.py | 18 tests, 18/18 passing |
         | tests/property_tests/test_handler.py | 23 tests, 22/23 passing |
      """,
      example_path="README.md")
def _kind_total(doc, ctx):
    return _inconsistent(doc, "kind-total",
                         "add the per-file pass counts up again, or correct the rows")


@rule("PP420", "count-parts-mismatch", "error",
      summary="A count stated right above the table or list of its parts is not their sum.",
      what="""
         A line that states one count (`193 tests across 11 test files`, `All 56 tests pass:`)
         directly above (only blank lines between) a table whose column is named by the count's
         noun (`Tests`) or a list of `test_x.py: 5/5 passed` items: the count must be the sum of
         the column or of the items' wholes. Tables with a Total row are PP411's.
      """,
      why="The stated count is what gets quoted; when a row is added or a file is dropped, it is "
          "the number nobody recounts.",
      bad="""
         # Test run

         All 12 tests pass:

         - test_models.py: 5/5 passed
         - test_views.py: 6/6 passed
      """,
      at=(3, 5),
      good="""
         # Test run

         All 11 tests pass:

         - test_models.py: 5/5 passed
         - test_views.py: 6/6 passed
      """,
      example_path="README.md")
def _parts_sum(doc, ctx):
    return _inconsistent(doc, "parts-sum",
                         "recount the parts listed below the count, or correct the count")
