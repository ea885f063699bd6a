"""PP0xx: problems of the run itself, not of a document's content.

A rule that crashed (PP000) and a cache (PP050) the engine reports itself; a planning folder
that leads outside the repository (PP051) is recorded when the document is read. None of them
is found by looking at a document's text.
"""

from __future__ import annotations

from planproof.rules import rule


@rule("PP000", "internal-error", "error",
      summary="A rule raised an exception; the run continued without it.",
      what="""
         Reported by the engine when a rule fails with an exception on a document. The finding
         names the rule and the file; the other rules still run and the exit code is 2.
      """,
      why="""
         A crash in one check must not hide every other finding, and it must not pass silently
         either: exit code 2 tells CI that the result is incomplete. Run with --debug to see
         the traceback, and report it.
      """,
      bad="(no document triggers this on purpose)",
      good="---\nphase: '01'\n---\n# Any document\n")
def internal_error(doc, ctx):
    return ()  # the engine reports PP000 itself when a rule raises


@rule("PP050", "cache-refused", "warning",
      summary="The lint cache folder is a symbolic link or holds one; it was neither read nor written.",
      what="""
         The cache folder (`.planproof_cache/`, or `--cache-dir`), its `.gitignore`, `v1`,
         `v1/runs` and `v1/docs` must be plain folders and files. When one of them is a symbolic
         link or something else, or the cache key in the user's cache folder is unusable, the
         run is checked without the cache and this finding says why.
      """,
      why="""
         A pull request can commit a cache folder. Followed, a link there would make lint write,
         create or delete files outside the repository. The verdict is unaffected: everything
         was checked.
      """,
      bad="(a committed .planproof_cache that is a symbolic link)",
      good="---\nphase: '01'\n---\n# Plan\n")
def cache_refused(doc, ctx):
    return ()  # the engine reports a refused cache itself


@rule("PP051", "planning-folder-outside", "error",
      summary="A folder to check is a symbolic link that leads outside the repository; not read.",
      what="""
         When the planning folder (`.planning`, or a folder given on the command line inside the
         current directory) is a symbolic link whose target lies outside the current directory,
         it is reported and none of its files are read or quoted.
      """,
      why="""
         A pull request can replace `.planning` with a link to any folder on the CI machine;
         following it would quote files from outside the repository in the report.
      """,
      bad="(a committed .planning that links to /etc)",
      good="---\nphase: '01'\n---\n# Plan\n")
def planning_folder_outside(doc, ctx):
    return doc.recorded("PP051")
