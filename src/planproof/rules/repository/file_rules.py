"""PP520-PP522: the rules about files a document lists (judged in listed_files.py)."""

from __future__ import annotations

from planproof.rules import rule
from planproof.rules.examples import EXECUTED_PLAN, SOURCES
from planproof.rules.repository.rule_findings import findings_for


@rule("PP520", "files-modified-missing", "error", mode="verify",
      summary="An executed plan lists a file in `files_modified` that does not exist.",
      what="""
         Only plans with a SUMMARY next to them (executed). Entries the plan says it deletes or
         moves are reported as info.
      """,
      why="After execution every modified file should be in the tree; otherwise the path is wrong.",
      bad=EXECUTED_PLAN + "files_modified: [src/gone.py]\n---\n# Plan\n",
      at=(4, 18),
      example_path=".planning/phases/01-parser/01-01-PLAN.md",
      good=EXECUTED_PLAN + "files_modified: [src/parser.py, src/cli.py]\n---\n# Plan\n")
def files_modified_missing(doc, ctx):
    return findings_for("PP520", doc, ctx)


@rule("PP521", "context-reference-missing", "warning", mode="verify",
      summary="An `@path` reference in <context> does not exist.",
      what="""
         `@path` lines in `<context>`/`<execution_context>` are files the executor reads first.
         Import aliases (`@/lib/...`) are not files; home-directory paths are PP507.
      """,
      why="A plan executed against missing context works from a wrong picture of the code.",
      bad="""
         ---
         phase: "01"
         ---
         <context>
         @src/planproof_example_missing_context.py
         </context>
      """,
      at=(5, 1),
      good="""
         ---
         phase: "01"
         ---
         <context>
         @/lib/alias
         </context>
      """)
def context_reference_missing(doc, ctx):
    return findings_for("PP521", doc, ctx)


@rule("PP522", "key-file-missing", "error", mode="verify", example_path="01-01-SUMMARY.md",
      summary="A SUMMARY's key-files created/modified entry does not exist.",
      what="Both spellings, `key-files` and `key_files`; `path - description` entries use the path.",
      why="A SUMMARY is the record of what was built; a wrong path misleads every later phase.",
      bad="""
         ---
         key-files:
           created:
             - src/planproof_example_missing_file.py
         ---
      """,
      at=(4, 7),
      good=SOURCES + """
<!-- file: .planning/phases/01-parser/01-01-SUMMARY.md -->
---
key-files:
  created:
    - src/parser.py
---
""")
def key_file_missing(doc, ctx):
    return findings_for("PP522", doc, ctx)
