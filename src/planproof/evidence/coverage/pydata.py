"""The `.coverage` data file, read through coverage.py's public API.

A `.coverage` file holds only executed lines/arcs: a percentage needs the source files and the
project's coverage configuration, so this module asks coverage.py itself:
`Coverage(data_file=..., config_file=...)`, `.load()`, `.get_data()`, `.analysis2(f)`,
`.branch_stats(f)` for the files claims name, and `.report(file=...)` for a total (it returns the
unrounded total, and its TOTAL row gives the counts).

It never combines and never deletes anything: the `coverage report` *command* (7.14+) combines
and deletes `.coverage.*` parallel files before reporting; the `Coverage.report()` method does
not, and `combine()` is never called here. Uncombined parallel files are mentioned in the notes.
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import re
import warnings

from planproof.evidence.coverage import guard
from planproof.evidence.coverage.numbers import Numbers
from planproof.evidence.coverage.readers import CoverageReadError, CoverageSource

CONFIG_FILES = (".coveragerc", ".coveragerc.toml", "setup.cfg", "tox.ini", "pyproject.toml")


def find_coverage_config(directory: str) -> str | None:
    """The file `coverage report` run in `directory` would read its settings from (coverage.py's
    own search order; COVERAGE_RCFILE is not consulted here)."""
    for name in CONFIG_FILES:
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        if name.startswith(".coveragerc"):
            return path
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read(4 * 1024 * 1024)
        except OSError:
            continue
        if name == "pyproject.toml":
            if re.search(r"^\s*\[\s*tool\.coverage\b", text, re.M):
                return path
        elif re.search(r"^\s*\[\s*coverage:", text, re.M):
            return path
    return None


@contextlib.contextmanager
def _working_directory(path: str):
    """coverage.py resolves relative file names (relative_files = true) against the current
    directory, as `coverage report` does when run next to its data file."""
    # coverage.py's API takes no base directory (files.set_relative_directory reads the process's
    # current one), so the data file's folder is entered for the call and left afterwards.
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def _disarm(cov) -> None:
    """The repository's coverage configuration is untrusted input: its `plugins` are modules
    coverage.py would import (run) and its `debug_file` a file it would append to. Reading data
    needs neither, so both are switched off before anything is loaded."""
    cov.set_option("run:plugins", [])
    cov.set_option("run:debug", [])
    cov.set_option("run:debug_file", None)


class CoveragePyData(CoverageSource):
    """A `.coverage` SQLite file. Per-file numbers are analysed on demand, one file at a time."""

    def __init__(self, path: str, config_file: str | None = None, root: str | None = None) -> None:
        import coverage

        path = os.path.abspath(path)
        directory = os.path.dirname(path)
        settings_config = config_file  # given by the user: trusted like the rest of the settings
        if config_file is None:
            config_file = find_coverage_config(directory)
            if config_file is None and root and os.path.abspath(root) != directory:
                config_file = find_coverage_config(os.path.abspath(root))
        self.config_file = os.path.abspath(config_file) if config_file else None
        self.cwd = directory
        self.root = os.path.realpath(root or directory)
        notes: list[str] = []
        try:
            with open(path, "rb") as handle:
                header = handle.read(16)
        except OSError as exc:
            raise CoverageReadError(path, f"cannot read: {exc.strerror or exc}") from exc
        if not header.startswith(b"SQLite format 3"):
            raise CoverageReadError(path, "not a coverage.py data file (not SQLite)",
                                    "pass the .coverage file written by `coverage run`, or a "
                                    "report: coverage.json, coverage.xml, lcov.info")
        self._workspace = guard.Workspace()
        self._exclude_spent = [0.0]
        try:
            if self.config_file and config_file != settings_config:
                guard.check_config(self.config_file, self.root)
            copy = guard.private_copy(path, self._workspace.folder)
        except (guard.Refused, OSError) as exc:
            self._workspace.close()
            raise CoverageReadError(path, f"coverage.py cannot read it: {exc}",
                                    "pass the .coverage file written by `coverage run`") from exc
        self._analysed_bytes = 0
        try:
            with self._quiet(notes), _working_directory(directory):
                self._cov = coverage.Coverage(data_file=copy, config_file=self.config_file or False)
                _disarm(self._cov)
                self._cov.load()
                data = self._cov.get_data()
                names = data.measured_files()
                branch = data.has_arcs()
        except Exception as exc:  # coverage raises its own exception types, sqlite3 errors...
            raise CoverageReadError(path, f"coverage.py cannot read it: {exc}",
                                    "check the file and the coverage configuration; "
                                    "`coverage report` shows the same error") from exc
        parallel = sorted(p for p in glob.glob(glob.escape(path) + ".*") if os.path.isfile(p))
        if parallel:
            notes.append(f"{len(parallel)} uncombined parallel data file(s) next to it were not "
                         "combined (`coverage report` would combine and delete them first): "
                         + ", ".join(os.path.basename(p) for p in parallel[:5]))
        timestamp = os.stat(path).st_mtime
        super().__init__(path, "coverage.py data", branch, timestamp, "file modification time",
                         [directory], notes, dict.fromkeys(sorted(names)), None)
        self.analysed: list[str] = []  # the files analysed so far (benchmarks check this)

    @contextlib.contextmanager
    def _quiet(self, notes: list[str]):
        with warnings.catch_warnings(record=True) as caught, guard.guarded(self._exclude_spent):
            warnings.simplefilter("always")
            yield
        for warning in caught:
            text = str(warning.message)
            if text not in notes:
                notes.append(text)

    def describe(self) -> dict:
        described = super().describe()
        described["coverage_config"] = self.config_file or "none found (coverage.py defaults)"
        return described

    def _outside_root(self, name: str) -> bool:
        real = os.path.realpath(os.path.join(self.cwd, name))
        return os.path.commonpath([real, self.root]) != self.root

    def numbers(self, name: str) -> Numbers:
        cached = self._files.get(name)
        if cached is not None:
            return cached
        if self._outside_root(name):
            raise CoverageReadError(self.path, f"{name} lies outside the repository root; "
                                    "planproof does not read it",
                                    "record coverage inside the repository, or pass a report "
                                    "(coverage.json, coverage.xml, lcov.info) instead")
        self._charge([name])
        try:
            with self._quiet(self.notes), _working_directory(self.cwd):
                _, statements, _, missing, _ = self._cov.analysis2(name)
                branches = covered_branches = 0
                if self.branch:
                    for total_exits, taken in self._cov.branch_stats(name).values():
                        branches += total_exits
                        covered_branches += taken
        except Exception as exc:  # NoSource, NotPython, ...
            raise CoverageReadError(self.path, f"coverage.py cannot analyse {name}: {exc}",
                                    "the source file must exist where the data recorded it") from exc
        numbers = Numbers(len(statements), len(statements) - len(missing), branches,
                          covered_branches)
        self._files[name] = numbers
        self.analysed.append(name)
        return numbers

    def total(self) -> Numbers:
        """Exactly what `coverage report` computes (its file selection, omit/include, config)."""
        if self._total is not None:
            return self._total
        outside = [name for name in self.names if self._outside_root(name)]
        if outside:  # `coverage report` would read their source: planproof reads nothing there
            raise CoverageReadError(self.path, f"the data measures {len(outside)} file(s) outside "
                                    f"the repository root (e.g. {outside[0]}); the total is not "
                                    "computed", "pass a report (coverage.json, coverage.xml, "
                                    "lcov.info) for overall claims")
        self._check_sources()
        self._charge(self.names)
        out = io.StringIO()
        try:
            with self._quiet(self.notes), _working_directory(self.cwd):
                pct = self._cov.report(file=out, output_format="text", show_missing=False)
        except Exception as exc:
            raise CoverageReadError(self.path, f"coverage.py cannot report: {exc}",
                                    "`coverage report` shows the same error") from exc
        self._total = _parse_total(out.getvalue(), pct, self.branch, self.path, len(self.names))
        return self._total

    def total_files(self) -> list[str]:
        return self.names

    def _check_sources(self) -> None:
        """`[run] source` makes `coverage report` read every Python file under those folders,
        and `source_pkgs` (or a source that is not a folder) imports its way to them: only
        folders inside the root are allowed."""
        entries = list(self._cov.get_option("run:source") or [])
        if self._cov.get_option("run:source_pkgs"):
            entries.append("source_pkgs")
        for entry in entries:
            real = os.path.realpath(os.path.join(self.cwd, entry))
            if not os.path.isdir(real) or os.path.commonpath([real, self.root]) != self.root:
                raise CoverageReadError(self.path, f"the coverage configuration's source {entry!r} "
                                        "is not a folder inside the repository; the total is not "
                                        "computed", REPORT_HINT)

    def _charge(self, names: list[str]) -> None:
        """Refuse (fail closed) before coverage.py reads sources past the size bounds."""
        sizes = {}
        for name in names:
            try:
                sizes[name] = os.stat(os.path.join(self.cwd, name)).st_size
            except (OSError, ValueError):
                sizes[name] = 0  # coverage.py reports the missing source itself
        largest = max(sizes, key=sizes.get, default=None)
        if largest is not None and sizes[largest] > guard.MAX_SOURCE_BYTES:
            raise CoverageReadError(self.path, f"{largest} is {sizes[largest]:,} bytes; planproof "
                                    f"analyses sources up to {guard.MAX_SOURCE_BYTES:,} bytes "
                                    "through coverage.py", REPORT_HINT)
        self._analysed_bytes += sum(sizes.values())
        if self._analysed_bytes > guard.MAX_SOURCES_BYTES:
            raise CoverageReadError(self.path, f"analysing the measured sources would read more "
                                    f"than {guard.MAX_SOURCES_BYTES:,} bytes", REPORT_HINT)


REPORT_HINT = ("pass a report instead (`coverage json`, `coverage xml` or `coverage lcov`): "
               "planproof reads those without analysing any source")


def _parse_total(text: str, pct: float, branch: bool, path: str, files: int) -> Numbers:
    """Counts from the TOTAL row of coverage.py's text report. With branches the row has
    `Branch` and `BrPart` (partial, not missing), so covered branches come from the unrounded
    total the report returns: pct = 100 * (lines + branches covered) / (statements + branches)."""
    lines = text.splitlines()
    header = next((line.split() for line in lines if line.startswith("Name") and "Stmts" in line),
                  None)
    rows = [line.split() for line in lines if line.startswith("TOTAL")]
    if not header or not rows:
        raise CoverageReadError(path, "coverage.py's report has no TOTAL row")
    values = dict(zip(header[1:], rows[-1][1:]))
    statements = int(values["Stmts"])
    covered = statements - int(values["Miss"])
    if not branch or "Branch" not in values:
        return Numbers(statements, covered, 0, 0, files)
    branches = int(values["Branch"])
    covered_branches = round(pct * (statements + branches) / 100.0) - covered
    return Numbers(statements, covered, branches, covered_branches, files)
