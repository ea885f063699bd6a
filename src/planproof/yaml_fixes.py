"""Fixes that quote a YAML value: the repairs the PP110 and PP310 hints describe, as edits.

A value is quoted only when that is all it takes: the quoted line must parse (checked by parsing
the frontmatter again), the value must sit on one line and carry no comment, and the fix keeps
every other byte of the line.
"""

from __future__ import annotations


from planproof import lazyre
from planproof.findings import Edit, Fix, Span
from planproof.yaml_syntax import QUOTE_KINDS, first_error, hint

KEY_PREFIX = lazyre.compile(r"""^(\s*(?:-\s+)?)("[^"]*"|'[^']*'|[\w.-]+):\s+""")
LIST_PREFIX = lazyre.compile(r"^\s*-\s+")
FLOW_ITEM_END = lazyre.compile(r"\s*[,\]}]")


def quoted(text: str) -> str:
    """`text` as one YAML scalar: double quotes, or single quotes when it holds a backslash or a
    double quote (inside single quotes nothing is an escape; a quote is written twice)."""
    if "\\" in text or '"' in text:
        return "'" + text.replace("'", "''") + "'"
    return '"' + text + '"'


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _continues(lines: list[str], index: int, key_column: int) -> bool:
    """A following line indented past the key continues the value (or nests under it)."""
    following = next((line for line in lines[index + 1:] if line.strip()), None)
    return following is not None and _indent(following) > key_column


def _value_range(kind: str, line: str, column: int) -> tuple[int, int] | None:
    """Start and end (0-based, end exclusive) of the value to quote on `line`."""
    if kind in ("colon", "quoted"):  # the whole value after `key: ` or `- `
        match = KEY_PREFIX.match(line) or LIST_PREFIX.match(line)
        if not match or match.end() > column:
            return None
        start = match.end()
    else:
        start = column
    if kind in ("backtick", "at") and ("[" in line[:start] or "{" in line[:start]):
        end_match = FLOW_ITEM_END.search(line, start)
        end = end_match.start() if end_match else len(line.rstrip())
    else:
        end = len(line.rstrip())
    return start, end


def _quote_edit(kind: str, lines: list[str], index: int, column: int):
    """(start, end, replacement) quoting the value the error at `index`/`column` points into."""
    line = lines[index]
    found = _value_range(kind, line, column)
    if found is None:
        return None
    start, end = found
    value = line[start:end]
    if not value or (value[0] in "\"'") != (kind == "quoted") or " #" in value or "\t" in value:
        return None
    prefix = KEY_PREFIX.match(line)
    key_column = prefix.start(2) if prefix else _indent(line)
    if kind != "at" and _continues(lines, index, key_column):
        return None
    return start, end, quoted(value)


MAX_QUOTES = 50


def quote_value_fix(kind: str, lines: list[str], index: int, column: int,
                    first_line: int) -> Fix | None:
    """The fix for a YAML error of `kind` ("colon", "backtick", "at", "quoted") at line `index`,
    column `column` (0-based, in the frontmatter source), or None when quoting is not clearly
    it. The parser stops at its first error, so the next ones are quoted too while each is
    of a kind a quote fixes: one fix, shown whole by --diff."""
    edits = []
    for _ in range(MAX_QUOTES):
        found = _quote_edit(kind, lines, index, column)
        if found is None:
            break
        start, end, replacement = found
        trial = [*lines[:index], lines[index][:start] + replacement + lines[index][end:],
                 *lines[index + 1:]]
        error = first_error(trial)
        if error is not None and error[1] <= index:
            break  # quoting did not get the parser past this line
        edits.append(Edit(index + first_line, start + 1, index + first_line, end + 1,
                          replacement))
        lines = trial
        if error is None or error[1] >= len(lines):
            break
        problem, index, column = error
        kind = QUOTE_KINDS.get(hint(problem, lines, index, column))
        if kind is None:
            break
    if not edits:
        return None
    what = edits[0].content if len(edits) == 1 else f"{len(edits)} values"
    return Fix(tuple(edits), f"quote {'the value: ' if len(edits) == 1 else ''}{what}")


def quote_truth_fix(doc, index: int) -> Fix | None:
    """PP310: quote truth `index` as written, when it is one line without a comment."""
    span: Span = doc.frontmatter.span(f"must_haves.truths[{index}]")
    if not 0 < span.line <= len(doc.lines):
        return None
    line = doc.lines[span.line - 1]
    start = span.column - 1
    text = line[start:].rstrip()
    if not text or " #" in text or "\t" in text or text[0] in "\"'{[":
        return None
    following = doc.lines[span.line:doc.frontmatter.end_line - 1]
    if any(row.strip() and _indent(row) > start for row in following[:1]):
        return None  # the truth goes on below: a nested value, not a sentence on one line
    replacement = quoted(text)
    return Fix((Edit(span.line, start + 1, span.line, start + 1 + len(text), replacement),),
               f"quote the whole truth: {replacement}")
