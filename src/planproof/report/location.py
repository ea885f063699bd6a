"""Paths as CI systems want them: relative to the repository root, with forward slashes.

The root is the git work tree that contains the run's root (`--root`, else the working
directory), so a `verify --root services/api` in a monorepo still reports paths GitHub can
place; outside any git work tree it is the run's root itself.
"""

from __future__ import annotations

import os
from pathlib import Path


def root_of(options) -> str:
    from planproof.evidence.git import find_git_top

    base = os.path.abspath(options.root or os.getcwd())
    return find_git_top(base) or base


def relative_path(path: str, root: str) -> str | None:
    """`path` relative to `root` with `/` separators, or None when it lies outside `root`."""
    relative = os.path.relpath(os.path.abspath(path), root)
    if relative == ".." or relative.startswith(".." + os.sep) or os.path.isabs(relative):
        return None
    return Path(relative).as_posix()


def display_path(path: str, root: str) -> str:
    """Relative to the root when inside it, else absolute (for annotations and test reports)."""
    return relative_path(path, root) or Path(os.path.abspath(path)).as_posix()
