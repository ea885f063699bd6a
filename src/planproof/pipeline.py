"""A whole run, from paths to a `Result`: discover the files, answer from the cache what it may
hold, check the rest (`engine`), then the tree rules and suppressions (`engine.finish`).

Lint results are cached by document and by run (`lint_cache`); verify caches only what depends
on a document's bytes (`verify_cache`): its verdicts on the repository are recomputed every run.
"""

from __future__ import annotations

from planproof import engine
from planproof.config import Settings
from planproof.discovery import survey
from planproof.engine import Result


def run(paths: list[str], settings: Settings | None = None, mode: str = "lint") -> Result:
    """Lint (or verify) the files under `paths` and return every finding, sorted."""
    settings = settings or Settings()
    found = survey(paths, settings.exclude, settings.respect_gitignore)
    sources, scanned = found.sources, found.scope
    if settings.cache and sources:  # nothing read: nothing written
        from planproof import cache, lint_cache, verify_cache  # imports a --no-cache run skips

        store = cache.Cache(cache.default_directory(settings))
        if mode == "verify":
            return verify_cache.run_cached(sources, settings, store, scanned)
        return lint_cache.run_cached(sources, settings, mode, store, scanned)
    return engine.finish(engine.check_sources(sources, settings, mode), settings, mode, scanned)
