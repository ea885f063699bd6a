"""PP890: suppression comments that suppress nothing (the engine reports it: see suppress.py)."""

from __future__ import annotations

from planproof.rules import rule


@rule("PP890", "unused-suppression", "warning",
     summary="A planproof-disable comment suppresses nothing, or cannot be understood.",
     what="""
        After every rule has run, each suppression comment (`<!-- planproof-disable ... -->`,
        `-enable`, `-disable-next-line`, `-disable-line`, `-disable-file`, or
        `# planproof-disable-next-line ...` / `# planproof-disable-line ...` inside frontmatter)
        is checked: a code that matched no finding in its range is reported, as is a code that
        names no rule, an `enable` with no open `disable`, and a misspelled directive. A
        suppression is only called unused when every rule it names ran on the document: a
        comment for a `verify` rule is not reported by `planproof lint`, and one for a
        planning-tree (PP7xx) rule only when the document's directory was read as a whole.
     """,
     why="""
        A suppression outlives the finding it was written for: when the claim is fixed, the
        comment stays and silently hides the next real problem on that line. A misspelled
        directive hides nothing while its author believes it does.
     """,
     bad="""
        ---
        phase: "01"
        ---
        <!-- planproof-disable-next-line PP111 -->
        # Plan
     """,
     at=(4, 1),
     good="""
        ---
        verified: 2025-01-01
        status: passed
        # planproof-disable-next-line PP111 -- the first date is kept for the audit trail
        verified: 2025-02-01
        ---
     """)
def _reported_by_engine(doc, ctx):
    return ()  # planproof.suppress.apply reports PP890 once every other rule has run
