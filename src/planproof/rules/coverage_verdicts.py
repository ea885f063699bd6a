"""The verdicts on one document's coverage claims against the run's coverage data (PP600-PP609).

A figure is compared at the claim's own precision with coverage.py's figure as coverage.py
displays it (rules/coverage.py documents each verdict); a target only where the document says
it was met; every verdict is stale (PP607) when a measured file changed after the data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterator

from planproof.evidence.coverage import BRANCH_FORMULA, FORMULA, LINE_FORMULA, display_percent
from planproof.findings import Severity, Violation


@dataclass
class Outcome:
    """One verdict: the rule code it belongs to and the violation to report."""

    code: str
    violation: Violation


@dataclass
class Judgement:
    """One coverage claim and the measurement it is judged against."""

    item: Any  # claims.coverage.CoverageClaim
    source: Any  # the CoverageSource that measured it
    numbers: Any  # its Numbers (evidence/coverage/numbers.py)
    shown: str | None  # the measured file as shown; None for the total
    changed: list[dict]  # measured files modified after the data was recorded
    label: str  # `coverage.json of <time>; document dated <date>`
    evidence: dict  # what every finding about the claim carries
    measured: dict  # evidence["measured"]: the numbers, and the figure they were compared as

    @property
    def claim(self):
        return self.item.claim

    @property
    def precision(self) -> int:
        return self.item.value.decimals

    @property
    def claimed(self) -> str:
        return claimed_text(self.item.value)

    @property
    def where(self) -> str:
        return f"for {self.shown or self.item.subject}" if self.item.scope == "file" else "overall"

    def outcome(self, code: str, message: str, hint: str | None, verdict: str,
                severity: Severity | None = None, **extra: Any) -> Outcome:
        evidence = {**self.evidence, "verdict": verdict, **extra}
        return Outcome(code, Violation(message, self.claim.span, hint, evidence, severity))


def judge_coverage(claims, document_date: str | None, coverage,
                   reported: set[str]) -> Iterator[Outcome]:
    """The verdicts on one document's coverage claims. `reported`: the data files whose errors
    this run reported already (each is reported once, at the first claim)."""
    if not coverage.available:
        yield Outcome("PP609", Violation(
            f"{len(claims)} coverage claim(s) in this document were not checked: no coverage data",
            claims[0].claim.span, "pass --coverage PATH (.coverage, coverage.json, coverage.xml or "
            "lcov.info), or put one of them at the root",
            {"claims": [c.claim.text for c in claims][:20], "document_date": document_date}))
        return
    sources = coverage.sources
    yield from unreadable("PP608", "coverage data", coverage.errors, claims[0].claim, reported)
    if not sources:
        return
    for item in claims:
        base = {"claim": item.claim.text, "claimed": claimed_text(item.value) + "%",
                "precision": item.value.decimals, "scope": item.scope,
                "document_date": document_date}
        found = _measure(item, base, coverage)
        if isinstance(found, Outcome):
            yield found
        elif item.role == "target":
            yield _target_verdict(found)
        else:
            yield from _figure_verdict(found)


def unreadable(code: str, what: str, errors, claim, reported: set[str]) -> Iterator[Outcome]:
    """A data file that cannot be read, once per run, at the first claim that needed it."""
    for error in errors:
        if error.path in reported:
            continue
        reported.add(error.path)
        yield Outcome(code, Violation(f"{what} {error.path} cannot be read: {error.message}",
                                      claim.span, error.hint,
                                      {"data": error.path, "error": error.message}))


def data_label(path: str, timestamp: str | None, document_date: str | None) -> str:
    """`coverage.json of 2026-11-21T10:00:00+00:00; document dated 2026-01-10`."""
    text = f"{os.path.basename(path)} of {timestamp or 'unknown time'}"
    return f"{text}; document dated {document_date}" if document_date else text


def claimed_text(value) -> str:
    return f"{abs(value.value):.{value.decimals}f}"


def _measure(item, base: dict, coverage) -> Judgement | Outcome:
    """What the data says about the claim's file (or the total); an Outcome when it cannot
    say (the name is ambiguous or not measured, the total cannot be computed)."""
    claim = item.claim
    if item.scope != "file":
        source, numbers, error = coverage.total()
        if error is not None:
            return Outcome("PP608", Violation(
                f"the coverage total cannot be computed: {error.message}", claim.span,
                error.hint, {**base, "data": source.describe()}))
        return _judgement(item, base, source, numbers, source.total_files(), None, coverage)
    found = coverage.lookup(item.subject)
    source, match = found.source, found.match
    if match.kind == "ambiguous":
        names = [coverage.display_name(n) for n in match.candidates]
        return Outcome("PP605", Violation(
            f"'{item.subject}' matches {len(names)} measured files; the claim {claim.text} is "
            "not checked", claim.span,
            "write the path with enough directories to name one file: " + ", ".join(names[:5]),
            {**base, "file": item.subject, "candidates": names, "data": source.describe()}))
    if match.kind == "none" or found.error is not None:
        reason = found.error.message if found.error else "not in the coverage data"
        return Outcome("PP606", Violation(
            f"'{item.subject}' is not measured: {reason}; the claim {claim.text} is not checked",
            claim.span, "check the file name, or that the coverage run imported it "
            "(`[run] source` makes coverage.py report never-imported files at 0%)",
            {**base, "file": item.subject, "data": [s.describe() for s in coverage.sources]}))
    names = match.files
    shown = (match.directory + "/" if match.kind == "directory"
             else coverage.display_name(source.resolve(names[0]) or names[0]))
    return _judgement(item, base, source, found.numbers, names, shown, coverage)


def _judgement(item, base: dict, source, numbers, names, shown: str | None,
               coverage) -> Judgement:
    data = source.describe()
    measured = {**numbers.as_dict(), "display": numbers.display(item.value.decimals) + "%"}
    evidence = {**base, **({"file": shown} if shown else {}), "measured": measured,
                "formula": FORMULA, "data": data, "data_timestamp": data["timestamp"]}
    label = data_label(source.path, data["timestamp"], base.get("document_date"))
    return Judgement(item, source, numbers, shown, coverage.changed_after(source, names), label,
                     evidence, measured)


def _target_verdict(judged: Judgement) -> Outcome:
    """As coverage.py's --fail-under: 100 means exactly 100, else round at the precision."""
    value, numbers, precision = judged.item.value, judged.numbers, judged.precision
    met = (numbers.percent == 100.0 if value.value == 100
           else round(numbers.percent, precision) >= value.value)
    text = f"{numbers.display(precision)}%"
    if judged.changed:
        return _stale(judged, f"target {judged.claimed}% {'met' if met else 'unmet'} "
                              f"({text} measured)")
    if met:
        return judged.outcome("PP600", f"target {judged.claimed}% {judged.where} is met: "
                                       f"coverage.py reports {text} ({judged.label})",
                              None, "target met")
    return judged.outcome(
        "PP604", f"the document says the {judged.claimed}% target {judged.where} was met, but "
                 f"coverage.py reports {text} ({judged.label})",
        "correct the status, or the data is not the run the document describes", "target unmet")


