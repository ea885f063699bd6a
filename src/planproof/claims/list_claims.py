"""Claims read across consecutive list items: progressions (`Week 0: 6,615 tests` / `Week 2:
~6,900 tests (+285)`) and a coverage target with the lines it needs, read against the current
counts of the item before it (`Current: 12.6% (169/1163 lines)` / `Target: 50% (+407 lines)`)."""

from __future__ import annotations

import re
from typing import Any

from planproof import lazyre
from planproof.claims.claim_context import keywords_of
from planproof.claims.model import Claim, FractionPercentClaim, ProgressionClaim, TargetLinesClaim
from planproof.claims.numbers import parse_number
from planproof.claims.text_patterns import UNSIGNED, WORD
from planproof.findings import Span

PROGRESSION_ITEM = lazyre.compile(
    rf"^\s*(?:\*\*|__)?(?P<label>[A-Za-z][^:*\n]{{0,39}}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?"
    rf"(?P<value>{UNSIGNED})(?:\*\*|__)?(?P<noun>(?:\s+{WORD})?)"
    rf"(?:\s*\(\s*(?P<delta>[+\-−]\s?{UNSIGNED})\s*\))?\s*$")
SEQUENCE_LABEL = lazyre.compile(r"^([A-Za-z]+)\s*#?\d+(?:\.\d+)?\b")
BASE_LABELS = frozenset({"baseline", "base", "before", "start", "current", "now", "today"})
STEP_DELTAS = ("(+", "(-", "(−")  # a progression states at least one of these
TARGET_LINES = lazyre.compile(
    rf"^\s*(?:\*\*|__)?target(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*:?\s*"
    rf"(?P<target>{UNSIGNED})\s?%\s*\(\s*(?P<needed>\+\s?{UNSIGNED})\s+"
    rf"(?P<unit>lines|statements|stmts)\b[^)]*\)", re.I)
LINE_UNITS = ("lines", "statements", "stmts")


def _raw_line(doc, line: int) -> str:
    return doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""


def _runs(body) -> list[list[tuple[Any, re.Match]]]:
    """Runs of adjacent list items of one level that read `Label: N noun`; a paragraph right
    after an item does not end its run."""
    runs: list[list[tuple[Any, re.Match]]] = [[]]
    previous_block = None
    for block in body.blocks:
        if block.kind != "list_item":
            if block.kind != "paragraph" or previous_block is None:
                runs.append([])
            previous_block = None
            continue
        match = PROGRESSION_ITEM.match(block.text)
        adjacent = previous_block is not None and block.line <= previous_block.end_line + 1 \
            and block.level == previous_block.level
        if not match or not adjacent:
            runs.append([])
        if match:
            runs[-1].append((block, match))
        previous_block = block if match else None
    return [run for run in runs if len(run) >= 2]


def progression_claims(doc, body) -> list[Claim]:
    """Runs of consecutive list items `Label: N noun` / `Label: ~N noun (+D)`."""
    if not any(delta in doc.text for delta in STEP_DELTAS):
        return []
    if not any(block.kind == "list_item" and any(delta in block.text for delta in STEP_DELTAS)
               for block in body.blocks):
        return []
    return [claim for run in _runs(body) for claim in _progression(doc, run)]


def _sequence_key(label: str) -> str | None:
    label = label.strip().lower()
    match = SEQUENCE_LABEL.match(label)
    if match:
        return match.group(1)
    if label in BASE_LABELS:
        return "base"
    return None


def _reads_as_sequence(run) -> bool:
    """One noun throughout, and labels of a sequence (Week 0, Week 2...; Baseline, After...),
    not of parts; the first item states no delta of its own."""
    first = run[0][1]
    if first.group("delta") or len({m.group("noun").strip().lower() for _, m in run}) > 1:
        return False
    keys = {_sequence_key(m.group("label")) for _, m in run[1:]}
    first_key = _sequence_key(first.group("label"))
    return None not in keys and len(keys) == 1 and (first_key in keys or first_key == "base")


def _progression(doc, run) -> list[Claim]:
    first_block, first = run[0]
    base = parse_number(first.group("value"))
    if not _reads_as_sequence(run) or base is None:
        return []
    out: list[Claim] = []
    previous = base
    base_line, base_column = first_block.position(first.start("value"))
    for block, match in run[1:]:
        value = parse_number(match.group("value"))
        if value is None:
            return out
        if match.group("delta"):
            delta = parse_number(match.group("delta"))
            if delta is None:
                continue  # `(+~285)`: unreadable, and not a step to measure the next one from
            line, column = block.position(match.start("value"))
            end_line, end_column = block.position(match.end("delta") + 1)
            raw = _raw_line(doc, line)
            out.append(ProgressionClaim(
                text=block.text[match.start("value"):match.end("delta") + 1],
                span=Span(line, column, end_line, end_column), origin="list_item", block=block,
                clause=raw.strip(), subject=None, unit=match.group("noun").strip().lower() or None,
                keywords=keywords_of(raw), role=None, label=match.group("label").strip(),
                value=value, delta=delta, base=base, base_label=first.group("label").strip(),
                previous=previous, base_span=Span(base_line, base_column)))
        previous = value
    return out


def target_lines_claims(doc, body, claims: list[Claim]) -> list[Claim]:
    """`Target: 50% (+407 lines)` in the list item right after `Current: ... (a/b lines)`."""
    if "arget" not in doc.text:
        return []
    currents = {id(claim.block): claim for claim in claims
                if isinstance(claim, FractionPercentClaim) and claim.unit in LINE_UNITS
                and claim.block is not None and claim.block.kind == "list_item"}
    if not currents:
        return []
    out: list[Claim] = []
    items = [b for b in body.blocks if b.kind == "list_item"]
    for index, block in enumerate(items):
        current = currents.get(id(block))
        for follower in items[index + 1:index + 3] if current is not None else ():
            if follower.level != block.level:
                break
            match = TARGET_LINES.match(follower.text)
            if match:
                claim = _target_lines(doc, follower, match, current)
                if claim is not None:
                    out.append(claim)
                break
    return out


def _target_lines(doc, follower, match: re.Match, current: FractionPercentClaim):
    target = parse_number(match.group("target"), True)
    needed = parse_number(match.group("needed"))
    if target is None or needed is None:
        return None
    line, column = follower.position(match.start("target"))
    end_line, end_column = follower.position(match.end())
    return TargetLinesClaim(
        text=follower.text[match.start("target"):match.end()],
        span=Span(line, column, end_line, end_column), origin="list_item",
        block=follower, clause=_raw_line(doc, line).strip(), subject=current.subject,
        unit=match.group("unit").lower(), keywords=current.keywords, role="target",
        covered=current.numerator, total=current.denominator,
        current_percent=current.percent, target=target, needed=needed,
        current_span=current.span)
