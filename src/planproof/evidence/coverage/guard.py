"""Running coverage.py on data and configuration a pull request controls, with bounds.

coverage.py trusts its data file and its configuration; planproof cannot. No data file is read
through a symbolic link that leads out of the repository (`leaves_root`), and around every call
into coverage.py (see pydata.py):

- the `.coverage` file is never opened by coverage.py: planproof opens it read-only *and*
  immutable (SQLite then writes nothing: no checkpoint of a WAL-mode file, no `-wal`/`-shm`
  side files anywhere), checks that it holds only plain tables (no views, triggers, virtual
  tables or generated columns, which would run arbitrary SQL on every query), and copies it into
  a private temporary folder that coverage.py reads instead and that is removed afterwards;
- the process environment is empty, so `${VAR}` in an untrusted `.coveragerc` expands to
  nothing and no CI secret can reach a message;
- the `exclude_lines` patterns of that configuration run on the `regex` engine with a time limit
  (coverage.py's own `re` has none: a catastrophic pattern would hang the run);
- sources are analysed only up to a size, per file and per data file (analysing a 512 KiB module
  costs seconds and hundreds of megabytes; a 30 MB one cost 7 GB).
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import sqlite3
import tempfile
import time

MAX_DATA_BYTES = 256 * 1024 * 1024  # a `.coverage` file larger than this is not read
MAX_SOURCE_BYTES = 256 * 1024  # one source file analysed through coverage.py
MAX_SOURCES_BYTES = 4 * 1024 * 1024  # all sources analysed for one data file
EXCLUDE_TIMEOUT = 2.0  # seconds of exclude_lines searching per data file (all its analyses)
SQL_STEPS = 50_000_000  # SQLite virtual-machine steps allowed while checking and copying


MAX_CONFIG_BYTES = 1024 * 1024


class Refused(Exception):
    """The data file or its configuration is not safe to hand to coverage.py."""


def leaves_root(path: str, root: str | None) -> str | None:
    """Where `path` really leads when it lies in the root but a symbolic link takes it outside
    (a committed `lcov.info` linked to /proc/self/environ); None when it is safe to read. A path
    given outside the root on purpose (`--coverage /ci/cov.json`) is the user's choice."""
    if not root:
        return None
    lexical, top = os.path.abspath(path), os.path.abspath(root)
    if os.path.commonpath([lexical, top]) != top:
        return None
    real, real_top = os.path.realpath(path), os.path.realpath(root)
    return None if os.path.commonpath([real, real_top]) == real_top else real


def check_config(path: str, root: str) -> None:
    """A configuration found in the repository: a regular file inside it, of a sane size."""
    target = leaves_root(path, root)
    if target is not None:
        raise Refused(f"{path} is a symbolic link that leads outside the repository (to {target})")
    size = os.path.getsize(path)
    if size > MAX_CONFIG_BYTES:
        raise Refused(f"{path} is {size:,} bytes, more than the {MAX_CONFIG_BYTES:,} planproof reads")


def _schema_problem(db: sqlite3.Connection) -> str | None:
    rows = db.execute("select type, name, sql from sqlite_master").fetchall()
    names = {name for kind, name, _ in rows if kind == "table"}
    if "coverage_schema" not in names:
        return "a SQLite file without coverage.py's tables"
    for kind, name, sql in rows:
        if kind not in ("table", "index"):
            return f"it defines a {kind} ({name}); coverage.py data holds only tables"
        if kind == "table" and "virtual" in (sql or "").lower().split("(")[0]:
            return f"table {name} is a virtual table"
    for table in names:
        quoted = table.replace('"', '""')
        if any(row[6] for row in db.execute(f'pragma table_xinfo("{quoted}")')):
            return f"table {table} has computed (generated) columns"
    return None


def private_copy(path: str, folder: str) -> str:
    """Check `path` and copy it into `folder` without writing anything next to it."""
    size = os.path.getsize(path)
    if size > MAX_DATA_BYTES:
        raise Refused(f"the file is {size:,} bytes, more than the {MAX_DATA_BYTES:,} planproof reads")
    uri = pathlib.Path(os.path.abspath(path)).as_uri() + "?mode=ro&immutable=1"
    copy = os.path.join(folder, "coverage.sqlite")
    steps = [0]

    def interrupt() -> int:
        steps[0] += 1
        return 1 if steps[0] * 1000 > SQL_STEPS else 0

    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            db.set_progress_handler(interrupt, 1000)
            problem = _schema_problem(db)
            if problem:
                raise Refused(problem)
            with contextlib.closing(sqlite3.connect(copy)) as target:
                db.backup(target)
    except sqlite3.Error as exc:
        raise Refused(f"SQLite cannot read it: {exc}") from exc
    return copy


class Workspace:
    """A private folder for the copy, removed when the data is no longer used."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="planproof-coverage-")
        import weakref

        self._cleanup = weakref.finalize(self, _remove, self.folder)

    def close(self) -> None:
        self._cleanup()


def _remove(folder: str) -> None:
    with contextlib.suppress(OSError):
        for name in os.listdir(folder):  # the copy, and any journal SQLite left beside it
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)


class _BoundedRe:
    """The `re` module as coverage.parser sees it, with `finditer` (its exclude_lines search)
    on the `regex` engine under a time limit."""

    def __init__(self, real, spent: list[float]) -> None:
        self._real = real
        self._spent = spent

    def __getattr__(self, name: str):
        return getattr(self._real, name)

    def finditer(self, pattern, string, flags=0):
        import regex

        from planproof.evidence.regex import MAX_EXPANSION, expanded_size

        if expanded_size(pattern) > MAX_EXPANSION:  # compiling it alone could take gigabytes
            raise ValueError(f"an exclude_lines pattern expands past {MAX_EXPANSION:,} items")
        try:
            compiled = regex.compile(pattern, flags=regex.MULTILINE if flags else 0)
        except (regex.error, ValueError, OverflowError, RecursionError):
            return self._real.finditer(pattern, string, flags)
        left = EXCLUDE_TIMEOUT - self._spent[0]
        if left <= 0:
            raise TimeoutError(f"exclude_lines searches used their {EXCLUDE_TIMEOUT:g} s")
        started = time.perf_counter()
        try:
            return iter(list(compiled.finditer(string, timeout=left)))
        finally:
            self._spent[0] += time.perf_counter() - started


@contextlib.contextmanager
def guarded(spent: list[float]):
    """Run coverage.py code with an empty environment and exclude_lines searches bounded by
    the time left of `spent` (one list per data file)."""
    import coverage.parser

    saved = dict(os.environ)
    real_re = coverage.parser.re
    os.environ.clear()
    coverage.parser.re = _BoundedRe(real_re, spent)
    try:
        yield
    finally:
        coverage.parser.re = real_re
        os.environ.clear()
        os.environ.update(saved)
