"""Test-result claims the main extractor does not type: `22 tests, 15 passing`,
`15 of 22 tests pass`, `all tests pass` / `all 82 tests passing`.

Added by the coverage/JUnit work (issue 10) as a clearly separate extractor; `X/Y passing`
fractions come from `extract_claims` (FractionClaim / FractionPercentClaim) and are not repeated
here. Positions and context follow the main model: each claim is a `TestResultClaim` (a `Claim`)
with `span`, `origin`, `key_path`/`block`, `clause` and `subject` (the nearest file name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from planproof.claims.model import Claim
from planproof.findings import Span

_INT = r"\d{1,3}(?:,\d{3})+|\d+"
_PASS = r"(?:pass(?:ing|ed|es)?)"
TESTS_THEN_PASSING = re.compile(
    rf"(?<![\w.,/])(?P<total>{_INT})\s+(?:\w+\s+)?tests?\b[,;:]?\s+(?:\(\s*)?(?P<passed>{_INT})\s+{_PASS}\b",
    re.I)
PASSED_OF_TOTAL = re.compile(
    rf"(?<![\w.,/])(?P<passed>{_INT})\s+(?:out\s+)?of\s+(?P<total>{_INT})\s+(?:\w+\s+)?tests?\s+"
    rf"(?:are\s+|now\s+)?{_PASS}\b", re.I)
ALL_PASS = re.compile(
    rf"\ball\s+(?:(?P<total>{_INT})\s+)?(?:(?P<qualifier>\w+)\s+)?tests?\s+(?:are\s+|now\s+|still\s+)?"
    rf"{_PASS}\b", re.I)
# Expectations, not results: "all tests should pass", "make sure all tests pass".
MODAL_BEFORE = re.compile(r"\b(?:should|must|will|would|shall|until|ensure|make sure|verify"
                          r"|confirm|check|expect(?:ed)?|so that|once|when|if|need|goal|target|with|after"
                          r"|before|unless)\b"
                          r"[^.;:]*$", re.I)
FILE_NAME = re.compile(r"(?<![\w./-])(?:[\w.-]+/)*[\w.-]+\.(?:py|ts|tsx|js|jsx|go|rs|rb|java|kt)\b")


@dataclass(kw_only=True)
class TestResultClaim(Claim):
    """`passed` of `total` tests pass (`total` None for a bare "all tests pass")."""

    __test__ = False
    kind: ClassVar[str] = "test_result"
    passed: int | None
    total: int | None
    all_pass: bool = False
    qualifier: str | None = None  # "all unit tests pass": a subset of the suite


def _int(text: str | None) -> int | None:
    return int(text.replace(",", "")) if text else None


def _scan(text: str):
    taken: list[tuple[int, int]] = []
    for pattern, all_pass in ((TESTS_THEN_PASSING, False), (PASSED_OF_TOTAL, False),
                              (ALL_PASS, True)):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if MODAL_BEFORE.search(text[max(0, match.start() - 60):match.start()]):
                continue
            taken.append((match.start(), match.end()))
            groups = match.groupdict()
            total = _int(groups.get("total"))
            passed = total if all_pass else _int(groups.get("passed"))
            yield match, passed, total, all_pass, groups.get("qualifier")


def _subject(text: str, start: int) -> str | None:
    before = [m.group(0) for m in FILE_NAME.finditer(text[:start])]
    if before:
        return before[-1]
    after = FILE_NAME.search(text, start)
    return after.group(0) if after else None


def _raw(doc, block) -> str:
    """The block's source lines, inline code included (block text blanks it out)."""
    return "\n".join(doc.lines[block.line - 1:block.end_line]).strip()


def _block_subject(doc, block, match) -> str | None:
    """File names are often written as inline code: look in the block's source lines."""
    raw = _raw(doc, block)
    at = raw.find(match.group(0))
    return _subject(raw, at if at >= 0 else len(raw))


def extract_test_results(doc) -> list[TestResultClaim]:
    """Test-result claims from the body's prose blocks and from frontmatter string values."""
    claims: list[TestResultClaim] = []
    for block in doc.body.prose():
        for match, passed, total, all_pass, qualifier in _scan(block.text):
            line, column = block.position(match.start())
            end_line, end_column = block.position(match.end())
            claims.append(TestResultClaim(
                text=" ".join(match.group(0).split()), span=Span(line, column, end_line, end_column),
                origin=block.kind, block=block, clause=_raw(doc, block),
                subject=_block_subject(doc, block, match), unit="tests",
                keywords=("tests", "passing"), passed=passed, total=total, all_pass=all_pass,
                qualifier=qualifier))
    frontmatter = _frontmatter(doc)
    data = frontmatter.data
    if isinstance(data, dict):
        for key_path, value, owner in _strings(data):
            for match, passed, total, all_pass, qualifier in _scan(value):
                subject = _subject(value, match.start())
                if subject is None and isinstance(owner, dict) and isinstance(owner.get("path"), str):
                    subject = owner["path"]
                claims.append(TestResultClaim(
                    text=match.group(0), span=frontmatter.span(key_path), origin="frontmatter",
                    key_path=key_path, clause=value, subject=subject, unit="tests",
                    keywords=("tests", "passing"), passed=passed, total=total, all_pass=all_pass,
                    qualifier=qualifier))
    claims.sort(key=lambda c: (c.span.line, c.span.column))
    return claims


def _frontmatter(doc):
    """The frontmatter, recovered around YAML errors the way the main extractor does."""
    try:
        from planproof.claims.recovered_frontmatter import frontmatter_of
    except ImportError:
        return doc.frontmatter
    return frontmatter_of(doc).frontmatter


def _strings(data, path: str = ""):
    """(key_path, string, owning mapping) for every string value, key paths as the frontmatter
    positions spell them (`gaps[1].artifacts[0].tests`)."""
    stack = [(data, path, None)]
    while stack:
        value, key_path, owner = stack.pop()
        if isinstance(value, str):
            yield key_path, value, owner
        elif isinstance(value, dict):
            for key, child in value.items():
                stack.append((child, f"{key_path}.{key}" if key_path else str(key), value))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                stack.append((child, f"{key_path}[{index}]", owner))
