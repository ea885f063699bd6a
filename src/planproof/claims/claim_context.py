"""A found claim made a Claim: its position, and the context around it that checkers compare
with real data: the clause, the subject (nearest file name), the counted unit, the vocabulary
keywords and the role (before / after / target / threshold / current / baseline)."""

from __future__ import annotations

import bisect
import functools
import re

from planproof import lazyre
from planproof.claims.found import Found
from planproof.claims.model import ChangeClaim, Claim
from planproof.findings import Span

FILE_NAME = lazyre.compile(
    r"(?<![\w/.-])(?:[\w.-]+/)*[\w-][\w.-]*\.(?:py|pyi|ts|tsx|js|jsx|mjs|cjs|go|rs|java|kt|rb|"
    r"php|cs|c|h|cc|cpp|hpp|swift|vue|svelte|sql|sh|md|json|ya?ml|toml|html|css|scss)\b"
    r"|(?<![\w/.-])(?:[\w.-]+/)+(?![\w])")
KEYWORD = lazyre.compile(
    r"\b(coverage|covered|uncovered|lines?|statements?|branch(?:es)?|tests?|passing|passed|"
    r"pass|failing|failed|fail(?:ures?)?|skipped|errors?|verified|target|goal|overall|total|"
    r"average|baseline|current(?:ly)?|measured|must[-_]haves?|truths?|requirements?|criteria|"
    r"plans?|tasks?|files?|functions?|modules?)\b", re.I)
UNIT_WORDS = frozenset(
    "lines line statements statement stmts branches branch tests test passing passed failing "
    "failed skipped errors cases assertions must-haves must_haves truths truth requirements "
    "criteria files file plans plans tasks task functions modules checks items points covered "
    "verified".split())
UNIT_STOP = lazyre.compile(r"[(),;:|\d]")
THRESHOLD_BEFORE = lazyre.compile(
    r"(?:[<>≤≥]=?|\bat least|\babove|\bbelow|\bunder|\bover|\bmore than|\bless than|"
    r"\bminimum|\bmin|\bmaximum|\bmax|\bwithin|\bexceeds?)\s*$", re.I)
TARGET_BEFORE = lazyre.compile(
    r"\b(?:targets?|targeted|goal|reach(?:es|ed|ing)?|achieve[sd]?|aim(?:ing)?|to|towards?|hit)"
    r"\b[\s:*]*$", re.I)
CURRENT_BEFORE = lazyre.compile(
    r"\b(?:current(?:ly)?|measured|actual|now)\b(?:\s+(?:at|is|of))?[\s:*]*$", re.I)
BASELINE_BEFORE = lazyre.compile(r"\bbaseline\b[\s:*]*$", re.I)
ROLES_BEFORE = (("threshold", THRESHOLD_BEFORE), ("baseline", BASELINE_BEFORE),
                ("current", CURRENT_BEFORE), ("target", TARGET_BEFORE))
CLAUSE_BREAK = lazyre.compile(r"(?:[.;!?](?=\s)|\s\|\s?|\s[-–—]\s)")
CONTEXT_WINDOW = 240  # characters either side of a claim that its context is read from


@functools.lru_cache(maxsize=256)
def _line_index(raw: str):
    """File names and keywords of one source text, found once (claims on one line share it)."""
    files = [(m.start(), m.end(), m.group(0)) for m in FILE_NAME.finditer(raw)]
    words = [(m.start(), m.end(), m.group(0).lower()) for m in KEYWORD.finditer(raw)]
    return files, [f[0] for f in files], [f[1] for f in files], words, [w[0] for w in words]


@functools.lru_cache(maxsize=256)
def keywords_of(text: str) -> tuple[str, ...]:
    """The vocabulary words of `text`, lower case, each once, in order."""
    return tuple(dict.fromkeys(k.lower() for k in KEYWORD.findall(text)))


def _clause_bounds(raw: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): between the nearest clause breaks, within a window."""
    begin = max(0, start - CONTEXT_WINDOW)
    for match in CLAUSE_BREAK.finditer(raw, begin, max(0, start)):
        begin = match.end()
    stop = min(len(raw), end + CONTEXT_WINDOW)
    tail = CLAUSE_BREAK.search(raw, min(end, len(raw)), stop)
    if tail:
        stop = tail.start()
    return begin, stop


def _subject(raw: str, start: int, end: int) -> str | None:
    """The nearest file name before the claim (else the first after it), within the window."""
    files, file_starts, file_ends, _, _ = _line_index(raw)
    before = bisect.bisect_right(file_ends, start) - 1
    if before >= 0 and files[before][1] >= start - CONTEXT_WINDOW:
        return files[before][2]
    after = bisect.bisect_left(file_starts, end)
    if after < len(files) and files[after][0] <= end + CONTEXT_WINDOW:
        return files[after][2]
    return None


def _clause_keywords(raw: str, begin: int, stop: int) -> list[str]:
    _, _, _, words, word_starts = _line_index(raw)
    first = bisect.bisect_left(word_starts, begin)
    out = []
    for index in range(first, len(words)):
        _, w_end, word = words[index]
        if w_end > stop:
            break
        out.append(word)
    return out


def _unit(raw: str, at: int) -> str | None:
    """The counted noun among the next three words, not past a bracket, comma or number."""
    window = raw[at:at + 60]
    stop = UNIT_STOP.search(window)
    words = re.findall(r"[A-Za-z][\w-]*", window[:stop.start()] if stop else window)[:3]
    for word in words:
        if word.lower() in UNIT_WORDS:
            return word.lower()
    return None


def _role(raw_before: str, claim: Found) -> str | None:
    if claim.cls is ChangeClaim:
        return None
    value = claim.values.get("value") or claim.values.get("range")
    if value is not None and value.at_least:
        return "threshold"
    tail = raw_before[-40:]
    return next((role for role, pattern in ROLES_BEFORE if pattern.search(tail)), None)


def build_claim(item: Found, text: str, span: Span, origin: str, *, key_path: str | None = None,
                block=None, raw: str | None = None, raw_offset: int = 0,
                subject: str | None = None, role: str | None = None,
                surroundings: str = "") -> Claim:
    """The claim `item` found in `text`, with its position and context. `raw` is the source line
    text aligned so that text[i] == raw[i - raw_offset] wherever the claim lies (inline code
    not blanked); `surroundings` (the heading, the enclosing list items) adds keywords."""
    source = raw if raw is not None else text
    start = max(0, item.start - raw_offset)
    end = max(start, item.end - raw_offset)
    begin, stop = _clause_bounds(source, start, end)
    clause = source[begin:stop].strip()
    unit = item.unit or _unit(text, item.unit_at)
    keywords = tuple(dict.fromkeys(_clause_keywords(source, begin, stop)
                                   + list(keywords_of(surroundings) if surroundings else ())))
    claim_subject = _subject(source, start, end) or subject
    claim_role = role or _role(source[max(0, start - 60):start], item)
    return item.cls(text=text[item.start:item.end], span=span, origin=origin, key_path=key_path,
                    block=block, clause=clause, subject=claim_subject, unit=unit,
                    keywords=keywords, role=claim_role, **item.values)
