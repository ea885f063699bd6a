"""Findings, severities and source spans: the vocabulary every rule and reporter shares."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    """How much a finding matters (public: `planproof.Severity`); errors fail a run."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for an error, 1 for a warning, 0 for info: the more severe, the higher."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based region of a file; end is inclusive of the last line, exclusive of end_column."""

    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    @property
    def last_line(self) -> int:
        return self.end_line if self.end_line is not None else self.line

    def as_tuple(self) -> tuple[int, int, int, int]:
        end_line = self.last_line
        end_column = self.end_column if self.end_column is not None else self.column
        return (self.line, self.column, end_line, end_column)

    @classmethod
    def of_line(cls, doc, line: int, column: int = 1, end_column: int | None = None) -> Span:
        """Line `line` of `doc` from `column` to `end_column`, or to the end of the line."""
        length = doc.line_length(line)
        return cls(line, column, line, end_column if end_column else max(length + 1, column))

    @classmethod
    def of_tag(cls, element) -> Span:
        """An element's opening tag (`<task type="auto">`)."""
        return cls(element.line, element.column, element.content_line or element.line,
                   element.content_column or element.column + 1)

    @classmethod
    def of_text(cls, doc, element, needle: str) -> Span:
        """Where `needle` is written inside `element` of `doc` (its tag when it cannot be found)."""
        last = element.end_line or element.line
        for line_no in range(element.line, min(last, len(doc.lines)) + 1):
            column = doc.lines[line_no - 1].find(needle)
            if column >= 0:
                return cls(line_no, column + 1, line_no, column + 1 + len(needle))
        return cls.of_tag(element)


FILE_START = Span(1, 1)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the document text from (line, column) up to (end_line, end_column) with `content`.

    1-based, end exclusive, columns in characters of the decoded text (as spans are); the fixer
    turns them into byte ranges of the file, so BOMs and CRLF line endings are kept."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits that remove a finding. Safe fixes keep the author's meaning (`--fix` applies them);
    unsafe ones change what the document says (only with `--unsafe-fixes`)."""

    edits: tuple[Edit, ...]
    message: str
    safe: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"applicability": "safe" if self.safe else "unsafe", "message": self.message,
                "edits": [{"line": e.line, "column": e.column, "end_line": e.end_line,
                           "end_column": e.end_column, "content": e.content} for e in self.edits]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Fix":
        return cls(tuple(Edit(**edit) for edit in data["edits"]), data["message"],
                   data["applicability"] == "safe")


def replace(span: Span, content: str, message: str, safe: bool = True) -> Fix:
    """A fix that replaces exactly the text of a one-line `span`."""
    line, column, end_line, end_column = span.as_tuple()
    return Fix((Edit(line, column, end_line, end_column, content),), message, safe)


@dataclass(slots=True)
class Violation:
    """What a rule's check yields: the rule's identity is added by the engine."""

    message: str
    span: Span = FILE_START
    hint: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None  # None: the rule's configured severity
    fix: Fix | None = None


@dataclass(slots=True)
class Finding:
    """One problem a rule found (public: `planproof.Finding`); `to_dict()` is its JSON form."""

    code: str
    name: str
    severity: Severity
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    hint: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    fix: Fix | None = None

    def __post_init__(self) -> None:
        self.evidence = _finite(self.evidence)
        if isinstance(self.fix, dict):  # read back from JSON (the cache)
            self.fix = Fix.from_dict(self.fix)

    @classmethod
    def from_violation(cls, rule, path: str, violation: Violation, severity: Severity) -> Finding:
        """What `rule`'s (a registered Rule's) violation on `path` is reported as."""
        line, column, end_line, end_column = violation.span.as_tuple()
        return cls(rule.code, rule.name, severity, path, line, column, end_line, end_column,
                   violation.message, violation.hint, violation.evidence, violation.fix)

    def sort_key(self) -> tuple:
        """The order of a report: path, line, column, code, message."""
        return (self.path, self.line, self.column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The finding as the JSON output writes it (README: Output formats)."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "hint": self.hint,
            "evidence": self.evidence,
            "fix": self.fix.to_dict() if self.fix else None,
        }


def _finite(value: Any) -> Any:
    """Evidence as strict JSON can carry it: non-finite floats (YAML `.inf`, `.nan` in a document)
    become the strings 'inf', '-inf', 'nan' instead of the invalid JSON tokens Infinity/NaN.
    Values without one are returned unchanged (the same object)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, dict):
        items = {key: _finite(item) for key, item in value.items()}
        return value if all(items[key] is value[key] for key in value) else items
    if isinstance(value, (list, tuple)):
        items = [_finite(item) for item in value]
        if all(new is old for new, old in zip(items, value)):
            return value
        return tuple(items) if isinstance(value, tuple) else items
    return value
