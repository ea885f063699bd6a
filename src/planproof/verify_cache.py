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


def note_facts(doc, settings, known: bool | None = None) -> None:
    """Record the facts on the document (they travel with it back from a worker)."""
    doc.__dict__[FACT] = _compute(doc, bool(settings.junit)) if known is None else known


def coverage_relevant(doc, settings) -> bool:
    """Whether `doc` holds a coverage claim, or a test-result claim when JUnit files are given
    (the candidates of the PP6xx tree rules)."""
    known = doc.__dict__.get(FACT) if hasattr(doc, "__dict__") else None
    if known is None:
        known = _compute(doc, bool(settings.junit))
    return known


# --- the cache ---------------------------------------------------------------------------------

def run_cached(sources, settings, store, scanned: tuple[str, ...] = ()):
    """verify, with the lint-scope findings and the facts of unchanged documents from `store`.

    Verify-scope document rules run on every document and tree rules on the whole run, as
    without a cache; a document's cached part is keyed by its path and bytes, planproof's code
    and the settings (cache.settings_key), and written only when no rule failed on it.
    """
    from planproof import cache, engine
    from planproof.document import read_bytes

    base = cache.settings_key(settings, "verify")
    keys = []
    for source in sources:
        data, size = read_bytes(source.abspath, settings.max_file_size)
        keys.append(cache.document_key(base, f"{source.path}\0{size}", data))
    entries = [_valid(store.get_document(key)) for key in keys]
    known = {s.path: e[FACT] for s, e in zip(sources, entries) if e is not None}
    checked = engine.check_sources(sources, settings, "verify", known)
    lint_scope = _lint_scope_codes()
    for index, (doc, findings) in enumerate(checked):
        entry = entries[index]
        if entry is not None:
            cached = [cache.finding_from_json(f) for f in entry["findings"]]
            checked[index] = (doc, cached + findings)
        elif not any(f.code == "PP000" for f in findings):
            store.put_document(keys[index], {
                "findings": [f.to_dict() for f in findings if f.code in lint_scope],
                FACT: doc.__dict__[FACT]})
    store.flush()
    return engine.finish(checked, settings, "verify", scanned)


def _valid(entry: dict | None) -> dict | None:
    if entry is None or not isinstance(entry.get("findings"), list):
        return None
    return entry if isinstance(entry.get(FACT), bool) else None


def _lint_scope_codes() -> frozenset[str]:
    from planproof.rules import all_rules

    return frozenset(code for code, rule in all_rules().items() if rule.mode == "lint")
