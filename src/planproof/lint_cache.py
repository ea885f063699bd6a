"""The lint cache: a run's findings answered from `.planproof_cache` when nothing changed.

Two levels, both keyed on planproof's code and the settings (`cache.settings_key`): the whole
run (every document's bytes, what the walk read and left out, the tree's `config.json`), and
each document (its path and bytes) for the document rules when the whole run missed. Tree
rules and suppressions always run again on a partial hit. `verify_cache` is the verify twin.
"""

from __future__ import annotations

import hashlib

from planproof import cache, engine
from planproof import document as document_module
from planproof.config import Settings
from planproof.discovery import Source
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


def run_cached(sources: list[Source], settings: Settings, mode: str, store,
               scanned: ReadScope) -> Result:
    base = cache.settings_key(settings, mode)
    raw = [document_module.read_bytes(s.abspath, settings.max_file_size) for s in sources]
    keys = [cache.document_key(base, f"{s.path}\0{size}", data) for s, (data, size) in zip(sources, raw)]
    configs = [path + "\0" + hashlib.sha256(data).hexdigest() for path, data in config_files([s.abspath for s in sources], scanned)]
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
