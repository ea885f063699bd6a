"""PP540-PP541 and PP550: what the prose of a document claims about files (line and test counts,
judged in counts.py) and what it asks a person to run (manual_checks.py)."""

from __future__ import annotations

from planproof.rules import rule
from planproof.rules.examples import summary_line
from planproof.rules.repository.rule_findings import findings_for


@rule("PP540", "line-count-mismatch", "warning", mode="verify",
      summary="A line count claimed next to a file path differs from the file.",
      what="""
         In SUMMARY, VERIFICATION and generic documents, `968 lines` on the same line as exactly one
         existing file path (after it) is compared with `wc -l`. `~968 lines` allows 10% (at least 2
         lines) either way; `200+ lines` means at least. Lines about deletions or changes are skipped.
      """,
      why="Inflated sizes make stubs look substantial; stale numbers hide churn.",
      bad=summary_line("- `src/parser.py` (968 lines): the parser"),
      at=(6, 20),
      example_path=".planning/phases/01-parser/01-01-SUMMARY.md",
      good=summary_line("- `src/parser.py` (6 lines): the parser"))
def mismatched_line_count(doc, ctx):
    return findings_for("PP540", doc, ctx)


@rule("PP541", "test-count-mismatch", "warning", mode="verify",
      summary="A test count claimed next to a test file differs from the tests it defines.",
      what="""
         Python test files are counted statically with `ast` (test functions and Test* methods times
         literal parametrize values); dynamic parametrisation makes the count a lower bound, which
         never refutes a larger claim. JS/TS files count `it(`/`test(` calls.
      """,
      why="\"51 tests\" that are really 12 overstate how well the code is protected.",
      bad=summary_line("- `tests/test_parser.py`: 51 tests"),
      at=(6, 27),
      example_path=".planning/phases/01-parser/01-01-SUMMARY.md",
      good=summary_line("- `tests/test_parser.py`: 2 tests"))
def mismatched_test_count(doc, ctx):
    return findings_for("PP541", doc, ctx)


@rule("PP550", "manual-checks", "info", mode="verify",
      summary="Lists `<verify>` commands and human checks: planproof never runs them.",
      what="""
         One finding per document whose evidence `manual_checks` lists every `<verify>` /
         `<automated>` command, `<human-check>`, `<how-to-verify>` and VERIFICATION
         `human_verification` item with its line: the checks a person or CI must run.
      """,
      why="Nothing written in a document is executed by planproof; these must be run elsewhere.",
      bad="""
         ---
         phase: "01"
         ---
         <tasks>
         <task type="auto">
         <name>Build</name>
         <verify><automated>pytest -q</automated></verify>
         </task>
         </tasks>
      """,
      at=(7, 1),
      good="""
         ---
         phase: "01"
         ---
         # Plan without verify steps
      """)
def manual_checks(doc, ctx):
    return findings_for("PP550", doc, ctx)
