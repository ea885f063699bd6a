"""PP6xx: coverage and test-result claims checked against real coverage.py and JUnit data.

Verify mode only. The data comes from `--coverage PATH` (repeatable; `.coverage`, coverage.json,
Cobertura coverage.xml, lcov.info; else found at the root), `--coverage-config` and
`--junit PATH`. Every rule here reports one kind of verdict, all computed in one pass over the
run's documents: the claims come from claims/coverage.py and claims/test_results.py, the
verdicts from rules/coverage_verdicts.py and rules/test_verdicts.py.

The examples are written against the fixture project in tests/fixtures/coverage/project measured
with `coverage run --branch` (tests/test_coverage_rules.py checks them on that data).
"""

from __future__ import annotations

from planproof.rules import rule

_EXAMPLE_NOTE = ("(examples assume coverage data where pkg/core/models.py has 21 statements, "
                 "20 covered, 8 branches, 5 covered: 86.21%)")


@rule("PP600", "coverage-claim-confirmed", "info", scope="tree", mode="verify",
      summary="A coverage or target claim matches the coverage data (reported so you see what was checked).",
      what=f"""
         Reports each coverage claim that the data confirms, with the measured numbers, the
         formula, the data's timestamp and the document's date. Targets the document says were
         met are reported as met here. Info only: `--ignore PP600` hides them. {_EXAMPLE_NOTE}
         """,
      why="A verifier that is silent when it agrees cannot be told apart from one that checked "
          "nothing.",
      bad="# Phase 1 summary\n\nCoverage of `pkg/core/models.py`: 86.21%\n",
      at=(3, 35),
      good="# Phase 1 summary\n\nNo coverage figures here.\n",
      example_path="01-01-SUMMARY.md")
def coverage_claim_confirmed(docs, ctx):
    return _findings("PP600", docs, ctx)


@rule("PP601", "coverage-claim-refuted", "error", scope="tree", mode="verify",
      summary="A coverage percentage differs from what coverage.py reports at the claim's precision.",
      what=f"""
         A per-file (`models.py 97.39%`, a table row `file | coverage`), overall (`Measured
         coverage: 15.70% overall`), current (`Current: 12.6% (169/1163 lines)`) or after
         (`9.17% → 20.27%`) figure is compared with coverage.py's percentage
         100 * (covered lines + covered branches) / (statements + branches), displayed at the
         claim's own precision exactly as coverage.py displays it (round-half-even, never 0 or
         100 unless exact). `~` figures are allowed 1 point. Baselines are reported as warnings:
         they may describe an earlier state. {_EXAMPLE_NOTE}
         """,
      why="A coverage figure in a plan or summary is a decision input; a figure nobody can "
          "reproduce misleads every reader after it.",
      bad="# Phase 1 summary\n\nCoverage of `pkg/core/models.py`: 97.39%\n",
      at=(3, 35),
      good="# Phase 1 summary\n\nCoverage of `pkg/core/models.py`: 86.21%\n",
      example_path="01-01-SUMMARY.md")
def coverage_claim_refuted(docs, ctx):
    return _findings("PP601", docs, ctx)


@rule("PP602", "coverage-counts-refuted", "error", scope="tree", mode="verify",
      summary="Covered/total line counts next to a coverage figure differ from the data.",
      what=f"""
         `97.6% (2401/2439 lines)` carries counts: they must equal covered lines and statements
         exactly (coverage report's Stmts - Miss and Stmts). {_EXAMPLE_NOTE}
         """,
      why="Counts are exact; a mismatch means the figure was copied from another run or file.",
      bad="# Phase 1 summary\n\n- `pkg/core/models.py` coverage: 86.21% (19/21 lines)\n",
      at=(3, 34),
      good="# Phase 1 summary\n\n- `pkg/core/models.py` coverage: 86.21% (20/21 lines)\n",
      example_path="01-01-SUMMARY.md")
def coverage_counts_refuted(docs, ctx):
    return _findings("PP602", docs, ctx)


@rule("PP603", "coverage-formula-mismatch", "warning", scope="tree", mode="verify",
      summary="A coverage figure matches line-only (or branch-only) coverage, not coverage.py's combined figure.",
      what=f"""
         When the data has branch measurement, coverage.py's percentage counts branches too. A
         claim that matches the line-only rate (covered/statements) or the branch-only rate
         instead is reported with both figures. The reverse: a claim of *branch* coverage against
         data recorded without `--branch`. {_EXAMPLE_NOTE}
         """,
      why="Line and branch coverage are different numbers; quoting one as the other overstates "
          "(or understates) what the tests exercise.",
      bad="# Phase 1 summary\n\nCoverage of `pkg/core/models.py`: 95.24%\n",
      at=(3, 35),
      good="# Phase 1 summary\n\nLine coverage of `pkg/core/models.py`: 95.24%\n",
      example_path="01-01-SUMMARY.md")
