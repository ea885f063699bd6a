"""The configuration is found per file, as ruff finds it: `planproof lint svc-a svc-b`, pre-commit
passing files of two sub-projects, or `planproof lint .` over a tree where `services/api` has
its own `.planproof.toml`, check each document with the settings found by walking up from it.

Paths are grouped by the configuration file they find, and a folder that holds a configuration
file below a given folder becomes a path of its own. Each group runs on its own (with the same
command-line overrides) and keeps only the documents whose nearest configuration is its own;
the results are merged.
"""

from __future__ import annotations

import os
from pathlib import Path

from planproof.config import Settings, config_in, find_config, load_settings
from planproof.discovery import SKIPPED_DIRS, default_paths, walk_folders
from planproof.engine import Result
from planproof.findings import Finding, Severity
from planproof.memo import Memo

Group = tuple[list[str], Settings, "Path | None"]


def _nested_config_folders(top: str) -> list[str]:
    """Folders below `top` (as paths under it) that have a configuration file of their own."""
    found = []
    for folder, dirs, files in walk_folders(top):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        if folder != top and (".planproof.toml" in files or "pyproject.toml" in files) \
                and config_in(Path(folder)) is not None:
            found.append(folder)
    return found


def group_paths(paths: list[str], overrides: dict,
                config_path: str | None) -> list[Group] | None:
    """One (paths, settings, configuration file) per configuration file the paths and the
    folders below them find; None when that is one file for all (or --config names it)."""
    if config_path:
        return None
    given = list(paths) or default_paths()
    expanded = [*given, *(nested for path in given if os.path.isdir(path)
                          for nested in _nested_config_folders(path))]
    by_source: dict[Path | None, list[str]] = {}
    for path in expanded:
        by_source.setdefault(find_config(Path(os.path.realpath(path))), []).append(path)
    if len(by_source) < 2:
        return None
    return [(group, load_settings(group, overrides, None), source)
            for source, group in by_source.items()]


def _nearest(folder: str, known: Memo) -> Path | None:
    """The configuration file `folder` finds; `known` keeps the answers of one run."""
    def compute() -> Path | None:
        found = config_in(Path(folder))
        parent = os.path.dirname(folder)
        return found if found is not None or parent == folder else _nearest(parent, known)

    return known.get(folder, compute)


def _owned(path: str, source: Path | None, known: Memo) -> bool:
    return _nearest(os.path.dirname(os.path.realpath(path)), known) == source


class GroupedResult(Result):
    """Merged results; a warning fails the run only where its group's settings are strict."""

    def __init__(self, documents, findings, strict_paths: set[str]) -> None:
        super().__init__(documents, findings)
        self.strict_paths = strict_paths

    def exit_code(self, strict: bool = False) -> int:
        if any(f.code == "PP000" for f in self.findings):
            return 2
        return 1 if any(f.severity is Severity.ERROR or (
            f.severity is Severity.WARNING and (strict or f.path in self.strict_paths))
            for f in self.findings) else 0


def run(groups: list[Group], run_one) -> GroupedResult:
    known = Memo()
    documents, findings, strict_paths, seen = [], [], set(), set()
    for paths, settings, source in groups:
        result = run_one(paths, settings)
        mine = {doc.path for doc in result.documents if _owned(doc.abspath, source, known)}
        for doc in result.documents:
            if doc.path in mine and doc.abspath not in seen:
                seen.add(doc.abspath)
                documents.append(doc)
        findings.extend(f for f in result.findings if f.path in mine or f.code == "PP000")
        if settings.strict:
            strict_paths |= mine
    findings.sort(key=Finding.sort_key)
    return GroupedResult(documents, findings, strict_paths)
