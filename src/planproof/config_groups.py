"""The configuration is found per path: `planproof lint svc-a/.planning svc-b/.planning` (or
pre-commit passing files of two sub-projects) checks each with the settings found by walking
up from it, as ruff does, instead of applying the first path's settings to all.

Paths are grouped by the configuration file they find; each group runs on its own (with the
same command-line overrides) and the results are merged. A configuration file inside a folder
that is walked does not split that folder: name the sub-folder on the command line.
"""

from __future__ import annotations

import os
from pathlib import Path

from planproof.config import Settings, find_config, load_settings
from planproof.engine import Result
from planproof.findings import Finding, Severity


def group_paths(paths: list[str], overrides: dict,
                config_path: str | None) -> list[tuple[list[str], Settings]] | None:
    """One (paths, settings) pair per configuration file the paths find; None when they all
    find the same one (or --config names it)."""
    if config_path or len(paths) < 2:
        return None
    by_source: dict[Path | None, list[str]] = {}
    for path in paths:
        by_source.setdefault(find_config(Path(os.path.realpath(path))), []).append(path)
    if len(by_source) < 2:
        return None
    return [(group, load_settings(group, overrides, None)) for group in by_source.values()]


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


def run(groups: list[tuple[list[str], Settings]], run_one) -> GroupedResult:
    documents, findings, strict_paths, seen = [], [], set(), set()
    for paths, settings in groups:
        result = run_one(paths, settings)
        for doc in result.documents:
            if doc.abspath not in seen:
                seen.add(doc.abspath)
                documents.append(doc)
        findings.extend(result.findings)
        if settings.strict:
            strict_paths |= {doc.path for doc in result.documents}
    findings.sort(key=Finding.sort_key)
    return GroupedResult(documents, findings, strict_paths)
