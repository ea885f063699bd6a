"""XML-like blocks in markdown (`<tasks>`, `<task type="auto">`, `<name>` ...) as a tree with positions.

A small tolerant scanner rather than an XML parser: planning documents mix these tags with
markdown freely, leave some unclosed and mention tags inside code. Fenced code and inline code
are ignored; a closing tag closes the nearest open element of that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from planproof import lazyre
from planproof import fences
from planproof.body import blank_inline_code

# A closing tag may follow a word (`Guide</name>`); an opening one may not (`List<String>`).
TAG = lazyre.compile(
    r"</([A-Za-z][\w:-]*)\s*>"
    r"|(?<![\w`<])<([A-Za-z][\w:-]*)((?:\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*(/?)>"
)
ATTR = lazyre.compile(r"([\w:.-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source"}
REF = lazyre.compile(r"(?<![\w@])@(\S+)")
MAX_DEPTH = 1000


@dataclass
class Element:
    name: str
    attrs: dict[str, str]
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0
    content_line: int = 0  # line where `content` begins
    content_column: int = 0
    closed: bool = False
    children: list["Element"] = field(default_factory=list)
    # `content` is sliced from the body on demand: nested elements storing copies of their
    # content would take (depth x document size) memory on a hostile document
    _source: str = field(default="", repr=False, compare=False)
    _bounds: tuple[int, int] = (0, 0)

    @property
    def content(self) -> str:
        """Raw text between the opening and closing tags ('' for unclosed elements)."""
        start, end = self._bounds
        return self._source[start:end]

    @property
    def text(self) -> str:
        return self.content.strip()

    def own_text(self) -> str:
        """The content outside closed child elements, tags removed (`<task title="x">Do it.
        <files>a.py</files></task>` -> 'Do it.'); linear in the content, nesting included."""
        start, end = self._bounds
        pieces, position = [], start
        for child in self.children:
            if child.closed and child._source:
                pieces.append(self._source[position:child._bounds[0]])
                position = child._bounds[1]
        pieces.append(self._source[position:end])
        return TAG.sub(" ", "".join(pieces)).strip()

    def child(self, name: str) -> "Element | None":
        return next((c for c in self.children if c.name == name), None)

    def iter(self, name: str | None = None) -> Iterator["Element"]:
        """This element's descendants, depth first, optionally only those called `name`."""
        stack = list(reversed(self.children))
        while stack:
            element = stack.pop()
            if name is None or element.name == name:
                yield element
            stack.extend(reversed(element.children))


@dataclass(slots=True)
class Reference:
    """An `@path` line inside <context> or <execution_context>."""

    target: str
    line: int
    column: int
    element: str


def _masked_lines(lines: list[str]) -> list[str]:
    """Lines with fenced code emptied and inline code blanked, so their tags are not seen."""
    masked = []
    for _, line, state in fences.classify(lines):
        if state != fences.TEXT:
            masked.append("")
            continue
        masked.append(blank_inline_code(line)[0])
    return masked


def _attributes(source: str) -> dict[str, str]:
    attrs = {}
    for match in ATTR.finditer(source):
        value = next((g for g in match.groups()[1:] if g is not None), "")
        attrs[match.group(1)] = value
    return attrs


def parse_elements(lines: list[str], first_line: int = 1) -> Element:
    """Scan body `lines` (file line `first_line` onward); returns a synthetic root element."""
    root = Element("#root", {}, first_line, 1, closed=True)
    masked = _masked_lines(lines[first_line - 1:])
    starts = [0]
    for line in lines[first_line - 1:]:  # offsets into `original`: fenced lines are emptied in `masked`
        starts.append(starts[-1] + len(line) + 1)
    original = "\n".join(lines[first_line - 1:])
    stack: list[tuple[Element, int]] = [(root, 0)]
    for index, line in enumerate(masked):
        if "<" not in line:
            continue
        for match in TAG.finditer(line):
            closing_name, name, attr_source, self_closing = match.groups()
            line_no = index + first_line
            if closing_name:
                _close(stack, closing_name, line_no, match, starts[index], original)
                continue
            element = Element(name, _attributes(attr_source), line_no, match.start() + 1)
            element.content_line, element.content_column = line_no, match.end() + 1
            stack[-1][0].children.append(element)
            if self_closing or name.lower() in VOID:
                element.closed = True
                element.end_line, element.end_column = line_no, match.end() + 1
            elif len(stack) < MAX_DEPTH:
                stack.append((element, starts[index] + match.end()))
    for element, _ in stack[1:]:
        element.end_line = element.line
        element.end_column = element.column
    return root


def _close(stack, name: str, line_no: int, match: re.Match, line_start: int, original: str) -> None:
    position = next((i for i in range(len(stack) - 1, 0, -1) if stack[i][0].name == name), None)
    if position is None:
        return
    for unclosed, _ in stack[position + 1:]:
        unclosed.end_line, unclosed.end_column = unclosed.line, unclosed.column
    element, content_start = stack[position]
    del stack[position:]
    element.closed = True
    element.end_line, element.end_column = line_no, match.end() + 1
    element._source, element._bounds = original, (content_start, line_start + match.start())


def references(root: Element) -> list[Reference]:
    refs = []
    for element in root.iter():
        if element.name not in ("context", "execution_context") or not element.closed:
            continue
        for offset, line in enumerate(element.content.split("\n")):
            stripped = line.strip()
            if not stripped.startswith("@"):
                continue
            match = REF.search(line)
            if match:
                line_no = element.content_line + offset
                column = match.start() + 1 + (element.content_column - 1 if offset == 0 else 0)
                refs.append(Reference(match.group(1), line_no, column, element.name))
    return refs