def coverage_formula_mismatch(docs, ctx):
    return _findings("PP603", docs, ctx)


@rule("PP604", "coverage-target-unmet", "error", scope="tree", mode="verify",
      summary="The document says a coverage target was met; the data says it was not.",
      what=f"""
         Targets (`reaches 50%`, `target 85%`) are not measurements and are checked only where
         the document asserts they were met: a ✅, "achieved", "exceeds", "met", or a passed
         status beside them. The measured figure must then be at least the target. {_EXAMPLE_NOTE}
         """,
      why="A target marked met closes work; if it was not met, the work is still open.",
      bad="# Phase 1 summary\n\n- `pkg/core/models.py` coverage reaches 90% ✅ achieved\n",
      at=(3, 41),
      good="# Phase 1 summary\n\n- `pkg/core/models.py` coverage reaches 80% ✅ achieved\n",
      example_path="01-01-SUMMARY.md")
def coverage_target_unmet(docs, ctx):
    return _findings("PP604", docs, ctx)


@rule("PP605", "coverage-file-ambiguous", "warning", scope="tree", mode="verify",
      summary="A file named in a coverage claim matches several measured files.",
      what=f"""
         File names are matched to measured files by path-component suffix (`core/models.py`
         matches `/abs/backend/core/models.py`). A bare name that matches several files is never
         guessed: the candidates are listed. {_EXAMPLE_NOTE}
         """,
      why="Checking the wrong models.py would confirm or refute the wrong thing.",
      bad="# Phase 1 summary\n\nCoverage of `models.py`: 86.21%\n",
      at=(3, 26),
      good="# Phase 1 summary\n\nCoverage of `core/models.py`: 86.21%\n",
      example_path="01-01-SUMMARY.md")
def coverage_file_ambiguous(docs, ctx):
    return _findings("PP605", docs, ctx)


@rule("PP606", "coverage-file-not-measured", "warning", scope="tree", mode="verify",
      summary="A file named in a coverage claim is not in the coverage data.",
      what="""
         The claimed file matches no measured file (or coverage.py cannot analyse it, e.g. its
         source is missing), so the claim cannot be checked.
         """,
      why="A figure for a file the data does not contain comes from somewhere else.",
      bad="# Phase 1 summary\n\nCoverage of `pkg/core/payments.py`: 86.21%\n",
      at=(3, 37),
      good="# Phase 1 summary\n\nCoverage of `pkg/core/models.py`: 86.21%\n",
      example_path="01-01-SUMMARY.md")
def coverage_file_not_measured(docs, ctx):
    return _findings("PP606", docs, ctx)


@rule("PP607", "coverage-data-stale", "warning", scope="tree", mode="verify",
      summary="A measured source file changed after the coverage data was recorded.",
      what="""
         When a file behind a claim (or any measured file, for an overall claim) was modified
         after the data's timestamp, the numbers may no longer describe the code: the claim is
         reported as stale instead of confirmed or refuted, with the files and times.
         """,
      why="Old data confirms or refutes old code.",
      bad="# Phase 1 summary\n\nCoverage of `pkg/core/models.py`: 86.21%\n",
      good="# Phase 1 summary\n\nNo coverage figures here.\n",
      example_path="01-01-SUMMARY.md")
def coverage_data_stale(docs, ctx):
    return _findings("PP607", docs, ctx)


@rule("PP608", "coverage-data-unreadable", "error", scope="tree", mode="verify",
      summary="A coverage data file cannot be read.",
      what="""
         A `--coverage` file (or one found at the root) is not valid coverage data, or
         coverage.py cannot report on it. Reported once, at the first coverage claim.
         """,
      why="Claims checked against nothing must not look checked.",
      bad="# Phase 1 summary\n\nCoverage of `pkg/core/models.py`: 86.21%\n",
      good="# Phase 1 summary\n\nNo coverage figures here.\n",
      example_path="01-01-SUMMARY.md")
def coverage_data_unreadable(docs, ctx):
    return _findings("PP608", docs, ctx)


@rule("PP609", "coverage-claims-unchecked", "info", scope="tree", mode="verify",
      summary="A document makes coverage claims but no coverage data was given or found.",
      what="""
         Under `verify`, coverage claims need data: `--coverage PATH`, or `.coverage`,
         `coverage.json`, `coverage.xml` or `lcov.info` at the root. One finding per document
         lists the claims that were not checked.
         """,
      why="Silence would read as confirmation.",
      bad="# Phase 1 summary\n\nMeasured coverage: 15.70% overall\n",
      good="# Phase 1 summary\n\nNo coverage figures here.\n",
      example_path="01-01-SUMMARY.md")
def coverage_claims_unchecked(docs, ctx):
    return _findings("PP609", docs, ctx)


