"""Was this folder read completely? The one answer every rule that reports a missing file asks.

A rule may say "phase 5 has no plan 05-01" only when the run saw every planning file of the
folder: the folder lies inside a directory the run walked, and neither `--exclude` nor
`.gitignore` (`--respect-gitignore`) left a planning file or a sub-folder of it out.
"""

from __future__ import annotations

import os


def is_under(path: str, folder: str) -> bool:
    """`path` is `folder` or lies below it (both absolute)."""
    folder = folder.rstrip(os.sep)
    return path == folder or path.startswith(folder + os.sep)


def is_under_any(path: str, folders) -> bool:
    return any(is_under(path, folder) for folder in folders)


class ReadScope(tuple):
    """What a run read: its items are the absolute directories it walked (a plain tuple of
    them means nothing was left out); `partial` are folders inside them that the walk did not
    take in full (a planning file or a sub-folder was excluded or git-ignored), `skipped` the
    sub-folders it did not enter at all."""

    partial: frozenset[str]
    skipped: tuple[str, ...]

    def __new__(cls, walked=(), partial=(), skipped=()) -> ReadScope:
        scope = super().__new__(cls, walked)
        scope.partial = frozenset(partial)
        scope.skipped = tuple(skipped)
        return scope

    def __reduce__(self):
        return ReadScope, (tuple(self), self.partial, self.skipped)


def read_completely(scanned, folder: str) -> bool:
    """Whether the run saw every planning file of `folder` (absolute): only then is a file
    missing from the run's documents missing from the folder."""
    folder = os.path.normpath(folder)
    if not is_under_any(folder, scanned):
        return False
    return folder not in getattr(scanned, "partial", ()) \
        and not is_under_any(folder, getattr(scanned, "skipped", ()))
