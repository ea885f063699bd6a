"""Line and test counts claimed in prose next to one file: found (`968 lines` after exactly one
existing file path on a line), and judged against `wc -l` (PP540) or a static test count (PP541)."""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.claim_fixes import count_fix
from planproof.evidence.test_classes import named_class_counts
from planproof.evidence.testfiles import is_test_module
from planproof.fences import prose_lines
from planproof.findings import Span
from planproof.rules.repository.pathtext import PATH_TOKEN, is_pathlike
from planproof.rules.repository.verdicts import Verdicts

COUNT = lazyre.compile(
    r"(?<![\w/.+-])(?P<approx>~\s?|≈\s?|about\s+|approx(?:imately|\.)?\s+|around\s+|roughly\s+)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<plus>\+)?\s*"
    r"(?P<unit>lines?|LOC|tests?|test\s+cases?|test\s+functions?)\b(?!\s+(?:of|from|in\b|deleted|"
    r"removed|added|changed|inserted|per|to\b|long|above|below|before|after|class|file|suite|"
    r"module|stub|helper|fixture|run|plan|group|categor|area|scenario))", re.I)
AT_LEAST_BEFORE = lazyre.compile(r"(?:\bmin(?:imum)?\.?|\bat least|>=|≥|\bover|\bmore than)\s*:?\s*$", re.I)
SKIP_BEFORE = lazyre.compile(r"(?:\bmax(?:imum)?\.?|\bunder|\bless than|\bup to|<=|≤|<|\bin|\bof|\bfor|"
                             r"\bacross|\bamong|\bfrom|\bto|\bper|\bby|"
                             r"\b(?:plan|phase|task|wave|step|truth|item)\s*#?)\s*:?\s*$", re.I)
TEST_VETO = lazyre.compile(r"\b(?:suite|total|overall|whole|full|all tests|regression)", re.I)
COUNT_VETO = lazyre.compile(r"\b(?:delet|remov|insert|chang|diff|added|adds|shrunk|grew|grow|reduc|"
                            r"increas|decreas|before|was\b|from\s+\d)|[+-]\d+\s*(?:lines|tests)", re.I)
SUBSET_AFTER = lazyre.compile(r"\s*(?:are\s+|were\s+|still\s+)?(?:failing|failed|fail|skipped|broken|"
                              r"erroring|errored|flaky|xfail\w*|pending|fixed|updated|modified)\b",
                              re.I)
FAILURES = lazyre.compile(r"\b(?:fail(?:s|ed|ing|ures?)|broken|skipped|xfail\w*|flaky|"
                          r"pre-?existing)\b", re.I)
ADDED = lazyre.compile(r"\b(?:added|adds|adding|new)\b", re.I)
APPROX_TOLERANCE = 0.10  # `~968 lines` accepts 10% either way (at least 2 lines)
COUNTED_KINDS = ("SUMMARY", "VERIFICATION", "GENERIC")


def judge_counts(v: Verdicts) -> None:
    if v.doc.kind not in COUNTED_KINDS:
        return
    for number, line in prose_lines(v.doc):
        if not any(c.isdigit() for c in line) or ("line" not in line.lower()
                                                   and "test" not in line.lower()
                                                   and "LOC" not in line):
            continue
        claims = list(COUNT.finditer(line))
        file = _one_file(v, line) if claims else None
        if file is None:
            continue  # no file, or several: the count is not tied to one file
        match, resolved = file
        vetoed = bool(COUNT_VETO.search(line))
        for claim in _counts_of_the_file(line, claims, match.end()):
            _judge_count(v, Count(claim, line, number), resolved, vetoed)


def _one_file(v: Verdicts, line: str):
    """(match, resolved) of the one existing file the line names, or None (none, or several)."""
    files = []
    for match in PATH_TOKEN.finditer(line):
        token = match.group(1)
        if token.endswith("/") or not is_pathlike(token):
            continue
        resolved = v.ev.resolve(v.doc, token)
        if resolved.is_file and resolved.relative not in [f[1].relative for f in files]:
            files.append((match, resolved))
            if len(files) > 1:
                return None
    return files[0] if files else None


