"""Whether a document holds a claim that coverage or JUnit data can check: the candidates of the
PP6xx rules.

Those rules judge the whole run in the parent process; parsing every document's body there, one
after the other, is what they used to cost. Whether a document holds such a claim depends only on
its bytes, so the worker that read it finds out (`note_facts`) and the answer travels back with
the document (and into the verify cache); the rules then skip the documents that hold none
(`coverage_relevant`).
"""

from __future__ import annotations

import re

from planproof import lazyre

# A coverage claim is a percentage ("%") with the word "cover" in its context; a test-result claim
# (judged only when JUnit files are given) says "pass". YAML escapes could spell any of them in
# frontmatter without the characters in the text: such frontmatter is read decoded.
_COVER = lazyre.compile(r"cover", re.I)
_PASS = lazyre.compile(r"pass", re.I)
FACT = "coverage_relevant"  # its key in the verify cache


def note_facts(doc, settings, known: bool | None = None) -> None:
    """Record the fact on the document (`Document.coverage_relevant`, which travels back with it
    from a worker); `known`: the verify cache's answer."""
    doc.coverage_relevant = _compute(doc, bool(settings.junit)) if known is None else known


def coverage_relevant(doc, settings) -> bool:
    """Whether `doc` holds a coverage claim, or a test-result claim when JUnit files are given."""
    if doc.coverage_relevant is None:
        return _compute(doc, bool(settings.junit))
    return doc.coverage_relevant


def _compute(doc, tests: bool) -> bool:
    if doc.skipped or not _may_hold(doc, tests):
        return False
    from planproof.claims.coverage import coverage_claims
    from planproof.claims.test_results import test_claims

    return bool(coverage_claims(doc)) or (tests and bool(test_claims(doc)))


def _may_hold(doc, tests: bool) -> bool:
    text = doc.text
    frontmatter = doc.frontmatter
    if frontmatter.present and "\\" in "\n".join(doc.lines[:doc.body_start_line - 1]):
        if frontmatter.data is None:
            return True  # unreadable YAML is recovered piecewise: let the claims tell
        text = text + repr(frontmatter.data)
    if "%" in text and _COVER.search(text):
        return True
    return tests and bool(_PASS.search(text))
