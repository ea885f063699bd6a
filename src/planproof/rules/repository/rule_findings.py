"""What each PP5xx document rule reports: its code's share of the document's one pass.

The pass (when_written.py and the judges it runs) is imported on the first verify check, not when
the rules are declared: `planproof rules` and lint never load it.
"""

from __future__ import annotations


def findings_for(code: str, doc, ctx) -> list:
    """The violations of rule `code` in `doc`, from the outcomes computed once per document."""
    if doc.skipped:
        return []
    from planproof.rules.repository.when_written import document_outcomes  # verify only

    return document_outcomes(doc, ctx).get(code)
