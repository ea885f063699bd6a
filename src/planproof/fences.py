"""Fenced code blocks, found one way for every rule (CommonMark's rules, read line by line).

A fence opens with three or more backticks or tildes; a backtick fence's info string may not
hold a backtick (```` ```x``` ```` on one line is inline code, not a fence). It closes on a line
of the same character, at least as long, with nothing after it; an unclosed fence runs to the end
of the document. Any indentation opens a fence: real documents nest fences in list items far more
often than they indent code blocks by four spaces.

Reading lines is many times cheaper than parsing the markdown, and every rule that needs "is this
line code?" (hygiene, claims, the planning tree, repository claims) asks here, so they all agree.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from planproof import lazyre

FENCE = lazyre.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")

TEXT, FENCE_LINE, CODE = "text", "fence", "code"


def opening(line: str) -> str | None:
    """The fence marker (```` ``` ````, `~~~~`) that `line` opens, if it opens one."""
    match = FENCE.match(line)
    if match is None:
        return None
    marker, info = match.groups()
    if marker[0] == "`" and "`" in info:
        return None
    return marker


def closes(line: str, marker: str) -> bool:
    """Whether `line` closes the fence opened by `marker`."""
    match = FENCE.match(line)
    return (match is not None and match.group(1)[0] == marker[0]
            and len(match.group(1)) >= len(marker) and not match.group(2).strip())


def classify(lines: Sequence[str], start_line: int = 1) -> Iterator[tuple[int, str, str]]:
    """(line number, line, TEXT | FENCE_LINE | CODE) for `lines[start_line - 1:]`."""
    marker = None
    for number in range(start_line, len(lines) + 1):
        line = lines[number - 1]
        if marker is None:
            marker = opening(line) if "`" in line or "~" in line else None
            yield number, line, FENCE_LINE if marker else TEXT
        elif closes(line, marker):
            marker = None
            yield number, line, FENCE_LINE
        else:
            yield number, line, CODE


def body_states(doc) -> tuple[tuple[int, str, str], ...]:
    """`classify` over the document's body, computed once per document."""
    if doc.skipped:
        return ()
    return doc.memo.get("fences", lambda: tuple(classify(doc.lines, doc.body_start_line)))


def prose_lines(doc) -> Iterator[tuple[int, str]]:
    """(line number, line) of the body outside fenced code (fence lines excluded)."""
    return ((number, line) for number, line, state in body_states(doc) if state == TEXT)


def code_lines(doc) -> Iterator[tuple[int, str]]:
    """(line number, line) inside fenced code blocks of the body (fence lines excluded)."""
    return ((number, line) for number, line, state in body_states(doc) if state == CODE)
