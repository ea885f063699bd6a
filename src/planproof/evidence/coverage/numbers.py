"""Coverage numbers and the percentage exactly as coverage.py computes and prints it.

coverage.py (results.Numbers / results.display_covered, 7.x):

    pct = 100.0 * (covered_lines + covered_branches) / (statements + branches)   (100.0 if 0/0)

    display at precision p:  0 < pct < 10**-p        -> 10**-p
                             100 - 10**-p < pct < 100 -> 100 - 10**-p
                             otherwise                -> round(pct, p)   (round-half-even on floats)

So 201/202 (99.505%) prints "99", 1/8 (12.5%) prints "12", 1/1001 (0.0999%) prints "1".
"""

from __future__ import annotations

from dataclasses import dataclass


def percent(numerator: int, denominator: int) -> float:
    """coverage.py's `Numbers._percent`: the same float operations, so the same float."""
    if denominator > 0:
        return (100.0 * numerator) / denominator
    return 100.0


def display_percent(pct: float, precision: int = 0) -> str:
    """The percentage as coverage.py prints it at `precision` decimals (no % sign)."""
    if precision < 0:
        raise ValueError(f"precision must not be negative, got {precision}")
    near0 = 1.0 / 10**precision
    if 0 < pct < near0:
        pct = near0
    elif (100.0 - near0) < pct < 100:
        pct = 100.0 - near0
    else:
        pct = round(pct, precision)
    return f"{pct:.{precision}f}"


FORMULA = "100 * (covered_lines + covered_branches) / (statements + branches)"
LINE_FORMULA = "100 * covered_lines / statements"
BRANCH_FORMULA = "100 * covered_branches / branches"


@dataclass(frozen=True, slots=True)
class Numbers:
    """Counts for one file or a total. `branches` is 0 when branch coverage was not measured."""

    statements: int = 0
    covered: int = 0  # executed statements
    branches: int = 0
    covered_branches: int = 0
    files: int = 1

    @property
    def missing(self) -> int:
        return self.statements - self.covered

    @property
    def percent(self) -> float:
        """The figure coverage.py reports (lines and branches together)."""
        return percent(self.covered + self.covered_branches, self.statements + self.branches)

    @property
    def line_percent(self) -> float:
        return percent(self.covered, self.statements)

    @property
    def branch_percent(self) -> float | None:
        return percent(self.covered_branches, self.branches) if self.branches else None

    def display(self, precision: int = 0) -> str:
        return display_percent(self.percent, precision)

    def __add__(self, other: "Numbers") -> "Numbers":
        return Numbers(self.statements + other.statements, self.covered + other.covered,
                       self.branches + other.branches,
                       self.covered_branches + other.covered_branches, self.files + other.files)

    def as_dict(self) -> dict:
        data = {"statements": self.statements, "covered_lines": self.covered,
                "missing_lines": self.missing}
        if self.branches:
            data.update(branches=self.branches, covered_branches=self.covered_branches)
        data["percent"] = self.percent
        return data


def total_of(numbers) -> Numbers:
    total = Numbers(files=0)
    for item in numbers:
        total = total + item
    return total
