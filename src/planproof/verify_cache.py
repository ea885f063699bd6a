"""What `verify` may know about a document from its bytes alone, computed where the document is
read (in the worker that checked it) and cached across runs.

- Coverage and test-result claims (PP6xx) are judged by tree rules in the parent process, which
  used to parse the markdown body of every document of the run, one after the other. Whether a
  document holds such a claim at all depends only on its bytes: the worker that read it finds
  out (`note_facts`), and the tree rules skip the documents that hold none (`coverage_relevant`).
- The findings of lint-scope document rules depend only on the document's bytes, its path and the
  settings (that is what the lint cache relies on too). `run_cached` keeps them, with the facts
  above, in the lint cache folder under keys of their own. Verify-scope rules (PP5xx: the working
  tree, git, history) and every tree rule (coverage data, JUnit files) run on every run: a verdict
  about the repository never comes from the cache.
"""

from __future__ import annotations

import re

from planproof import lazyre

# A coverage claim is a percentage ("%") with the word "cover" in its context; a test-result claim
# (judged only when JUnit files are given) says "pass". YAML escapes could spell any of them in
# frontmatter without the characters in the text: such frontmatter is read decoded.
_COVER = lazyre.compile(r"cover", re.I)
_PASS = lazyre.compile(r"pass", re.I)
FACT = "coverage_relevant"


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


def _compute(doc, tests: bool) -> bool:
    if getattr(doc, "skipped", False) or not _may_hold(doc, tests):
        return False
    from planproof.rules.coverage_claims import DocContext, coverage_claims, test_claims

    context = DocContext(doc)
    return bool(coverage_claims(doc, context)) or (tests and bool(test_claims(doc, context)))


def note_facts(doc, settings) -> None:
    """Record the facts on the document (they travel with it back from a worker)."""
    doc.__dict__[FACT] = _compute(doc, bool(settings.junit))


def coverage_relevant(doc, settings) -> bool:
    """Whether `doc` holds a coverage claim, or a test-result claim when JUnit files are given
    (the candidates of the PP6xx tree rules)."""
    known = doc.__dict__.get(FACT) if hasattr(doc, "__dict__") else None
    if known is None:
        known = _compute(doc, bool(settings.junit))
    return known