def _figure_verdict(judged: Judgement) -> Iterator[Outcome]:
    """A measured, after or baseline figure (and its counts) against the data."""
    compared = _compared(judged)
    if compared is None:
        yield _maybe_stale(judged, judged.outcome(
            "PP603", f"the document claims branch coverage {judged.claimed}% {judged.where}, "
                     f"but the data was recorded without branch measurement ({judged.label})",
            "measure with `coverage run --branch`, or compare with line coverage",
            "formula mismatch", mismatch="claim is branch coverage; data is line-only"))
        return
    formula, pct, formula_text = compared
    shown_pct = display_percent(pct, judged.precision)
    judged.measured["display"] = shown_pct + "%"
    judged.evidence["formula"] = formula_text
    if formula:
        judged.measured["compared"] = f"{formula} coverage"
    agrees, note = _agrees(judged.item.value, pct, shown_pct)
    counts_agree = _counts_agree(judged)
    if judged.changed:
        status = "matches" if agrees and counts_agree else "differs from"
        yield _stale(judged, f"the claim {judged.claim.text} {status} the data ({shown_pct}%)")
        return
    severity = Severity.WARNING if judged.item.role == "baseline" else None
    if not counts_agree:
        yield judged.outcome(
            "PP602", f"coverage counts {judged.evidence['claimed_counts']} lines {judged.where} "
                     f"are refuted: coverage.py measured {judged.evidence['measured_counts']} "
                     f"(covered/statements, {judged.label})",
            "update the counts from `coverage report` (Stmts - Miss / Stmts)", "refuted", severity)
    if agrees:
        if counts_agree:
            yield _confirmed(judged, note)
        return
    yield _formula_mismatch(judged, formula, shown_pct, severity) or _refuted(
        judged, shown_pct, severity)


