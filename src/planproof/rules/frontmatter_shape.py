"""PP2xx: frontmatter checked against the JSON Schema of its kind (built-in or custom): values,
required keys, key spellings, numbers written for strings.

One validation pass per document (`planproof.schema.frontmatter_check`) feeds every rule here;
jsonschema is imported only for documents whose frontmatter the compiled check rejects, or whose
kind has a custom schema.
"""

from __future__ import annotations

from planproof.rules import rule


def _found(doc, ctx, code: str):
    """The violations of `code` from the document's one schema pass (imported on first use:
    rule modules stay cheap to import)."""
    from planproof.schema.frontmatter_check import schema_findings

    return schema_findings(doc, ctx)[code]


@rule("PP201", "invalid-value", "error",
      summary="A frontmatter value has the wrong type, is not an allowed value, or is malformed.",
      what="""
         Validates the frontmatter of PLAN, SUMMARY, VERIFICATION, UAT and STATE documents
         against their JSON Schema (see `planproof schema KIND`; custom schemas from
         `--schema KIND=PATH` or `[tool.planproof.schemas]` replace the built-in one). Each
         problem is reported at the line and column of the offending value, in words:
         "status must be one of passed, gaps_found, human_needed; got 'verified'". Off-enum
         gap statuses (VERIFICATION) and UAT statuses are warnings; everything else is an error.
      """,
      why="""
         The workflow's tools read these values: an unknown status, a score that is not N/M or
         a wave that is not a number silently changes what they decide.
      """,
      bad="""
         ---
         phase: "12"
         verified: 2026-03-30T17:00:00Z
         status: verified
         score: 5/5 must-haves verified
         ---
         # Phase 12 verification
      """,
      at=(4, 9),
      good="""
         ---
         phase: "12"
         verified: 2026-03-30T17:00:00Z
         status: passed
         score: 5/5 must-haves verified
         ---
         # Phase 12 verification
      """,
      example_path="12-VERIFICATION.md")
def invalid_value(doc, ctx):
    return _found(doc, ctx, "PP201")


@rule("PP202", "missing-required-key", "error",
      summary="A key the document kind requires is missing from the frontmatter.",
      what="""
         Reports each required key that is absent, at the opening `---` (or at the parent key
         for nested entries such as an artifact without `path`). Documents without any
         frontmatter are not checked. A PLAN requires phase, plan, type, wave, depends_on,
         files_modified and autonomous; a VERIFICATION phase and status; a UAT phase and
         status; a SUMMARY phase. Quick tasks (`quick/`, `quick-archive/`, or frontmatter
         `type: quick`, `quick_id`, `task_id`) have their own shape and are not asked for the
         top-level keys of a phase plan.
      """,
      why="""
         Without `wave` or `depends_on` a plan cannot be scheduled; an artifact without `path`
         gives verification nothing to check, and an empty check must never read as a pass.
      """,
      bad="""
         ---
         phase: "01"
         plan: "01"
         type: execute
         depends_on: []
         files_modified: [src/app.py]
         autonomous: true
         ---
         # Plan
      """,
      at=(1, 1),
      good="""
         ---
         phase: "01"
         plan: "01"
         type: execute
         wave: 1
         depends_on: []
         files_modified: [src/app.py]
         autonomous: true
         ---
         # Plan
      """)
def missing_required_key(doc, ctx):
    return _found(doc, ctx, "PP202")


@rule("PP203", "unknown-key", "warning",
      summary="An unknown frontmatter key that looks like a misspelt known key (did you mean).",
      what="""
         Extra keys are allowed: real teams add their own (`decisions`, `metrics`, ...). A key
         is reported only when it is close to a key the schema knows at the same place
         (`must_have` -> `must_haves`, `depends-on` -> `depends_on`, `min_line` -> `min_lines`)
         and that known key is not also present.
      """,
      why="Tools ignore keys they do not know: a misspelt `must_have` means nothing is verified.",
      bad="""
         ---
         phase: "01"
         plan: "01"
         type: execute
         wave: 1
         depends_on: []
         files_modified: [src/app.py]
         autonomous: true
         must_have:
           truths: ["The app starts"]
         ---
         # Plan
      """,
      at=(9, 1),
      good="""
         ---
         phase: "01"
         plan: "01"
         type: execute
         wave: 1
         depends_on: []
         files_modified: [src/app.py]
         autonomous: true
         must_haves:
           truths: ["The app starts"]
           artifacts: [{path: src/app.py}]
         ---
         # Plan
      """)
def unknown_key(doc, ctx):
    return _found(doc, ctx, "PP203")


@rule("PP204", "key-spelling-variant", "info",
      summary="An accepted variant spelling of a key (`key_files`); the canonical one is advised.",
      what="""
         SUMMARY frontmatter is written with `key-files`, `tech-stack`, `key-decisions`,
         `patterns-established`, `requirements-completed` by the workflow's template; many
         teams write the underscore forms. Both are accepted and validated; this advises the
         canonical spelling.
      """,
      why="Tools that read only the canonical key will not see the variant's value.",
      bad="""
         ---
         phase: "03"
         plan: "01"
         key_files:
           created: [src/app.py]
         ---
         # Summary
      """,
      at=(4, 1),
      good="""
         ---
         phase: "03"
         plan: "01"
         key-files:
           created: [src/app.py]
         ---
         # Summary
      """,
      example_path="03-01-SUMMARY.md", default=False)
def key_spelling_variant(doc, ctx):
    return _found(doc, ctx, "PP204")


@rule("PP205", "number-not-string", "info",
      summary="`phase` or `plan` is written as a number; the canonical form is a quoted string.",
      what="""
         `plan: 01` is read by YAML as the number 1, `plan: 08` as the text "08" and
         `plan: 010` as the number 8. Numbers are accepted; this advises quoting.
      """,
      why="""
         Plan ids are compared as text ("05-04"); unquoted numbers with leading zeros change
         value depending on their digits.
      """,
      bad="""
         ---
         phase: "01"
         plan: 01
         type: execute
         wave: 1
         depends_on: []
         files_modified: [src/app.py]
         autonomous: true
         ---
         # Plan
      """,
      at=(3, 7),
      good="""
         ---
         phase: "01"
         plan: "01"
         type: execute
         wave: 1
         depends_on: []
         files_modified: [src/app.py]
         autonomous: true
         ---
         # Plan
      """, default=False)
def number_not_string(doc, ctx):
    return _found(doc, ctx, "PP205")
