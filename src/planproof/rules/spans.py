"""Spans for findings: a whole line, an element's tag, a text inside an element."""

from __future__ import annotations

from planproof.findings import Span


def line_span(doc, line: int, column: int = 1, end_column: int | None = None) -> Span:
    """From `column` to `end_column`, or to the end of the line."""
    length = doc.line_length(line)
    return Span(line, column, line, end_column if end_column else max(length + 1, column))


def tag_span(element) -> Span:
    return Span(element.line, element.column, element.content_line or element.line,
                element.content_column or element.column + 1)


def text_span(doc, element, needle: str) -> Span:
    """Where `needle` is written inside `element` (its tag when it cannot be found)."""
    last = element.end_line or element.line
    for line_no in range(element.line, min(last, len(doc.lines)) + 1):
        column = doc.lines[line_no - 1].find(needle)
        if column >= 0:
            return Span(line_no, column + 1, line_no, column + 1 + len(needle))
    return tag_span(element)
