"""Coverage evidence: read coverage data in any of four formats and answer questions about it.

    from planproof.evidence.coverage import open_source, CoverageEvidence, display_percent

`open_source(path)` reads one data file (`.coverage`, `coverage.json`, Cobertura `coverage.xml`,
`lcov.info`; the format is recognised from the content). `CoverageEvidence` holds the data files
of a run (given with `--coverage`, else found at the root) and answers: the numbers of a claimed
file (matched by path-component suffix), the total, and whether measured sources changed after
the data was recorded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from planproof.evidence.coverage.matching import Match, PathIndex, components
from planproof.evidence.coverage.numbers import (BRANCH_FORMULA, FORMULA, LINE_FORMULA, Numbers,
                                                 display_percent, percent)
from planproof.evidence.coverage.readers import CoverageReadError, CoverageSource

__all__ = ["BRANCH_FORMULA", "FORMULA", "LINE_FORMULA", "CoverageEvidence", "CoverageReadError",
           "CoverageSource", "FileResult", "Match", "Numbers", "PathIndex", "components",
           "display_percent", "open_source", "percent"]

# Looked for at the root when no --coverage is given, in this order (reports first: reading
# them needs no source analysis).
AUTO_NAMES = ("coverage.json", "coverage.xml", "lcov.info", ".coverage")


def sniff(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise CoverageReadError(path, f"cannot read: {exc.strerror or exc}",
                                "check the --coverage path") from exc
    if head.startswith(b"SQLite format 3"):
        return "sqlite"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        return "json"
    if text.startswith(b"<"):
        return "xml"
    if text.startswith((b"TN:", b"SF:")) or b"\nSF:" in head:
        return "lcov"
    name = os.path.basename(path)
    if name.endswith(".json"):
        return "json"
    if name.endswith(".xml"):
        return "xml"
    if name.endswith((".info", ".lcov")):
        return "lcov"
    raise CoverageReadError(path, "not a coverage data file planproof knows",
                            "pass .coverage, coverage.json, coverage.xml (Cobertura) or lcov.info")


def open_source(path: str, config_file: str | None = None, root: str | None = None) -> CoverageSource:
    """Read one coverage data file of any supported format."""
    from planproof.evidence.coverage import guard, readers

    target = guard.leaves_root(path, root)
    if target is not None:
        raise CoverageReadError(path, f"a symbolic link leads outside the repository root (to "
                                f"{target}); not read", "commit the data file itself, not a link")
    kind = sniff(path)
    if kind == "sqlite":
        from planproof.evidence.coverage.pydata import CoveragePyData

        return CoveragePyData(path, config_file, root)
    return {"json": readers.read_json, "xml": readers.read_xml, "lcov": readers.read_lcov}[kind](path)


@dataclass
class FileResult:
    """What the data says about one claimed name."""

    claimed: str
    match: Match
    source: CoverageSource | None = None
    numbers: Numbers | None = None
    error: CoverageReadError | None = None


@dataclass
class CoverageEvidence:
    """The coverage data of one run. Data files open lazily, on the first claim that needs them."""

    paths: list[str]
    config_file: str | None = None
    root: str | None = None
    explicit: bool = True
    _sources: list[CoverageSource] | None = field(default=None, init=False)
    errors: list[CoverageReadError] = field(default_factory=list, init=False)

    @classmethod
    def from_settings(cls, settings, root: str) -> CoverageEvidence:
        """`--coverage` files, else the data files found at `root`."""
        if settings.coverage:
            return cls(list(settings.coverage), settings.coverage_config, root, True)
        found = [os.path.join(root, name) for name in AUTO_NAMES
                 if os.path.isfile(os.path.join(root, name))]
        return cls(found, settings.coverage_config, root, False)

    @property
    def available(self) -> bool:
        return bool(self.paths)

    @property
    def sources(self) -> list[CoverageSource]:
        if self._sources is None:
            self._sources = []
            for path in self.paths:
                try:
                    self._sources.append(open_source(path, self.config_file, self.root))
                except CoverageReadError as exc:
                    self.errors.append(exc)
        return self._sources

    def lookup(self, claimed: str) -> FileResult:
        """The first data file that measures `claimed` decides; ambiguity is never guessed."""
        first_ambiguous = None
        for source in self.sources:
            match = source.index.match(claimed)
            if match.kind == "ambiguous":
                first_ambiguous = first_ambiguous or FileResult(claimed, match, source)
                continue
            if not match.ok:
                continue
            try:
                numbers = Numbers(files=0)
                for name in match.files:
                    numbers = numbers + source.numbers(name)
            except CoverageReadError as exc:
                return FileResult(claimed, match, source, None, exc)
            return FileResult(claimed, match, source, numbers)
        return first_ambiguous or FileResult(claimed, Match(claimed, "none"))

    def total(self) -> tuple[CoverageSource | None, Numbers | None, CoverageReadError | None]:
        for source in self.sources:
            try:
                return source, source.total(), None
            except CoverageReadError as exc:
                return source, None, exc
        return None, None, None

    def changed_after(self, source: CoverageSource, names) -> list[dict]:
        """Measured source files modified after the data was recorded (newest first)."""
        if source.timestamp is None:
            return []
        changed = []
        top = os.path.realpath(self.root) if self.root else None
        for name in names:
            path = source.resolve(name)
            if path is None:
                continue
            if top and os.path.commonpath([os.path.realpath(path), top]) != top:
                continue  # never stat outside the root: whether /etc/shadow exists is no one's business
            try:
                mtime = os.stat(path).st_mtime
            except OSError:
                continue
            if mtime > source.timestamp:
                changed.append({"file": self.display_name(path), "modified": _iso(mtime)})
        changed.sort(key=lambda item: item["modified"], reverse=True)
        return changed

    def display_name(self, path: str) -> str:
        """A measured path relative to the root when it lies under it."""
        if self.root and os.path.isabs(path):
            try:
                relative = os.path.relpath(path, self.root)
            except ValueError:
                return path
            if not relative.startswith(".."):
                return relative.replace(os.sep, "/")
        return path.replace(os.sep, "/")


def _iso(timestamp: float) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds")
