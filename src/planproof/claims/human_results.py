"""Where a verification report's human checks got their result outside the item itself (PP405):
a completed UAT document of the same phase whose tests all passed, a closed gap whose reason
records the outcome of the same check, or a disposition the report writes down for it
("intentionally deferred per operator decision", "accepted as-is")."""

from __future__ import annotations

import bisect
import os
import re
from typing import Any, Iterable

from planproof import lazyre
from planproof.claims.body_lines import body_lines
from planproof.claims.frontmatter_claims import string_values
from planproof.claims.recovered_frontmatter import frontmatter_of
from planproof.planning import ids

UAT_RESULT = lazyre.compile(r"^\s*(?:[-*]\s+)?result:\s*(?P<value>\S[^\n]*?)\s*$", re.I)
UAT_PASSED = frozenset({"pass", "passed", "resolved", "fixed", "verified", "ok"})
CLOSED_GAP = frozenset({"resolved", "closed", "fixed", "verified", "passed", "met", "done"})
# The outcome written into a closed gap: "379/379 full suite passes", "confirmed on staging".
RESULT_TEXT = lazyre.compile(r"\b(?:pass(?:es|ed)?|succeeded|confirmed|verified|\d+\s*/\s*\d+)\b",
                             re.I)
# A decision someone took about the check, written down. "deferred to human verification" is
# no decision: the deferral must be by or per someone, or an explicit acceptance.
DISPOSITION = lazyre.compile(
    r"\b(?:deferred|postponed|waived|accepted|skipped)\b[^.\n]{0,60}?\b(?:per|by)\s+(?:the\s+)?"
    r"(?:operator|user|owner|maintainer|product\s+owner)s?(?:'s)?\b"
    r"|\baccepted\s+as[- ]is\b"
    r"|\b(?:operator|owner)\s+(?:accepted|waived|deferred)\b", re.I)
HUMAN_HEADING = lazyre.compile(r"\bhuman\b", re.I)
WORD = lazyre.compile(r"[a-z][a-z0-9]+")
STOP = frozenset({"the", "and", "for", "with", "that", "this", "from", "into", "are", "was", "all",
                  "run", "check", "verify", "confirm", "should", "when", "then", "each", "its"})


def _texts(value: Any) -> Iterable[str]:
    """Every string inside a frontmatter value (mappings and lists walked)."""
    return (text for _, text, _ in string_values(value))


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """Lower-cased, crudely stemmed words of three letters or more, without filler words."""
    return {_stem(w) for w in WORD.findall(text.lower().replace("'s", "")) if len(w) >= 3
            and w not in STOP}


def overlap(a: set[str], b: set[str]) -> float:
    """How much of `a` is in `b` (0 when `a` is empty)."""
    return len(a & b) / len(a) if a else 0.0


def phase_of(path: str) -> str | None:
    return ids.number(os.path.basename(path))


def completed_uat(doc, siblings: Iterable) -> str | None:
    """The path of a UAT document in the report's folder, of the same phase, with `status:
    complete` and every test result passed (at least one): it records the human checks."""
    folder, phase = os.path.dirname(doc.path), phase_of(doc.path)
    if phase is None:
        return None
    for other in siblings:
        if (other is doc or other.kind != "UAT" or os.path.dirname(other.path) != folder
                or phase_of(other.path) != phase):
            continue
        status = frontmatter_of(other).data.get("status")
        if not isinstance(status, str) or status.strip().lower() not in ("complete", "completed"):
            continue
        results = [m.group("value").strip("[]` ").lower() for _, text in body_lines(other).lines
                   if "result" in text and (m := UAT_RESULT.match(text))]
        if results and all(r.split()[0].rstrip(".,;") in UAT_PASSED for r in results if r):
            return other.path
    return None


def _item_words(item: Any) -> set[str]:
    if isinstance(item, dict):
        named = [item[k] for k in ("test", "name", "check", "item") if isinstance(item.get(k), str)]
        return content_words(" ".join(named or list(_texts(item))))
    return content_words(" ".join(_texts(item)))


def recording_gap(item: Any, gaps: Any) -> int | None:
    """The index of a closed frontmatter gap about the same check whose reason or resolution
    records its outcome, e.g. item "Rebuild container and run full test suite" and a resolved
    gap "Container rebuilt ... 379/379 full suite passes"."""
    words = _item_words(item)
    if len(words) < 3 or not isinstance(gaps, list):
        return None
    for index, gap in enumerate(gaps):
        if not isinstance(gap, dict):
            continue
        status = gap.get("status")
        if not isinstance(status, str) or status.strip().lower() not in CLOSED_GAP:
            continue
        outcome = " ".join(_texts([gap.get(k) for k in ("reason", "resolution", "resolved_by",
                                                        "result", "evidence")]))
        if RESULT_TEXT.search(outcome) and overlap(words, content_words(" ".join(_texts(gap)))) >= 0.5:
            return index
    return None


def disposed_in_item(item: Any) -> bool:
    return any(DISPOSITION.search(text) for text in _texts(item))


def body_dispositions(doc) -> list[int]:
    """Lines of the body's human-verification section(s) that write down a disposition, one per
    (sub)section: two sentences about the same check count once."""
    body = body_lines(doc)
    human, human_level = set(), None
    for line, level, text in body.headings:
        if human_level is not None and level <= human_level:
            human_level = None
        if human_level is None and HUMAN_HEADING.search(text):
            human_level = level
        if human_level is not None:
            human.add(line)
    if not human:
        return []
    starts = [line for line, _, _ in body.headings]
    found: dict[int, int] = {}
    for number, text in body.lines:
        if DISPOSITION.search(text):
            index = bisect.bisect_right(starts, number) - 1
            if index >= 0 and starts[index] in human:
                found.setdefault(starts[index], number)
    return sorted(found.values())


def results_elsewhere(doc, pending: list, siblings: Iterable) -> tuple[int, dict]:
    """How many of the `pending` human items stay without a result once results recorded
    elsewhere are counted, and where those results were found (evidence)."""
    uat = completed_uat(doc, siblings)
    if uat:
        return 0, {"recorded_by_uat": uat}
    gaps = frontmatter_of(doc).data.get("gaps")
    evidence: dict = {}
    rest = []
    for item in pending:
        index = recording_gap(item, gaps)
        if index is not None:
            evidence.setdefault("recorded_by_gaps", []).append(index)
        else:
            rest.append(item)
    disposed = sum(1 for item in rest if disposed_in_item(item))
    body = body_dispositions(doc)
    if disposed or body:
        evidence["dispositions"] = {"in_items": disposed, "body_lines": body}
    return max(0, len(rest) - max(disposed, len(body))), evidence
