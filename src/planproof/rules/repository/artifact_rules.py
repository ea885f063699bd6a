"""PP501-PP507: the rules about artifacts and the paths a document writes (judged in
artifacts.py and locating.py)."""

from __future__ import annotations

from planproof.rules import rule
from planproof.rules.examples import artifact
from planproof.rules.repository.rule_findings import findings_for

_PLAN = """
    ---
    phase: "01"
    plan: "01"
    must_haves:
      artifacts:
        - path: {path}
          provides: {provides}
    ---
    # Plan
"""


@rule("PP501", "artifact-missing", "error", mode="verify",
      summary="An artifact the document names does not exist (or is not a file).",
      what="""
         Resolves every `must_haves.artifacts[].path` of a PLAN (and `gaps[].artifacts[].path` of a
         VERIFICATION, unless the gap's issue says the file is missing) against the root and
         reports paths that are not there, or that are directories where content is claimed.
         Plans without a SUMMARY next to them are not executed yet: reported as info.
      """,
      why="""
         "All artifacts verified" means nothing if the files are not there. The reference checker
         exits 0 for "file not found"; planproof makes it a failing finding with the resolved path.
      """,
      bad=_PLAN.format(path="src/planproof_example_missing_module.py", provides="the parser"),
      at=(6, 13),
      good=_PLAN.format(path="'.'", provides="the repository root (always exists)"))
def artifact_missing(doc, ctx):
    return findings_for("PP501", doc, ctx)


@rule("PP502", "artifact-content-missing", "error", mode="verify",
      summary="An artifact does not contain the text its `contains` promises.",
      what="""
         `contains` is a literal substring (as in the reference workflow). When the literal text is
         absent but the value matches as a regular expression, the finding is a warning with a hint
         to move it to a key link `pattern`.
      """,
      why="A file that exists but lacks the promised code is a stub; existence alone proves little.",
      bad=artifact(contains="'def create_parser'"),
      at=(7, 17),
      example_path=".planning/phases/01-parser/01-01-PLAN.md",
      good=artifact(contains="'def parse'"))
def artifact_content_missing(doc, ctx):
    return findings_for("PP502", doc, ctx)


@rule("PP503", "artifact-too-short", "error", mode="verify",
      summary="An artifact has fewer lines than its `min_lines`.",
      what="Counts lines exactly as `wc -l` (newline characters) and compares with `min_lines`.",
      why="A 3-line file where 200 were planned is a placeholder, not the deliverable.",
      bad=artifact(min_lines="200"),
      at=(7, 18),
      example_path=".planning/phases/01-parser/01-01-PLAN.md",
      good=artifact(min_lines="5"))
def artifact_too_short(doc, ctx):
    return findings_for("PP503", doc, ctx)


@rule("PP504", "artifact-export-missing", "error", mode="verify",
      summary="An artifact does not export a name listed in its `exports`.",
      what="""
         Python via `ast` (top-level functions, classes, assignments, imports, literal `__all__`);
         TypeScript/JavaScript, Go and Rust by their export syntax; other files by whole-word search.
         When a name is in the file but not exported, or the file re-exports names planproof cannot
         list (`export *`, star imports), the finding is a warning.
      """,
      why="Other plans import these names; a missing export breaks them at run time.",
      bad=artifact(exports="[Parser]"),
      at=(7, 17),
      example_path=".planning/phases/01-parser/01-01-PLAN.md",
      good=artifact(exports="[Lexer, parse]"))
def artifact_export_missing(doc, ctx):
    return findings_for("PP504", doc, ctx)


@rule("PP505", "no-checkable-artifacts", "warning", mode="verify",
      summary="An artifact list yields nothing that can be checked.",
      what="""
         `must_haves.artifacts` is empty (info), or none of its entries has a usable `path` (bare
         strings, missing paths, paths outside the root).
      """,
      why="""
         The reference checker reports "all passed, total 0" for such lists. Nothing checked is not
         a pass: planproof says so.
      """,
      bad="""
         ---
         must_haves:
           artifacts:
             - "the parser module"
         ---
      """,
      at=(4, 5),
      good="""
         ---
         must_haves:
           truths:
             - "parsing works"
         ---
      """)
def no_checkable_artifacts(doc, ctx):
    return findings_for("PP505", doc, ctx)


@rule("PP506", "unsafe-path", "warning", mode="verify",
      summary="A path leaves the repository root and was not read.",
      what="""
         Absolute paths, `..` escapes, NUL bytes, symbolic links that lead outside the root and
         symbolic link loops are refused: planproof never reads outside the root. The evidence
         names the reason.
      """,
      why="""
         A planning document must not make a checker read `/etc/passwd` or follow a link out of the
         checkout; and a claim about a file outside the repository cannot be verified in CI.
      """,
      bad=_PLAN.format(path="../../../../etc/passwd", provides="nothing good"),
      at=(6, 13),
      good=_PLAN.format(path="'.'", provides="the repository root"))
def unsafe_path(doc, ctx):
    return findings_for("PP506", doc, ctx)


@rule("PP507", "machine-specific-path", "info", mode="verify",
      summary="A reference points into a home directory; it is machine-specific and not read.",
      what="`~/...`, `$HOME/...`, `/Users/<name>/...` and `/home/<name>/...` paths are not read.",
      why="Such files exist on one machine only; CI and colleagues cannot see them.",
      bad="""
         ---
         phase: "01"
         ---
         <context>
         @/Users/someone/.claude/workflows/execute-plan.md
         </context>
      """,
      at=(5, 1),
      good="""
         ---
         phase: "01"
         ---
         <context>
         @/lib/utils
         </context>
      """)
def machine_specific_path(doc, ctx):
    return findings_for("PP507", doc, ctx)
