"""Readers for coverage reports written by coverage.py: `coverage.json`, Cobertura `coverage.xml`
and `lcov.info`. Each gives per-file and total Numbers, the data's timestamp and whether branch
coverage was measured. The `.coverage` SQLite file is read in pydata.py (through coverage.py).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime

from planproof.evidence.coverage.matching import PathIndex
from planproof.evidence.coverage.numbers import Numbers, total_of

MAX_REPORT_BYTES = 512 * 1024 * 1024  # a report bigger than this is not read


class DataReadError(Exception):
    """An evidence data file (coverage, JUnit) that cannot be read; `hint` says what to do."""

    def __init__(self, path: str, message: str, hint: str | None = None) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.hint = hint


class CoverageReadError(DataReadError):
    """A coverage data file that cannot be read."""


@dataclass
class CoverageSource:
    """One coverage data file, read. Names are the file names as the data records them."""

    path: str
    format: str  # "coverage.py data", "coverage.json", "cobertura xml", "lcov"
    branch: bool
    timestamp: float | None  # seconds since the epoch
    timestamp_origin: str  # where the timestamp comes from
    base_dirs: list[str] = field(default_factory=list)  # where relative names resolve
    notes: list[str] = field(default_factory=list)
    _files: dict[str, Numbers | None] = field(default_factory=dict)
    _total: Numbers | None = None
    _index: PathIndex | None = field(default=None, init=False, repr=False)

    @property
    def names(self) -> list[str]:
        return list(self._files)

    @property
    def index(self) -> PathIndex:
        if self._index is None:
            self._index = PathIndex(self.names)
        return self._index

    def numbers(self, name: str) -> Numbers:
        found = self._files[name]
        assert found is not None
        return found

    def total(self) -> Numbers:
        """The total `coverage report` prints for this data."""
        if self._total is None:
            self._total = total_of(self.numbers(name) for name in self.names)
        return self._total

    def total_files(self) -> list[str]:
        """The measured files the total covers (for staleness)."""
        return self.names

    def resolve(self, name: str) -> str | None:
        """The measured file on disk, if it can be found."""
        if os.path.isabs(name):
            return name if os.path.isfile(name) else None
        for base in self.base_dirs:
            candidate = os.path.join(base, name)
            if os.path.isfile(candidate):
                return candidate
        return None

    def timestamp_text(self) -> str | None:
        if self.timestamp is None:
            return None
        return datetime.fromtimestamp(self.timestamp).astimezone().isoformat(timespec="seconds")

    def describe(self) -> dict:
        return {"path": self.path, "format": self.format, "branch": self.branch,
                "timestamp": self.timestamp_text(), "timestamp_from": self.timestamp_origin,
                **({"notes": self.notes} if self.notes else {})}


def _mtime(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def _read_bytes(path: str) -> bytes:
    """A regular file, at most MAX_REPORT_BYTES of it (a device or /proc file reports no size)."""
    import stat

    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise CoverageReadError(path, "not a regular file; not read")
            data = handle.read(MAX_REPORT_BYTES + 1)
    except OSError as exc:
        raise CoverageReadError(path, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_REPORT_BYTES:
        raise CoverageReadError(path, f"file is more than the {MAX_REPORT_BYTES} bytes planproof "
                                "reads")
    return data


REGENERATE = "regenerate the report with coverage.py (`coverage json`, `coverage xml`, `coverage lcov`)"


MAX_COUNT = 10**12  # more statements or branches than any codebase has: not a real count


def _int(value, path: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        text = str(value).strip()
        try:
            number = int(text) if len(text) <= 20 else None
        except (TypeError, ValueError):
            number = None
        if number is None:
            raise CoverageReadError(path, f"{where} is not a count: {text[:40]!r}", REGENERATE)
        if number < 0:
            raise CoverageReadError(path, f"{where} is negative: {text[:40]!r}", REGENERATE)
        value = number
    if value > MAX_COUNT:
        raise CoverageReadError(path, f"{where} is {str(value)[:20]}... ({len(str(value))} digits), "
                                "not a plausible count", REGENERATE)
    return value


# --- coverage.json -----------------------------------------------------------------------------

FAST_JSON_BYTES = 1024 * 1024  # above this, try the summary scanner before a full parse
_ENTRY = '{"executed_lines": ['


def _summaries_only(text: str) -> dict | None:
    """The parts of a compact `coverage json` report planproof uses (meta, each file's summary,
    totals) without building the line and branch lists, which are most of the bytes.

    Entries of `files` (depth 2) and of their `functions`/`classes` (depth 4) all start with
    `{"executed_lines": [`; braces between entries give the depth. The result is trusted only if
    the files' summaries add up exactly to `totals`; otherwise (pretty-printed JSON, braces in
    names, another writer) the caller parses the whole document."""
    decoder = json.JSONDecoder()
    start = text.find('"files": {')
    totals_at = text.rfind('"totals": ')
    if start < 0 or totals_at < 0:
        return None
    try:
        meta = {}
        meta_at = text.find('"meta": ', 0, start)
        if meta_at >= 0:
            meta = decoder.raw_decode(text, meta_at + 8)[0]
        totals = decoder.raw_decode(text, totals_at + 10)[0]
    except ValueError:
        return None
    files: dict[str, dict] = {}
    depth, scanned = 2, start + len('"files": {')
    at = text.find(_ENTRY, scanned)
    while 0 <= at < totals_at:
        depth += text.count("{", scanned, at) - text.count("}", scanned, at)
        scanned = at
        if depth == 2:
            colon = text.rfind('": ', scanned - 64 * 1024 if scanned > 65536 else 0, at)
            if colon < 0 or text[colon + 3:at].strip():
                return None
            quote = colon
            while True:
                quote = text.rfind('"', 0, quote)
                backslashes = 0
                while quote - backslashes > 0 and text[quote - backslashes - 1] == "\\":
                    backslashes += 1
                if quote < 0 or backslashes % 2 == 0:
                    break
            if quote < 0:
                return None
            try:
                name = json.loads(text[quote:colon + 1])
                summary_at = text.index('"summary": ', at)
                files[name] = decoder.raw_decode(text, summary_at + 11)[0]
            except ValueError:
                return None
        at = text.find(_ENTRY, at + 1)
    keys = ("num_statements", "covered_lines", "num_branches", "covered_branches")
    for key in keys:
        if sum(summary.get(key, 0) for summary in files.values()) != totals.get(key, 0):
            return None
    return {"meta": meta, "files": {n: {"summary": s} for n, s in files.items()},
            "totals": totals}


def read_json(path: str) -> CoverageSource:
    """`coverage json` output (meta.format 3; format 2 has the same summaries)."""
    raw = _read_bytes(path)
    data = None
    if len(raw) > FAST_JSON_BYTES:
        try:
            data = _summaries_only(raw.decode("utf-8"))
        except (UnicodeDecodeError, RecursionError):
            data = None
    try:
        if data is None:
            data = json.loads(raw)
    except RecursionError:
        raise CoverageReadError(path, "the JSON is nested too deeply to read",
                                "regenerate it with `coverage json`") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise CoverageReadError(path, f"not valid JSON: {exc}",
                                "regenerate it with `coverage json`") from exc
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise CoverageReadError(path, "not a coverage.py JSON report (no \"files\" object)",
                                "regenerate it with `coverage json`")
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    notes = []
    fmt = meta.get("format")
    if fmt not in (2, 3):
        notes.append(f"meta.format is {fmt!r}; planproof knows formats 2 and 3")
    branch = bool(meta.get("branch_coverage"))
    files: dict[str, Numbers | None] = {}
    for name, entry in data["files"].items():
        summary = entry.get("summary") if isinstance(entry, dict) else None
        if not isinstance(summary, dict):
            raise CoverageReadError(path, f"files[{name!r}] has no summary", REGENERATE)
        files[name] = _json_numbers(summary, branch, path, f"files[{name!r}].summary")
    total = None
    if isinstance(data.get("totals"), dict):
        total = _json_numbers(data["totals"], branch, path, "totals")
        total = Numbers(total.statements, total.covered, total.branches, total.covered_branches,
                        len(files))
    timestamp, origin = None, "file modification time"
    stamp = meta.get("timestamp")
    if isinstance(stamp, str):
        try:
            timestamp, origin = datetime.fromisoformat(stamp).timestamp(), "meta.timestamp"
        except ValueError:
            notes.append(f"meta.timestamp {stamp!r} is not an ISO date")
    if timestamp is None:
        timestamp = _mtime(path)
    return CoverageSource(path, "coverage.json", branch, timestamp, origin,
                          [os.path.dirname(os.path.abspath(path))], notes, files, total)


def _json_numbers(summary: dict, branch: bool, path: str, where: str) -> Numbers:
    statements = _int(summary.get("num_statements", 0), path, f"{where}.num_statements")
    covered = _int(summary.get("covered_lines", 0), path, f"{where}.covered_lines")
    branches = covered_branches = 0
    if branch:
        branches = _int(summary.get("num_branches", 0), path, f"{where}.num_branches")
        covered_branches = _int(summary.get("covered_branches", 0), path,
                                f"{where}.covered_branches")
    return Numbers(statements, covered, branches, covered_branches)


# --- Cobertura coverage.xml -----------------------------------------------------------------------

_CONDITION = re.compile(r"\((\d{1,12})/(\d{1,12})\)")  # longer counts are not counts


def read_xml(path: str) -> CoverageSource:
    """Cobertura XML as `coverage xml` writes it. Percentages are recomputed from counts
    (`line-rate` is rounded and leaves branches out)."""
    import xml.etree.ElementTree as ET

    raw = _read_bytes(path)
    if b"<!ENTITY" in raw[:65536]:
        raise CoverageReadError(path, "the XML declares entities; planproof does not expand them",
                                "regenerate it with `coverage xml`")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise CoverageReadError(path, f"not well-formed XML: {exc}",
                                "regenerate it with `coverage xml`") from exc
    if root.tag != "coverage":
        raise CoverageReadError(path, f"root element is <{root.tag}>, not a Cobertura <coverage>",
                                "regenerate it with `coverage xml`")
    sources = [s.text.strip() for s in root.iter("source") if s.text and s.text.strip()]
    base = os.path.dirname(os.path.abspath(path))
    base_dirs = [s if os.path.isabs(s) else os.path.join(base, s) for s in sources]
    files: dict[str, Numbers | None] = {}
    for klass in root.iter("class"):
        name = klass.get("filename")
        if not name:
            continue
        name = _under_source(name, base_dirs)
        statements = covered = branches = covered_branches = 0
        lines = klass.find("lines")
        for line in (lines if lines is not None else ()):
            if line.tag != "line":
                continue
            statements += 1
            if _int(line.get("hits", "0"), path, f"{name} line {line.get('number')} hits") > 0:
                covered += 1
            if line.get("branch") == "true":
                found = _CONDITION.search(line.get("condition-coverage", ""))
                if found:
                    covered_branches += int(found.group(1))
                    branches += int(found.group(2))
        numbers = Numbers(statements, covered, branches, covered_branches)
        previous = files.get(name)
        files[name] = numbers if previous is None else _merge(previous, numbers)
    base_dirs.append(base)
    total = None
    if root.get("lines-valid") is not None:
        total = Numbers(_int(root.get("lines-valid"), path, "lines-valid"),
                        _int(root.get("lines-covered", "0"), path, "lines-covered"),
                        _int(root.get("branches-valid", "0"), path, "branches-valid"),
                        _int(root.get("branches-covered", "0"), path, "branches-covered"),
                        len(files))
    branch = bool(total.branches if total else any(n.branches for n in files.values() if n))
    timestamp, origin = None, "file modification time"
    stamp = root.get("timestamp")
    if stamp and stamp.strip().isdigit() and len(stamp.strip()) <= 15:
        timestamp, origin = int(stamp) / 1000.0, "timestamp attribute"
    else:
        timestamp = _mtime(path)
    return CoverageSource(path, "cobertura xml", branch, timestamp, origin, base_dirs, [], files,
                          total)


def _under_source(name: str, sources: list[str]) -> str:
    """Cobertura file names are relative to a <source> directory: join them, so that a claim
    naming `pkg/core/models.py` matches a class written as `core/models.py` under `.../pkg`."""
    if os.path.isabs(name) or not sources:
        return name
    if len(sources) > 1:
        for source in sources:
            if os.path.isfile(os.path.join(source, name)):
                return os.path.join(source, name).replace(os.sep, "/")
    return os.path.join(sources[0], name).replace(os.sep, "/")


def _merge(a: Numbers, b: Numbers) -> Numbers:
    return Numbers(a.statements + b.statements, a.covered + b.covered, a.branches + b.branches,
                   a.covered_branches + b.covered_branches)


# --- lcov.info ------------------------------------------------------------------------------------

def read_lcov(path: str) -> CoverageSource:
    """LCOV tracefile (`coverage lcov`). Uses LF/LH/BRF/BRH when present, else counts DA/BRDA."""
    try:
        text = _read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CoverageReadError(path, f"not UTF-8 text: {exc}",
                                "regenerate it with `coverage lcov`") from exc
    files: dict[str, Numbers | None] = {}
    name = None
    record: dict = {}
    saw_record = False
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        key, _, value = line.partition(":")
        if key == "SF":
            name, record = value, {"da": 0, "dh": 0, "brda": 0, "brh": 0}
        elif name is None:
            if key in ("TN",):
                continue
            raise CoverageReadError(path, f"line {number}: {key!r} outside a SF: record",
                                    "regenerate it with `coverage lcov`")
        elif key == "DA":
            parts = value.split(",")
            record["da"] += 1
            if len(parts) >= 2 and parts[1].strip() not in ("", "0", "-"):
                record["dh"] += 1
        elif key == "BRDA":
            parts = value.split(",")
            record["brda"] += 1
            if len(parts) >= 4 and parts[3].strip() not in ("", "0", "-"):
                record["brh"] += 1
        elif key in ("LF", "LH", "BRF", "BRH"):
            record[key] = _int(value, path, f"line {number} {key}")
        elif key == "end_of_record":
            numbers = Numbers(record.get("LF", record["da"]), record.get("LH", record["dh"]),
                              record.get("BRF", record["brda"]), record.get("BRH", record["brh"]))
            previous = files.get(name)
            files[name] = numbers if previous is None else _merge(previous, numbers)
            saw_record = True
            name = None
    if not saw_record and text.strip():
        raise CoverageReadError(path, "no end_of_record: not an LCOV tracefile",
                                "regenerate it with `coverage lcov`")
    branch = any(n.branches for n in files.values() if n)
    base = os.path.dirname(os.path.abspath(path))
    return CoverageSource(path, "lcov", branch, _mtime(path), "file modification time", [base],
                          [], files, None)
