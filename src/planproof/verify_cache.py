"""The verify cache: what `verify` may know about a document from its bytes alone, kept across
runs.

The findings of lint-scope document rules depend only on the document's bytes, its path and the
settings (that is what the lint cache relies on too). `run_cached` keeps them, with the
document's facts (claims/verifiable.py: whether it holds a PP6xx candidate claim), in the lint
cache folder under keys of their own. Verify-scope rules (PP5xx: the working tree, git, history)
and every tree rule (coverage data, JUnit files) run on every run: a verdict about the repository
never comes from the cache.
"""

from __future__ import annotations

from planproof.claims.verifiable import FACT
from planproof.planning.scope import ReadScope


def run_cached(sources, settings, store, scanned: ReadScope = ReadScope()):
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
                FACT: doc.coverage_relevant})
    store.flush()
    return engine.finish(checked, settings, "verify", scanned)


def _valid(entry: dict | None) -> dict | None:
    if entry is None or not isinstance(entry.get("findings"), list):
        return None
    return entry if isinstance(entry.get(FACT), bool) else None


def _lint_scope_codes() -> frozenset[str]:
    from planproof.rules import all_rules

    return frozenset(code for code, rule in all_rules().items() if rule.mode == "lint")