@rule("PP610", "test-results-confirmed", "info", scope="tree", mode="verify",
      summary="A test-result claim matches the JUnit results (reported so you see what was checked).",
      what="""
         `X/Y passing`, `N tests, M passing` and `all tests pass` claims that the JUnit XML
         (`--junit PATH`) confirms, per test file when one is named. Test cases are unique by
         (classname, name); a test that fails and then errors in teardown counts once.
         """,
      why="Shows which test claims were checked and against which run.",
      bad="# Phase 1 summary\n\n- `tests/unit/test_api.py`: 7 tests, 3 passing\n",
      at=(3, 29),
      good="# Phase 1 summary\n\nNo test results here.\n",
      example_path="01-01-SUMMARY.md")
def test_results_confirmed(docs, ctx):
    return _findings("PP610", docs, ctx)


@rule("PP611", "test-results-refuted", "error", scope="tree", mode="verify",
      summary="A test-result claim differs from the JUnit results.",
      what="""
         Compared per test file when the claim names one (classname mapped to files), else with
         the whole run, but only when the claim's total is the run's total (or it says "all tests
         pass" without a qualifier): "24/51 ORM tests passing" is a subset planproof cannot
         delimit and is left alone. Plans' expectations ("all tests must pass") are not claims.
         """,
      why="\"All tests pass\" in a summary is what reviewers rely on to skip running them.",
      bad="# Phase 1 summary\n\n- `tests/unit/test_api.py`: 7 tests, 7 passing\n",
      at=(3, 29),
      good="# Phase 1 summary\n\n- `tests/unit/test_api.py`: 7 tests, 3 passing\n",
      example_path="01-01-SUMMARY.md")
def test_results_refuted(docs, ctx):
    return _findings("PP611", docs, ctx)


@rule("PP612", "test-file-not-in-results", "warning", scope="tree", mode="verify",
      summary="A test file named in a test-result claim has no (or ambiguous) test cases in the JUnit results.",
      what="""
         The named test file matches no test case's classname, or matches the test cases of
         several files (a bare `test_api.py` when there are two): the claim is not checked.
         """,
      why="Results for a file the run did not include cannot confirm anything.",
      bad="# Phase 1 summary\n\n- `test_api.py`: 2 tests, 2 passing\n",
      at=(3, 18),
      good="# Phase 1 summary\n\n- `tests/integration/test_api.py`: 2 tests, 2 passing\n",
      example_path="01-01-SUMMARY.md")
def test_file_not_in_results(docs, ctx):
    return _findings("PP612", docs, ctx)


@rule("PP613", "junit-unreadable", "error", scope="tree", mode="verify",
      summary="A JUnit XML file cannot be read.",
      what="The `--junit` file is not well-formed JUnit XML; reported once, at the first claim.",
      why="Claims checked against nothing must not look checked.",
      bad="# Phase 1 summary\n\nAll tests pass.\n",
      good="# Phase 1 summary\n\nNo test results here.\n",
      example_path="01-01-SUMMARY.md")
def junit_unreadable(docs, ctx):
    return _findings("PP613", docs, ctx)


# -- the one pass ----------------------------------------------------------------------------

def _findings(code: str, docs, ctx):
    """The run's verdicts of rule `code` (all PP6xx verdicts come from one pass, kept in
    ctx.memo), with the fix that rewrites a refuted figure or count."""
    from planproof.claim_fixes import coverage_fix

    for doc, outcome in ctx.memo.get("coverage.verdicts", lambda: _judge_run(docs, ctx)):
        if outcome.code != code:
            continue
        violation = outcome.violation
        if code in ("PP601", "PP602") and violation.fix is None:
            violation.fix = coverage_fix(doc, code, violation.span, violation.evidence)
        yield doc, violation


def _judge_run(docs, ctx) -> list:
    """Every coverage and test-result verdict of the run, in document order."""
    from planproof.claims.coverage import coverage_claims
    from planproof.claims.surroundings import surroundings
    from planproof.claims.test_results import test_claims
    from planproof.claims.verifiable import coverage_relevant
    from planproof.rules.coverage_verdicts import judge_coverage
    from planproof.rules.test_verdicts import judge_tests

    if not docs:
        return []
    coverage = ctx.evidence.coverage(docs[0])  # one repository per run: the first document's
    junit = ctx.evidence.junit
    reported: set[str] = set()  # unreadable data files, each reported once
    verdicts = []
    for doc in docs:
        if not coverage_relevant(doc, ctx.settings):  # known from the worker that read it
            continue
        date = surroundings(doc).date
        claims = coverage_claims(doc)
        if claims:
            verdicts += [(doc, o) for o in judge_coverage(claims, date, coverage, reported)]
        tests = test_claims(doc) if junit.given else []
        if tests:
            verdicts += [(doc, o) for o in judge_tests(tests, date, junit, reported)]
    return verdicts
