"""Claims from the frontmatter: every string value scanned (a `score` value read as a score
first), positioned in the file, with a sibling `path` as its subject; lines YAML could not
read are scanned as plain text."""

from __future__ import annotations

from typing import Any, Iterator

from planproof.claims.claim_context import build_claim
from planproof.claims.found import Found
from planproof.claims.model import Claim
from planproof.claims.recovered_frontmatter import frontmatter_of
from planproof.claims.scan_scores import SCORE_VALUE, score_found
from planproof.claims.scanner import may_claim, scan
from planproof.findings import Span
from planproof.frontmatter_model import child_path


def frontmatter_claims(doc) -> list[Claim]:
    """The frontmatter's claims, read once per document (lint and verify rules both ask)."""
    return list(doc.memo.get("claims.frontmatter", lambda: _read(doc)))


def string_values(data: Any) -> Iterator[tuple[str, str, dict | None]]:
    """(key path, string, the mapping that holds it) of every string value, in order."""
    stack: list[tuple[Any, str, dict | None]] = [(data, "", None)]
    while stack:
        value, key_path, owner = stack.pop()
        if isinstance(value, str):
            yield key_path, value, owner
        elif isinstance(value, dict):
            for key, child in reversed(list(value.items())):
                stack.append((child, child_path(key_path, key), value))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                stack.append((value[index], f"{key_path}[{index}]", owner))


def _read(doc) -> list[Claim]:
    recovered = frontmatter_of(doc)
    fm = recovered.frontmatter
    claims: list[Claim] = []
    for line_no in recovered.skipped:  # lines YAML could not read: scanned as plain text
        raw = doc.lines[line_no - 1]
        for item in scan(raw):
            span = Span(line_no, item.start + 1, line_no, item.end + 1)
            claims.append(build_claim(item, raw, span, "frontmatter", raw=raw))
    if not fm.present or not isinstance(fm.data, dict):
        return claims
    for key_path, value, owner in string_values(fm.data):
        if may_claim(value):
            position = fm.positions.get(key_path)
            claims.extend(_value_claims(doc, position, key_path, value, owner))
    return claims


def _found_in_value(key_path: str, value: str) -> list[Found]:
    """The claims of one string; under a `score` key a leading `N/M` is the score."""
    last_key = key_path.rsplit(".", 1)[-1].split("[", 1)[0].lower()
    match = SCORE_VALUE.match(value) if "score" in last_key else None
    score = score_found(value, match, match.start("num")) if match else None
    if score is None:
        return scan(value)
    return [score] + [f for f in scan(value) if f.start >= score.end]


def _value_claims(doc, position, key_path: str, value: str, owner: dict | None) -> list[Claim]:
    sibling = owner.get("path") if isinstance(owner, dict) else None
    sibling = sibling if isinstance(sibling, str) else None
    claims = []
    cursor = None
    for item in _found_in_value(key_path, value):
        claim_text = value[item.start:item.end]
        span, raw, raw_offset, cursor = _frontmatter_span(doc, position, claim_text, item, cursor)
        claims.append(build_claim(item, value, span, "frontmatter", key_path=key_path, raw=raw,
                                  raw_offset=raw_offset, subject=sibling))
    return claims


def _frontmatter_span(doc, position, claim_text: str, item: Found,
                      cursor: tuple[int, int] | None):
    """Where `claim_text` sits in the file, searching on from `cursor` (the end of the previous
    claim of the same value); falls back to the value's start. Returns (span, raw line,
    raw offset, new cursor)."""
    if position is None:
        line = doc.frontmatter.start_line or 1
        return Span(line, 1), None, 0, cursor
    value_span = position.value
    first = value_span.line
    last = value_span.last_line
    start_line, start_column = cursor or (first, value_span.column - 1)
    for line_no in range(start_line, min(last, len(doc.lines)) + 1):
        source = doc.lines[line_no - 1]
        begin = start_column if line_no == start_line else 0
        column = source.find(claim_text, begin)
        if column >= 0:
            span = Span(line_no, column + 1, line_no, column + 1 + len(claim_text))
            return span, source, item.start - column, (line_no, column + len(claim_text))
    return Span(first, value_span.column), None, 0, cursor
