"""A whole run, from paths to a `Result`: discover the files, answer from the cache what it may
hold, check the rest (`engine`), then the tree rules and suppressions (`engine.finish`).

Lint results are cached by document and by run (`cache`); verify caches only what depends on a
document's bytes (`verify_cache`): its verdicts on the repository are recomputed every run.
"""

from __future__ import annotations

import hashlib

from planproof import cache, engine, verify_cache
from planproof import document as document_module
from planproof.config import Settings
from planproof.discovery import Source, survey
from planproof.engine import Result
from planproof.findings import Finding
from planproof.planning.config import config_files
from planproof.planning.scope import ReadScope


class CachedDocument:
    """A document answered from the run cache: path and kind at hand, the rest read on first use."""

    def __init__(self, source: Source, kind: str, max_file_size: int) -> None:
        self.path, self.abspath, self.kind = source.path, source.abspath, kind
        self._max_file_size = max_file_size

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "_real":
            raise AttributeError(name)
        if "_real" not in self.__dict__:
            self._real = document_module.load(self.path, self.abspath, self._max_file_size)
        return getattr(self._real, name)


def _lint_cached(sources: list[Source], settings: Settings, mode: str, store,
                 scanned: ReadScope) -> Result:
    base = cache.settings_key(settings, mode)
    raw = [document_module.read_bytes(s.abspath, settings.max_file_size) for s in sources]
    keys = [cache.document_key(base, f"{s.path}\0{size}", data) for s, (data, size) in zip(sources, raw)]
    configs = [path + "\0" + hashlib.sha256(data).hexdigest() for path, data in config_files(scanned)]
    # tree rules depend on what was walked and on what the walk left out
    whole_run = cache.run_key(base, keys + scanned.cache_key() + configs)
    entry = store.get_run(whole_run)
    if entry is not None and len(entry.get("kinds", ())) == len(sources):
        documents = [CachedDocument(s, kind, settings.max_file_size)
                     for s, kind in zip(sources, entry["kinds"])]
        return Result(documents, [cache.finding_from_json(f) for f in entry["findings"]])
    checked: list = [None] * len(sources)
    misses = []
    for index, (source, (data, size), key) in enumerate(zip(sources, raw, keys)):
        hit = store.get_document(key)
        if hit is None or not isinstance(hit.get("findings"), list):
            misses.append(index)
            continue
        doc = document_module.from_bytes(source.path, source.abspath, data, size,
                                         settings.max_file_size)
        checked[index] = (doc, [cache.finding_from_json(f) for f in hit["findings"]])
    for index, pair in zip(misses, engine.check_sources([sources[i] for i in misses], settings, mode)):
        checked[index] = pair
        if not any(f.code == "PP000" for f in pair[1]):
            store.put_document(keys[index], {"findings": [f.to_dict() for f in pair[1]]})
    store.flush()
    result = engine.finish(checked, settings, mode, scanned)
    if store.refused and "PP050" in engine.Selection(settings, mode).enabled:
        result.findings.append(cache.refusal(store.directory, store.refused))
        result.findings.sort(key=Finding.sort_key)
    if not any(f.code == "PP000" for f in result.findings):
        store.put_run(whole_run, {"kinds": [d.kind for d in result.documents],
                                  "findings": [f.to_dict() for f in result.findings]})
    return result


def run(paths: list[str], settings: Settings | None = None, mode: str = "lint") -> Result:
    """Lint (or verify) the files under `paths` and return every finding, sorted."""
    settings = settings or Settings()
    found = survey(paths, settings.exclude, settings.respect_gitignore)
    sources, scanned = found.sources, found.scope
    if settings.cache and sources:  # nothing read: nothing written
        store = cache.Cache(cache.default_directory(settings))
        if mode == "verify":
            return verify_cache.run_cached(sources, settings, store, scanned)
        return _lint_cached(sources, settings, mode, store, scanned)
    return engine.finish(engine.check_sources(sources, settings, mode), settings, mode, scanned)