def _compared(judged: Judgement) -> tuple[str | None, float, str] | None:
    """(formula named by the claim, measured percentage, its formula); None for a branch
    coverage claim against data recorded without branches."""
    numbers = judged.numbers
    if judged.item.formula == "line":
        return "line", numbers.line_percent, LINE_FORMULA
    if judged.item.formula == "branch":
        if not numbers.branches and not judged.source.branch:
            return None
        return "branch", numbers.branch_percent or 100.0, BRANCH_FORMULA
    return None, numbers.percent, FORMULA


def _agrees(value, pct: float, shown_pct: str) -> tuple[bool, str | None]:
    """Whether the claimed figure is the measured one at its precision (`~` figures: within a
    point), with a note when only rounding half up makes it so."""
    precision, claimed = value.decimals, claimed_text(value)
    if value.approximate:
        return abs(pct - value.value) <= max(1.0, 10.0 ** -precision), None
    if shown_pct == claimed:
        return True, None
    near0 = 10.0 ** -precision
    if 0 < pct < near0 or 100 - near0 < pct < 100 or _half_up(pct, precision) != claimed:
        return False, None
    return True, (f"coverage.py prints {shown_pct}%, not {claimed}% (round-half-even); the "
                  f"claim rounds the exact {pct!r} half up")


def _half_up(pct: float, precision: int) -> str:
    return str(Decimal(repr(pct)).quantize(Decimal(1).scaleb(-precision), ROUND_HALF_UP))


def _counts_agree(judged: Judgement) -> bool:
    """`(169/1163 lines)` against covered lines and statements, exactly."""
    if judged.item.counts is None:
        return True
    covered, statements = judged.item.counts
    numbers = judged.numbers
    judged.evidence["claimed_counts"] = f"{covered}/{statements}"
    judged.evidence["measured_counts"] = f"{numbers.covered}/{numbers.statements}"
    return (covered, statements) == (numbers.covered, numbers.statements)


def _confirmed(judged: Judgement, note: str | None) -> Outcome:
    message = f"coverage {judged.claim.text} {judged.where} confirmed by {judged.label}"
    if note:
        judged.evidence["note"] = note
        message += f"; {note}"
    return judged.outcome("PP600", message, None, "confirmed")


def _formula_mismatch(judged: Judgement, formula: str | None, shown_pct: str,
                      severity: Severity | None) -> Outcome | None:
    """The figure is the line-only or branch-only rate of data that has branches."""
    numbers = judged.numbers
    if formula is not None or not numbers.branches:
        return None
    line_shown = display_percent(numbers.line_percent, judged.precision)
    branch_shown = display_percent(numbers.branch_percent, judged.precision)
    kind = ("line-only" if line_shown == judged.claimed
            else "branch-only" if branch_shown == judged.claimed else None)
    if kind is None:
        return None
    other = line_shown if kind == "line-only" else branch_shown
    return judged.outcome(
        "PP603", f"coverage {judged.claim.text} {judged.where} matches {kind} coverage ({other}%), "
                 f"but the data has branches and coverage.py reports {shown_pct}% ({judged.label})",
        "say which coverage the figure is (\"line coverage 92%\"), or quote coverage.py's figure",
        "formula mismatch", severity,
        mismatch=f"claim matches {kind} coverage; data has branch measurement",
        line_coverage=line_shown + "%", branch_coverage=branch_shown + "%")


def _refuted(judged: Judgement, shown_pct: str, severity: Severity | None) -> Outcome:
    extra = " (a baseline may describe an earlier state)" if judged.item.role == "baseline" else ""
    return judged.outcome(
        "PP601", f"coverage {judged.claim.text} {judged.where} is refuted: coverage.py reports "
                 f"{shown_pct}% at the claim's precision ({judged.label}){extra}",
        "quote the figure `coverage report` prints, or regenerate the data if it is old",
        "refuted", severity)


def _stale(judged: Judgement, what: str) -> Outcome:
    changed = judged.changed
    files = ", ".join(item["file"] for item in changed[:3])
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    return judged.outcome(
        "PP607", f"{files}{more} changed after the coverage data was recorded ({judged.label}): "
                 f"{what}, but the data may no longer describe the code",
        "rerun the tests under coverage, then verify again", "stale",
        changed_after_data=changed[:20])


def _maybe_stale(judged: Judgement, outcome: Outcome) -> Outcome:
    return _stale(judged, outcome.violation.message) if judged.changed else outcome
