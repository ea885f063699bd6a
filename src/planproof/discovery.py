"""Which files a run reads: explicit files, and every `*.md` below directories; and which
of the walked folders it read completely (`planning.scope.ReadScope`)."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from planproof.planning.scope import ReadScope

SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox", ".nox",
                "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".planproof_cache",
                "site-packages"}


class DiscoveryError(Exception):
    """A path given by the user does not exist (a usage error: exit 2)."""


@dataclass(frozen=True, slots=True)
class Source:
    path: str  # as the user will see it: relative paths stay relative
    abspath: str


def default_paths() -> list[str]:
    return [".planning"] if os.path.isdir(".planning") else ["."]


def excluded(display: str, patterns: list[str]) -> bool:
    if not patterns:
        return False
    posix = PurePosixPath(display.replace(os.sep, "/"))
    parts = posix.parts
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(str(posix), pattern) or posix.match(pattern):
            return True
        if any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
    return False


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _identity(path: str):
    """The same file reached by two paths (a symlink, overlapping arguments) is read once.
    One stat call: realpath would lstat every component of every path."""
    try:
        stat = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    return (stat.st_dev, stat.st_ino)


def outside_repository(path: str) -> str | None:
    """Where a folder to check leads when it is a symbolic link out of its repository (the git
    top-level above the link, else the current directory): such a folder is not read (PP051)."""
    if not os.path.islink(path):
        return None
    from planproof.evidence.git import find_git_top

    parent = os.path.dirname(os.path.abspath(path))
    top = os.path.realpath(find_git_top(parent) or os.getcwd())
    real = os.path.realpath(path)
    return None if os.path.commonpath([real, top]) == top else real


@dataclass
class Survey:
    """The files a run reads, and what it left out of the folders it walked."""

    sources: list[Source] = field(default_factory=list)
    walked: list[str] = field(default_factory=list)  # absolute
    partial: set[str] = field(default_factory=set)  # folders a planning file or sub-folder was left out of
    skipped: list[str] = field(default_factory=list)  # sub-folders excluded from the walk

    @property
    def scope(self) -> ReadScope:
        return ReadScope(tuple(self.walked), frozenset(self.partial), tuple(self.skipped))

    def leave_out(self, path: str, folder: bool = False) -> None:
        path = os.path.abspath(path)
        self.partial.add(os.path.dirname(path))
        if folder:
            self.skipped.append(path)


def discover(paths: list[str], exclude: list[str] | None = None,
             respect_gitignore: bool = False) -> list[Source]:
    """Files named in `paths`, and every `*.md` below the folders named there (those git
    ignores left out when `respect_gitignore`; a file named explicitly is always read)."""
    return survey(paths, exclude, respect_gitignore).sources


def survey(paths: list[str], exclude: list[str] | None = None,
           respect_gitignore: bool = False) -> Survey:
    """`discover`, and which folders the walk read completely."""
    exclude = exclude or []
    found: dict = {}
    result = Survey()
    for given in paths or default_paths():
        if not os.path.exists(given):
            raise DiscoveryError(f"path does not exist: {given}")
        if os.path.isdir(given) and outside_repository(given):  # reported by the reader: PP051
            found.setdefault(("refused", given), Source(given, os.path.abspath(given)))
        elif os.path.isdir(given):
            result.walked.append(os.path.abspath(given))
            walked = list(_walk(given, exclude, result))
            if respect_gitignore:
                from planproof.gitignore import ignored

                skipped = ignored(given, [source.abspath for source in walked])
                for path in skipped:
                    result.leave_out(path)
                walked = [s for s in walked if os.path.normpath(s.abspath) not in skipped]
            for source in walked:
                found.setdefault(_identity(source.abspath), source)
        elif not excluded(given, exclude):
            found.setdefault(_identity(given), Source(given, os.path.abspath(given)))
    result.sources = sorted(found.values(), key=lambda s: s.path)
    return result


def _leaves(path: str, top_real: str) -> bool:
    """A symlink found while walking `top` that resolves outside it (like a symlinked folder,
    which os.walk does not follow either): not read, so nothing outside the tree is."""
    if not os.path.islink(path):
        return False
    real = os.path.realpath(path)
    return os.path.commonpath([real, top_real]) != top_real


def walk_folders(top: str):
    """os.walk (top-down, symlinked folders listed but not entered, unreadable folders skipped)
    without recursion: before Python 3.12 os.walk recursed, and a tree 1,000 folders deep
    raised RecursionError."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        dirs, files, links = [], [], set()
        for entry in entries:
            try:
                is_dir = entry.is_dir()
                if is_dir and entry.is_symlink():
                    links.add(entry.name)
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry.name)
        yield folder, dirs, files
        stack.extend(os.path.join(folder, d) for d in reversed(dirs) if d not in links)


def _walk(top: str, exclude: list[str], survey: Survey):
    top_real = os.path.realpath(top)
    for folder, dirs, files in walk_folders(top):
        entered = []
        for name in sorted(dirs):
            path = os.path.join(folder, name)
            if name in SKIPPED_DIRS or _is_virtualenv(path):
                continue
            if excluded(path, exclude):
                survey.leave_out(path, folder=True)
            else:
                entered.append(name)
        dirs[:] = entered
        for name in files:
            if not name.lower().endswith(".md"):
                continue
            display = os.path.normpath(os.path.join(folder, name))
            if excluded(display, exclude):
                survey.leave_out(display)
            elif not _leaves(display, top_real):
                yield Source(display, os.path.abspath(display))
