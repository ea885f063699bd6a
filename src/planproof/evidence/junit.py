"""JUnit XML test results (`pytest --junitxml`, and other tools writing the same format).

Counting rules:
- A test is identified by (classname, name). pytest lists a test twice when it fails (or passes)
  and then errors in teardown: such duplicates count once, with the worst outcome, ranked
  error > failed > skipped > passed. xfail is reported by pytest as skipped and counts as skipped.
- passed = tests - failed - errors - skipped, over the deduplicated test cases.
- A test file named in a document is matched to test cases through `classname` (pytest writes
  the module path with dots, then the class: `tests.unit.test_api.TestAccount`) or the `file`
  attribute (`junit_family=xunit1`), by path-component suffix. A name that matches test cases of
  several files is ambiguous and reported with the candidates.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime

from planproof.evidence.coverage.matching import components
from planproof.evidence.coverage.readers import MAX_REPORT_BYTES, DataReadError

RANK = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}


class JUnitReadError(DataReadError):
    """A JUnit XML file that cannot be read."""


@dataclass
class TestCase:
    __test__ = False  # not a pytest test class

    classname: str
    name: str
    outcome: str  # passed | failed | error | skipped
    file: str | None = None

    def modules(self) -> list[tuple[str, ...]]:
        """Candidate file paths (as components) this test case may live in."""
        if self.file:
            return [components(self.file)]
        parts = [p for p in self.classname.split(".") if p]
        return [(*parts[:k - 1], parts[k - 1] + ".py") for k in range(len(parts), 0, -1)]


@dataclass(frozen=True)
class Counts:
    tests: int
    passed: int
    failed: int
    errors: int
    skipped: int

    def as_dict(self) -> dict:
        return {"tests": self.tests, "passed": self.passed, "failed": self.failed,
                "errors": self.errors, "skipped": self.skipped}


def count(cases) -> Counts:
    tally = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    for case in cases:
        tally[case.outcome] += 1
    total = sum(tally.values())
    return Counts(total, tally["passed"], tally["failed"], tally["error"], tally["skipped"])


@dataclass
class FileCases:
    claimed: str
    kind: str  # "file" | "ambiguous" | "none"
    module: str | None = None
    cases: list[TestCase] = field(default_factory=list)
    candidates: tuple[str, ...] = ()


@dataclass
class JUnitResults:
    path: str
    cases: list[TestCase]
    timestamp: float | None
    timestamp_origin: str
    duplicates: int = 0  # entries merged into an earlier (classname, name)

    def counts(self) -> Counts:
        return count(self.cases)

    def for_file(self, claimed: str) -> FileCases:
        want = components(claimed)
        if not want:
            return FileCases(claimed, "none")
        modules: dict[tuple[str, ...], list[TestCase]] = {}
        for case in self.cases:
            for module in case.modules():
                shorter, longer = sorted((want, module), key=len)
                if module[-1] == want[-1] and longer[-len(shorter):] == shorter:
                    modules.setdefault(module, []).append(case)
                    break
        if len(modules) == 1:
            (module, cases), = modules.items()
            return FileCases(claimed, "file", "/".join(module), cases)
        if modules:
            return FileCases(claimed, "ambiguous",
                             candidates=tuple(sorted("/".join(m) for m in modules)))
        return FileCases(claimed, "none")

    def timestamp_text(self) -> str | None:
        if self.timestamp is None:
            return None
        return datetime.fromtimestamp(self.timestamp).astimezone().isoformat(timespec="seconds")

    def describe(self) -> dict:
        described = {"path": self.path, "timestamp": self.timestamp_text(),
                     "timestamp_from": self.timestamp_origin}
        if self.duplicates:
            described["duplicates_merged"] = self.duplicates
        return described


def _outcome(case) -> str:
    tags = {child.tag for child in case}
    if "error" in tags:
        return "error"
    if "failure" in tags:
        return "failed"
    if "skipped" in tags:
        return "skipped"
    return "passed"


def read_junit(path: str) -> JUnitResults:
    import xml.etree.ElementTree as ET

    try:
        if os.path.getsize(path) > MAX_REPORT_BYTES:
            raise JUnitReadError(path, "file too large to read")
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise JUnitReadError(path, f"cannot read: {exc.strerror or exc}",
                             "check the --junit path") from exc
    if b"<!ENTITY" in raw[:65536]:
        raise JUnitReadError(path, "the XML declares entities; planproof does not expand them")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise JUnitReadError(path, f"not well-formed XML: {exc}",
                             "regenerate it with `pytest --junitxml=PATH`") from exc
    if root.tag not in ("testsuites", "testsuite"):
        raise JUnitReadError(path, f"root element is <{root.tag}>, not <testsuites>/<testsuite>",
                             "pass a JUnit XML report (`pytest --junitxml=PATH`)")
    seen: dict[tuple[str, str], TestCase] = {}
    duplicates = 0
    for element in root.iter("testcase"):
        key = (element.get("classname", ""), element.get("name", ""))
        case = TestCase(key[0], key[1], _outcome(element), element.get("file"))
        previous = seen.get(key)
        if previous is None:
            seen[key] = case
            continue
        duplicates += 1
        if RANK[case.outcome] > RANK[previous.outcome]:
            previous.outcome = case.outcome
    timestamp, origin = None, "file modification time"
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    for suite in suites:
        stamp = suite.get("timestamp")
        if stamp:
            try:
                timestamp, origin = datetime.fromisoformat(stamp).timestamp(), "testsuite timestamp"
                break
            except ValueError:
                continue
    if timestamp is None:
        timestamp = os.stat(path).st_mtime
    return JUnitResults(path, list(seen.values()), timestamp, origin, duplicates)


@dataclass
class JUnitEvidence:
    """The JUnit files of one run (`--junit`, repeatable), read on first use."""

    paths: list[str]
    _read: tuple[JUnitResults | None, list[JUnitReadError]] | None = field(default=None, init=False)

    @property
    def given(self) -> bool:
        return bool(self.paths)

    @property
    def results(self) -> JUnitResults | None:
        """The readable files merged into one run; None when none is readable."""
        return self._load()[0]

    @property
    def errors(self) -> list[JUnitReadError]:
        """The files that cannot be read."""
        return self._load()[1]

    def _load(self) -> tuple[JUnitResults | None, list[JUnitReadError]]:
        if self._read is None:
            readable, errors = [], []
            for path in self.paths:
                try:
                    readable.append(read_junit(path))
                except JUnitReadError as exc:
                    errors.append(exc)
            self._read = (merge(readable) if readable else None, errors)
        return self._read


def merge(results: list[JUnitResults]) -> JUnitResults:
    """Several JUnit files of one run (CI shards) as one: cases deduplicated across files with
    the worst outcome; the newest timestamp."""
    if len(results) == 1:
        return results[0]
    seen: dict[tuple[str, str], TestCase] = {}
    duplicates = sum(r.duplicates for r in results)
    for result in results:
        for case in result.cases:
            key = (case.classname, case.name)
            previous = seen.get(key)
            if previous is None:
                seen[key] = TestCase(case.classname, case.name, case.outcome, case.file)
                continue
            duplicates += 1
            if RANK[case.outcome] > RANK[previous.outcome]:
                previous.outcome = case.outcome
    newest = max(results, key=lambda r: r.timestamp or 0)
    return JUnitResults(", ".join(r.path for r in results), list(seen.values()), newest.timestamp,
                        newest.timestamp_origin, duplicates)
