"""Findings, severities and source spans: the vocabulary every rule and reporter shares."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
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


FILE_START = Span(1, 1)


@dataclass(slots=True)
class Violation:
    """What a rule's check yields: the rule's identity is added by the engine."""

    message: str
    span: Span = FILE_START
    hint: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None  # None: the rule's configured severity


@dataclass(slots=True)
class Finding:
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

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
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
        }
