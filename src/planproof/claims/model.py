"""Typed claims: what a planning document states in numbers, with where and around what it says it.

Every claim carries
- `text`: the source text of the claim as written (inline code never takes part),
- `span`: 1-based line/column of its first character and end (end column exclusive),
- `origin`: "frontmatter" or the body block kind ("heading", "paragraph", "list_item",
  "table_cell"), with `key_path` (frontmatter, e.g. `gaps[0].reason`) or `block` (body),
- context for checkers that compare claims with real data (coverage, test counts):
  `clause` (the raw source text around the claim, inline code included), `subject` (the nearest
  file path or name such as `core/models.py`, or a table row label), `unit` (the noun the number
  counts: lines, tests, passing, statements, must-haves...), `keywords` (vocabulary words in the
  clause: coverage, tests, passing, failing, target, overall...), `role` (before | after | target
  | threshold | current | None).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from planproof.findings import Span


@dataclass(slots=True)
class Num:
    """A printed number. `value` is signed; `decimals` is the printed precision."""

    value: float
    text: str
    decimals: int = 0
    approximate: bool = False  # written with ~, ≈, about, approx.
    sign: str = ""  # "+", "-", "±" or "" when no sign was written
    at_least: bool = False  # written with a trailing + ("85%+", "+5+ points")
    percent: bool = False  # written with a % sign

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text, "decimals": self.decimals,
                "approximate": self.approximate, "sign": self.sign, "at_least": self.at_least,
                "percent": self.percent}


@dataclass(slots=True)
class Range:
    """`18-27%`, `+63-72`, `45-98%`: both ends inclusive."""

    low: Num
    high: Num
    text: str
    percent: bool = False

    @property
    def approximate(self) -> bool:
        return self.low.approximate or self.high.approximate

    @property
    def at_least(self) -> bool:
        return self.high.at_least

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low.to_dict(), "high": self.high.to_dict(), "text": self.text,
                "percent": self.percent}


Quantity = Num | Range


def _value_dict(value: Any) -> Any:
    if isinstance(value, (Num, Range)):
        return value.to_dict()
    if isinstance(value, Span):
        return {"line": value.line, "column": value.column, "end_line": value.end_line,
                "end_column": value.end_column}
    if isinstance(value, list):
        return [_value_dict(v) for v in value]
    if isinstance(value, tuple):
        return [_value_dict(v) for v in value]
    if isinstance(value, dict):
        return {k: _value_dict(v) for k, v in value.items()}
    return value


@dataclass(kw_only=True)
class Claim:
    """Base of every claim; see the module docstring for the shared fields."""

    kind: ClassVar[str] = "claim"
    text: str
    span: Span
    origin: str  # "frontmatter" | "heading" | "paragraph" | "list_item" | "table_cell"
    key_path: str | None = None  # frontmatter key path of the string the claim sits in
    block: Any = field(default=None, repr=False, compare=False)  # body.Block of a body claim
    clause: str = ""
    subject: str | None = None
    unit: str | None = None
    keywords: tuple[str, ...] = ()
    role: str | None = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def approximate(self) -> bool:
        return any(v.approximate for v in self.values().values() if isinstance(v, (Num, Range)))

    def values(self) -> dict[str, Any]:
        """The parsed values of this claim (subclass fields), by name."""
        base = {f.name for f in fields(Claim)}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in base}

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.last_line,
            "end_column": self.span.end_column,
            "origin": self.origin,
            "key_path": self.key_path,
            "subject": self.subject,
            "unit": self.unit,
            "keywords": list(self.keywords),
            "role": self.role,
            "values": _value_dict(self.values()),
        }


@dataclass(kw_only=True)
class PercentClaim(Claim):
    """A lone percentage: `97.39%`, `~50%`, `85%+`."""

    kind: ClassVar[str] = "percent"
    value: Num


@dataclass(kw_only=True)
class FractionClaim(Claim):
    """A lone fraction `a/b` (`24/51`, `3/6`). Dates (2026/02/16) and versions are never
    fractions."""

    kind: ClassVar[str] = "fraction"
    numerator: Num
    denominator: Num


@dataclass(kw_only=True)
class FractionPercentClaim(Claim):
    """A fraction and the percentage that states its ratio, in either order:
    `94/124 passing (75.8%)`, `97.6% (2401/2439 lines)`."""

    kind: ClassVar[str] = "fraction_percent"
    numerator: Num
    denominator: Num
    percent: Num
    order: str = "fraction_first"  # or "percent_first"


@dataclass(kw_only=True)
class ChangeClaim(Claim):
    """before -> after, with an optional stated delta:
    `9.17% → 20.27% (+11.10 percentage points)`, `from 22.8%, +5.2 percentage points`.
    `delta_unit` is "points" (percentage points), "percent" (a bare `%`: points or relative),
    or "" (a plain count)."""

    kind: ClassVar[str] = "change"
    before: Quantity
    after: Quantity
    delta: Num | None = None
    delta_unit: str = ""


@dataclass(kw_only=True)
class ScoreClaim(Claim):
    """A verification score: `score: 3/6 must_haves verified`,
    `**Score:** 10/11 truths verified (1 failed, 1 partial)`, `20/20 (100%)`."""

    kind: ClassVar[str] = "score"
    achieved: Num
    total: Num
    noun: str = ""  # truths, must-haves, success criteria, requirements...
    percent: Num | None = None
    breakdown: dict[str, int] = field(default_factory=dict)  # {"failed": 1, "partial": 1}


@dataclass(kw_only=True)
class RangeClaim(Claim):
    """A percentage range on its own: `18-27%`, `+63-72` (a range beside an arrow is a side of a
    ChangeClaim)."""

    kind: ClassVar[str] = "range"
    range: Range


@dataclass(kw_only=True)
class ArithmeticClaim(Claim):
    """Stated arithmetic: `3 sprints × 2 weeks = 6 weeks`, `51 + 75 = 126`."""

    kind: ClassVar[str] = "arithmetic"
    operands: list[Num]
    operators: list[str]  # "×", "+", "-", between consecutive operands
    result: Num
    units: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class ProgressionClaim(Claim):
    """One step of a stated progression with its delta, e.g. the list
    `Week 0: 6,615 tests` / `Week 2: ~6,900 tests (+285)`: the delta is read against the
    first value (`base`) or the previous step (`previous`)."""

    kind: ClassVar[str] = "progression"
    label: str
    value: Num
    delta: Num
    base: Num
    base_label: str = ""
    previous: Num | None = None
    base_span: Span | None = None


@dataclass(kw_only=True)
class TableRowClaim(Claim):
    """A table row whose columns are current / target / gap:
    `| memory/ | 18-27% | 90% | +63-72 |`."""

    kind: ClassVar[str] = "table_row"
    label: str
    current: Quantity
    target: Quantity
    gap: Quantity
    table: int = 0
    row: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # role -> header text


@dataclass(kw_only=True)
class TargetLinesClaim(Claim):
    """A coverage target with the lines it needs, read against the current line counts of the
    item just before it: `Current: 12.6% (169/1163 lines)` / `Target: 50% (+407 lines)`."""

    kind: ClassVar[str] = "target_lines"
    covered: Num
    total: Num
    current_percent: Num | None
    target: Num
    needed: Num
    current_span: Span | None = None


CLAIM_TYPES: tuple[type[Claim], ...] = (
    PercentClaim, FractionClaim, FractionPercentClaim, ChangeClaim, ScoreClaim, RangeClaim,
    ArithmeticClaim, ProgressionClaim, TableRowClaim, TargetLinesClaim,
)

