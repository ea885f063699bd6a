"""The arithmetic of one claim on its own: does it agree with itself?

All arithmetic is exact (fractions.Fraction from the printed digits). A claim is judged at the
precision it was printed with: `98.9%` for 89/90 is right because 98.888... rounds to 98.9.
Verdicts: "consistent", "inconsistent", "explainable" (wrong by arithmetic but a known cause
such as branch coverage could explain it: a warning, never an error), "unchecked" (nothing to
check, or too vague to judge: approximations past their precision, open-ended `85%+` values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from planproof.claims.model import (
    ArithmeticClaim,
    ChangeClaim,
    Claim,
    FractionPercentClaim,
    Num,
    ProgressionClaim,
    Range,
    ScoreClaim,
    TableRowClaim,
    TargetLinesClaim,
)
from planproof.claims.numbers import approximation_step, exact, fmt, roundings

COVERAGE_WORDS = frozenset({"coverage", "covered", "uncovered"})
LINE_UNITS = frozenset({"lines", "line", "statements", "statement", "stmts"})
OTHER_WHOLES = frozenset({"files", "file", "modules", "functions", "plans", "tasks", "tests",
                          "test", "requirements", "criteria", "checks", "items"})


@dataclass(slots=True)
class Verdict:
    status: str  # consistent | inconsistent | explainable | unchecked
    message: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status in ("inconsistent", "explainable")

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "message": self.message, "evidence": self.evidence}


UNCHECKED = Verdict("unchecked")


def slack(num: Num) -> Fraction:
    """How far the true value may sit from what was printed: half a unit of the last printed
    decimal (0 for a whole number, which may be an exact count), more for approximations."""
    if num.approximate:
        return approximation_step(num) / 2
    if num.decimals:
        return Fraction(1, 10 ** num.decimals) / 2
    return Fraction(0)


def printed_as(value: Fraction, num: Num) -> bool:
    """Would `value` be printed as `num` (half-up, half-even or truncated at its decimals)?"""
    target = abs(exact(num))
    candidates = roundings(abs(value), num.decimals)
    if target in candidates.values():
        return True
    return abs(abs(value) - target) <= slack(num) if num.approximate else False


def ratio_verdict(claim, numerator: Num, denominator: Num, percent: Num) -> Verdict:
    den = exact(denominator)
    if den == 0 or numerator.approximate or denominator.approximate:
        return UNCHECKED
    ratio = exact(numerator) / den * 100
    pct = exact(percent)
    evidence = {"numerator": fmt(exact(numerator), 0), "denominator": fmt(den, 0),
                "exact_percent": fmt(ratio, 4), "stated_percent": percent.text,
                "printed_decimals": percent.decimals}
    if percent.at_least:
        ok = ratio >= pct - slack(percent)
    elif percent.approximate:
        ok = abs(ratio - pct) <= max(slack(percent), Fraction(1))
    else:
        ok = printed_as(ratio, percent) or _coverage_display(ratio, percent)
    if ok:
        evidence["rounded"] = {k: fmt(v, percent.decimals)
                               for k, v in roundings(ratio, percent.decimals).items()}
        return Verdict("consistent", f"{numerator.text}/{denominator.text} = {fmt(ratio, 4)}%, "
                       f"printed as {percent.text}%", evidence)
    message = (f"{numerator.text}/{denominator.text} is {fmt(ratio, percent.decimals + 2)}%, "
               f"not {percent.text}%")
    if COVERAGE_WORDS & set(claim.keywords) and claim.unit in OTHER_WHOLES:
        # `coverage 45% (3/6 files)`: the percentage measures code, the fraction counts files
        return Verdict("unchecked", message + " (a coverage percentage beside a count of "
                       f"{claim.unit} measures a different whole)", evidence)
    if COVERAGE_WORDS & set(claim.keywords) and (claim.unit in LINE_UNITS):
        evidence["explanation"] = "branch coverage"
        return Verdict("explainable", message + " (with branch coverage on, a coverage "
                       "percentage counts branches too, so it can differ from the line ratio)",
                       evidence)
    return Verdict("inconsistent", message, evidence)


def _coverage_display(ratio: Fraction, percent: Num) -> bool:
    """coverage.py never prints 0 or 100 for a value strictly between them."""
    unit = Fraction(1, 10 ** percent.decimals)
    pct = exact(percent)
    return (0 < ratio < unit and pct == unit) or (100 - unit < ratio < 100 and pct == 100 - unit)


def _interval(value: Num | Range) -> tuple[Fraction, Fraction]:
    """The values a printed number or range could stand for."""
    if isinstance(value, Range):
        low, _ = _interval(value.low)
        _, high = _interval(value.high)
        return low, high
    center = exact(value)
    return center - slack(value), center + slack(value)


def _delta_matches(diff_low: Fraction, diff_high: Fraction, delta: Num) -> bool:
    """Is some true difference in [diff_low, diff_high] printed as `delta`?"""
    stated = exact(delta)
    if delta.sign in ("", "±"):
        stated = abs(stated)
        if diff_high < 0:
            diff_low, diff_high = -diff_high, -diff_low
        elif diff_low < 0:
            diff_low = Fraction(0)
    tolerance = slack(delta)
    if delta.at_least:
        return diff_high >= stated - tolerance
    # the printed delta may itself be rounded: any rounding of a value in range may give it
    if diff_low - tolerance <= stated <= diff_high + tolerance:
        return True
    for edge in (diff_low, diff_high):
        if edge >= 0 and stated >= 0 and printed_as(edge, delta):
            return True
        if edge < 0 and stated < 0 and printed_as(edge, delta):
            return True
    return False


def _change(claim: ChangeClaim) -> Verdict:
    delta = claim.delta
    if delta is None:
        return UNCHECKED
    before, after = claim.before, claim.after
    if isinstance(before, Range) or isinstance(after, Range):
        return UNCHECKED
    if before.at_least or after.at_least:
        return UNCHECKED
    b_low, b_high = _interval(before)
    a_low, a_high = _interval(after)
    diff_low, diff_high = a_low - b_high, a_high - b_low
    evidence = {"before": before.text, "after": after.text, "stated_delta": delta.text,
                "difference": fmt(exact(after) - exact(before), 4),
                "unit": claim.delta_unit or "count"}
    points_ok = _delta_matches(diff_low, diff_high, delta)
    relative_ok = False
    both_percent = before.percent and after.percent
    if claim.delta_unit == "percent" or (claim.delta_unit == "" and delta.percent):
        if exact(before) != 0:
            base = exact(before)
            rel_low, rel_high = sorted(((a_low - base) / base * 100, (a_high - base) / base * 100))
            relative_ok = _delta_matches(rel_low, rel_high, delta)
            evidence["relative_change_percent"] = fmt((exact(after) - base) / base * 100, 2)
        if not both_percent:
            points_ok = False  # `120 -> 150 (+25%)` is relative
    if points_ok or relative_ok:
        return Verdict("consistent", f"{after.text} − {before.text} = {evidence['difference']}",
                       evidence)
    unit = " percentage points" if both_percent else ""
    stated = delta.text + ("%" if delta.percent else "") + (
        " points" if claim.delta_unit == "points" else "")
    message = (f"{after.text} − {before.text} is {evidence['difference']}{unit}, "
               f"but the stated change is {stated}")
    if "relative_change_percent" in evidence:
        message += f" (a relative change would be {evidence['relative_change_percent']}%)"
    return Verdict("inconsistent", message, evidence)


def _ends(value: Num | Range) -> tuple[Num, Num]:
    return (value.low, value.high) if isinstance(value, Range) else (value, value)


def _gap_matches(lo: Fraction, hi: Fraction, stated: Num) -> bool:
    """A stated gap against the computed one; 0 written where the computed gap is negative
    is a gap clipped at zero (the target is already met)."""
    return _delta_matches(lo, hi, stated) or (hi < 0 and exact(stated) == 0)


def _table_row(claim: TableRowClaim) -> Verdict:
    current, target, gap = claim.current, claim.target, claim.gap
    c_low, c_high = _ends(current)
    t_low, t_high = _ends(target)
    # computed gap ends, each as the interval its printed inputs allow
    low_lo, low_hi = _interval(t_low)[0] - _interval(c_high)[1], \
        _interval(t_low)[1] - _interval(c_high)[0]
    high_lo, high_hi = _interval(t_high)[0] - _interval(c_low)[1], \
        _interval(t_high)[1] - _interval(c_low)[0]
    low_value = exact(t_low) - exact(c_high)
    high_value = exact(t_high) - exact(c_low)
    evidence = {"label": claim.label, "current": current.text, "target": target.text,
                "stated_gap": gap.text}
    if isinstance(current, Range) or isinstance(target, Range):
        evidence["expected_gap"] = f"{fmt(low_value)} to {fmt(high_value)}"
        if not isinstance(gap, Range):
            return UNCHECKED
        ok = _gap_matches(low_lo, low_hi, gap.low) and _gap_matches(high_lo, high_hi, gap.high)
    else:
        evidence["expected_gap"] = fmt(low_value, 4)
        if isinstance(gap, Range):
            return UNCHECKED
        # gap = target − current, or current − target for lower-is-better metrics
        ok = _gap_matches(low_lo, low_hi, gap) or (
            gap.sign != "" and _gap_matches(-low_hi, -low_lo, gap))
        if gap.percent and not (current.percent and target.percent):
            ok = False  # `120 | 150 | +25%`: a percentage of plain values is a relative change
        if not ok and gap.percent and exact(current) != 0:
            base = exact(current)
            relative = (exact(target) - base) / base * 100
            evidence["relative_change_percent"] = fmt(relative, 2)
            ok = _delta_matches(relative, relative, gap) or printed_as(relative, gap)
    if ok:
        return Verdict("consistent", f"gap {gap.text} = {target.text} − {current.text}", evidence)
    return Verdict("inconsistent",
                   f"row '{claim.label}': target {target.text} − current {current.text} is "
                   f"{evidence['expected_gap']}, but the gap column says {gap.text}", evidence)


def _arithmetic(claim: ArithmeticClaim) -> Verdict:
    if any(o.at_least for o in claim.operands) or claim.result.at_least:
        return UNCHECKED
    # interval arithmetic: × binds tighter than + and -
    terms: list[tuple[Fraction, Fraction]] = []
    signs: list[int] = [1]
    low, high = _interval(claim.operands[0])
    for operator, operand in zip(claim.operators, claim.operands[1:]):
        o_low, o_high = _interval(operand)
        if operator == "×":
            products = [low * o_low, low * o_high, high * o_low, high * o_high]
            low, high = min(products), max(products)
        else:
            terms.append((low, high))
            signs.append(1 if operator == "+" else -1)
            low, high = o_low, o_high
    terms.append((low, high))
    total_low = sum((t[0] if s > 0 else -t[1]) for t, s in zip(terms, signs))
    total_high = sum((t[1] if s > 0 else -t[0]) for t, s in zip(terms, signs))
    r_low, r_high = _interval(claim.result)
    expression = " ".join(
        [claim.operands[0].text] + [f"{op} {o.text}" for op, o in
                                     zip(claim.operators, claim.operands[1:])])
    value = _evaluate(claim)
    evidence = {"expression": expression, "computed": fmt(value, 4),
                "stated": claim.result.text}
    ok = total_low <= r_high and r_low <= total_high
    if not ok and not claim.result.approximate:
        ok = printed_as(value, claim.result)
    if ok:
        return Verdict("consistent", f"{expression} = {fmt(value, 4)}", evidence)
    return Verdict("inconsistent", f"{expression} is {fmt(value, 4)}, not {claim.result.text}",
                   evidence)


def _evaluate(claim: ArithmeticClaim) -> Fraction:
    total = Fraction(0)
    term = exact(claim.operands[0])
    sign = 1
    for operator, operand in zip(claim.operators, claim.operands[1:]):
        if operator == "×":
            term *= exact(operand)
        else:
            total += sign * term
            sign = 1 if operator == "+" else -1
            term = exact(operand)
    return total + sign * term


def _progression(claim: ProgressionClaim) -> Verdict:
    v_low, v_high = _interval(claim.value)
    evidence = {"label": claim.label, "value": claim.value.text, "stated_delta": claim.delta.text,
                "base_label": claim.base_label, "base": claim.base.text}
    candidates = [("base", claim.base)]
    if claim.previous is not None and claim.previous is not claim.base:
        candidates.append(("previous", claim.previous))
        evidence["previous"] = claim.previous.text
    for name, reference in candidates:
        r_low, r_high = _interval(reference)
        if _delta_matches(v_low - r_high, v_high - r_low, claim.delta):
            evidence["against"] = name
            return Verdict("consistent", f"{claim.value.text} − {reference.text} ≈ "
                           f"{claim.delta.text}", evidence)
    from_base = exact(claim.value) - exact(claim.base)
    evidence["difference_from_base"] = fmt(from_base, 4)
    message = (f"{claim.label}: {claim.value.text} − {claim.base.text} ({claim.base_label}) is "
               f"{fmt(from_base, 4)}, not {claim.delta.text}")
    if "previous" in evidence:
        from_previous = exact(claim.value) - exact(claim.previous)
        evidence["difference_from_previous"] = fmt(from_previous, 4)
        message += f" (and {fmt(from_previous, 4)} from the previous step)"
    return Verdict("inconsistent", message, evidence)


def _score(claim: ScoreClaim) -> Verdict:
    achieved, total = exact(claim.achieved), exact(claim.total)
    evidence: dict[str, Any] = {"achieved": claim.achieved.text, "total": claim.total.text}
    if total == 0:
        return UNCHECKED
    if achieved > total:
        evidence["problem"] = "exceeds_total"
        return Verdict("inconsistent", f"score {claim.achieved.text}/{claim.total.text} counts "
                       "more verified items than there are", evidence)
    if claim.breakdown and claim.achieved.decimals == 0:
        others = sum(claim.breakdown.values())
        evidence["breakdown"] = dict(claim.breakdown)
        if achieved + others > total:
            evidence["problem"] = "breakdown"
            listed = ", ".join(f"{n} {k}" for k, n in claim.breakdown.items())
            return Verdict("inconsistent",
                           f"score {claim.achieved.text}/{claim.total.text} leaves "
                           f"{fmt(total - achieved, 0)} not verified, but the breakdown lists "
                           f"{others} ({listed})", evidence)
    if claim.percent is not None:
        verdict = ratio_verdict(claim, claim.achieved, claim.total, claim.percent)
        if verdict.status != "consistent":
            return verdict
        evidence.update(verdict.evidence)
    if claim.percent is None and not claim.breakdown:
        return UNCHECKED
    return Verdict("consistent", "score agrees with its own percentage and breakdown", evidence)


def _target_lines(claim: TargetLinesClaim) -> Verdict:
    total, covered = exact(claim.total), exact(claim.covered)
    if total == 0 or claim.needed.approximate or claim.target.approximate:
        return UNCHECKED
    target = exact(claim.target)
    expected = target * total / 100 - covered
    evidence = {"covered": claim.covered.text, "total": claim.total.text,
                "target_percent": claim.target.text, "stated_needed": claim.needed.text,
                "expected_needed": fmt(expected, 2)}
    candidates = [expected]
    if claim.current_percent is not None:  # computed from the printed current percentage
        by_percent = (target - exact(claim.current_percent)) * total / 100
        candidates.append(by_percent)
        evidence["expected_from_current_percent"] = fmt(by_percent, 2)
    needed = exact(claim.needed)
    if any(abs(needed - value) <= 1 or (value <= 0 and needed == 0) for value in candidates):
        return Verdict("consistent", f"{claim.target.text}% of {claim.total.text} − "
                       f"{claim.covered.text} = {fmt(expected, 2)}", evidence)
    message = (f"{claim.target.text}% of {claim.total.text} {claim.unit} is "
               f"{fmt(target * total / 100, 2)}, so reaching it from {claim.covered.text} needs "
               f"{fmt(expected, 2)} more {claim.unit}, not {claim.needed.text}")
    if COVERAGE_WORDS & set(claim.keywords):
        evidence["explanation"] = "branch coverage"
        return Verdict("explainable", message + " (with branch coverage on, the lines needed "
                       "for a percentage cannot be computed from line counts alone)", evidence)
    return Verdict("inconsistent", message, evidence)


def _fraction_percent(claim: FractionPercentClaim) -> Verdict:
    return ratio_verdict(claim, claim.numerator, claim.denominator, claim.percent)


VERDICT_BY_KIND = {
    FractionPercentClaim: _fraction_percent,
    ChangeClaim: _change,
    TableRowClaim: _table_row,
    ArithmeticClaim: _arithmetic,
    ProgressionClaim: _progression,
    ScoreClaim: _score,
    TargetLinesClaim: _target_lines,
}


def verdict(claim: Claim) -> Verdict:
    """Judge one claim's own arithmetic ("unchecked" for kinds with nothing to check)."""
    judge = VERDICT_BY_KIND.get(type(claim))
    return judge(claim) if judge is not None else UNCHECKED
