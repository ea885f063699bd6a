"""Was this folder read completely? The one answer every rule that reports a missing file asks.

A rule may say "phase 5 has no plan 05-01" only when the run saw every planning file of the
folder: the folder lies inside a directory the run walked, and neither `--exclude` nor
`.gitignore` (`--respect-gitignore`) left a planning file or a sub-folder of it out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


def is_under(path: str, folder: str) -> bool:
    """`path` is `folder` or lies below it (both absolute)."""
    folder = folder.rstrip(os.sep)
    return path == folder or path.startswith(folder + os.sep)


def is_under_any(path: str, folders) -> bool:
    return any(is_under(path, folder) for folder in folders)


@dataclass(frozen=True)
class ReadScope:
    """What a run read: `walked` are the absolute directories it walked, `partial` folders inside
    them that the walk did not take in full (a planning file or a sub-folder was excluded or
    git-ignored), `skipped` the sub-folders it did not enter at all. The empty scope (a single
    document, stdin) read no folder completely."""

    walked: tuple[str, ...] = ()
    partial: frozenset[str] = frozenset()
    skipped: tuple[str, ...] = ()

    def walked_into(self, path: str) -> bool:
        """`path` (absolute) lies in a directory the run walked."""
        return is_under_any(path, self.walked)

    def cache_key(self) -> list[str]:
        """Everything the scope says, in a stable order: tree findings depend on it."""
        return [*self.walked, *sorted(self.partial), *self.skipped]


def read_completely(scope: ReadScope, folder: str) -> bool:
    """Whether the run saw every planning file of `folder` (absolute): only then is a file
    missing from the run's documents missing from the folder."""
    folder = os.path.normpath(folder)
    return scope.walked_into(folder) and folder not in scope.partial \
        and not is_under_any(folder, scope.skipped)
