"""Paths as CI systems want them: relative to the repository root, with forward slashes.

The root is the git work tree that contains the run's root (`--root`, else the working
directory), so a `verify --root services/api` in a monorepo still reports paths GitHub can
place; outside any git work tree it is the run's root itself.
"""

from __future__ import annotations

import os
from pathlib import Path


def repository_root(start: str) -> str | None:
    """The nearest folder at or above `start` holding `.git` (a directory, or a worktree file)."""
    folder = start
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def root_of(options) -> str:
    base = os.path.abspath(options.root or os.getcwd())
    return repository_root(base) or base


def relative_path(path: str, root: str) -> str | None:
    """`path` relative to `root` with `/` separators, or None when it lies outside `root`."""
    relative = os.path.relpath(os.path.abspath(path), root)
    if relative == ".." or relative.startswith(".." + os.sep) or os.path.isabs(relative):
        return None
    return Path(relative).as_posix()


def display_path(path: str, root: str) -> str:
    """Relative to the root when inside it, else absolute (for annotations and test reports)."""
    return relative_path(path, root) or Path(os.path.abspath(path)).as_posix()