def _counts_of_the_file(line: str, claims: list, after: int) -> list:
    """The counts after the file's path that count the file: not bounds of something else
    (`under 500 lines`), not one of several different counts of one kind, not a suite total."""
    kept = [c for c in claims if c.start() >= after and not SKIP_BEFORE.search(line[:c.start()])]
    exact: dict[str, set[str]] = {}
    for claim in kept:
        if not claim.group("plus") and not AT_LEAST_BEFORE.search(line[:claim.start()]):
            exact.setdefault(_unit(claim), set()).add(claim.group("number"))
    return [c for c in kept if len(exact.get(_unit(c), ())) <= 1
            and not (_unit(c) == "tests" and TEST_VETO.search(line))]


class Count:
    """One count claim: the number, how exact it is, where it is written."""

    def __init__(self, claim, line: str, number: int) -> None:
        self.claim, self.line, self.number = claim, line, number
        self.unit = _unit(claim)
        self.claimed = int(claim.group("number").replace(",", ""))
        self.approx = bool(claim.group("approx"))
        self.at_least = bool(claim.group("plus")) or bool(AT_LEAST_BEFORE.search(line[:claim.start()]))
        self.text = claim.group(0).strip()
        self.span = Span(number, claim.start() + 1, number, claim.end() + 1)

    def agrees(self, actual: int) -> bool:
        if self.at_least:
            return actual >= self.claimed
        if self.approx:
            return abs(actual - self.claimed) <= _tolerance(self.claimed)
        return actual == self.claimed

    def expected(self) -> dict:
        return {self.unit: self.claimed, "approximate": self.approx, "at_least": self.at_least}

    def fix(self, actual: int):
        return count_fix(self.number, self.claim, actual, self.unit, self.line)


def _judge_count(v: Verdicts, count: Count, resolved, vetoed: bool) -> None:
    if count.unit == "lines":
        if not vetoed:
            _judge_line_count(v, count, resolved)
    elif is_test_module(resolved.relative):
        _judge_test_count(v, count, resolved)


def _judge_line_count(v: Verdicts, count: Count, resolved) -> None:
    actual = v.ev.repo.line_count(resolved.abspath)
    if actual is None or count.agrees(actual) or count.claimed == actual + 1:
        return  # `+ 1`: GSD's checker counts `content.split('\n').length`
    v.report("PP540", f"{resolved.relative} has {actual} lines, the document says {count.text}",
             count.span, "update the number (counted like `wc -l`; `wc -l` + 1 is accepted too)" + (
                 f"; '~' allows {_tolerance(count.claimed)} lines either way" if count.approx else ""),
             {**resolved.evidence(), "claim": count.text, "expected": count.expected(),
              "found": {"lines": actual, "counted_as": "wc -l"}}, fix=count.fix(actual))


def _judge_test_count(v: Verdicts, count: Count, resolved) -> None:
    counted = v.ev.repo.tests(resolved.abspath)
    if counted is None or count.agrees(counted.count) or _some_of_the_tests(count, counted):
        return
    classes = named_class_counts(count.line, v.ev.repo.read(resolved.abspath).text,
                                 resolved.relative)
    if classes and any(count.agrees(n) for n in [*classes.values(), sum(classes.values())]):
        return  # the line counts the tests of the classes it names
    found = {"tests": counted.count, "lower_bound": counted.lower_bound,
             "counted_as": f"static {counted.language} test count"}
    evidence = {**resolved.evidence(), "claim": count.text, "expected": count.expected(),
                "found": found}
    if counted.notes:
        evidence["notes"] = sorted(set(counted.notes))
    if classes:
        found["classes"] = classes
    at_least = "at least " if counted.lower_bound else ""
    v.report("PP541", f"{resolved.relative} defines {at_least}{counted.count} tests, the document "
             f"says {count.text}", count.span, "update the number (counted statically: test "
             "functions times literal parametrize values)", evidence,
             fix=None if counted.lower_bound else count.fix(counted.count))


def _some_of_the_tests(count: Count, counted) -> bool:
    """A lower bound below the claim refutes nothing; `added 5 tests`, `10 tests failing` count
    some of the file's tests, not all."""
    if counted.lower_bound and counted.count < count.claimed:
        return True
    line, claim = count.line, count.claim
    return count.claimed < counted.count and bool(
        ADDED.search(line[:claim.start()]) or SUBSET_AFTER.match(line, claim.end())
        or FAILURES.search(line))


def _unit(claim) -> str:
    unit = claim.group("unit").lower()
    return "lines" if unit.startswith("line") or unit == "loc" else "tests"


def _tolerance(claimed: int) -> int:
    return max(2, round(claimed * APPROX_TOLERANCE))
