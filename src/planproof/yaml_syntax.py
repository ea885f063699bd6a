"""YAML as planproof reads it: the loader, and what a syntax error most likely means.

The loader is PyYAML's libyaml one (CSafeLoader) when available, with timestamps left as strings
so that frontmatter data stays JSON-compatible and schema validation sees what was written. A
syntax error's hint is read off the parser's message and the offending line; the hints that a
quote would fix name the kind of quoting (`QUOTE_KINDS`) for `planproof.yaml_fixes`.
"""

from __future__ import annotations

import functools
from bisect import bisect_right

from planproof import lazyre

BACKTICK_HINT = "a value cannot start with a backtick; wrap the whole value in quotes"
AT_HINT = "'@' cannot start a plain value (e.g. inside [a, @b]); quote the item: \"@b\""
ESCAPE_HINT = ("inside double quotes a backslash starts an escape; use single quotes, "
               "or write the backslash twice")
COLON_HINT = "a value contains ': ' without quotes; wrap the whole value in quotes"
TAB_HINT = "YAML does not allow tabs for indentation; use spaces"
QUOTED_HINT = ("a value starts with a quoted part and goes on after the closing quote; "
               "quote the whole value (e.g. 'say \"hi\" twice')")
MAPPING_HINT = ("the key on the previous line has a value and indented children; give it either "
                "a value or children, not both")
QUOTE_KINDS = {COLON_HINT: "colon", BACKTICK_HINT: "backtick", AT_HINT: "at", QUOTED_HINT: "quoted"}

QUOTED_THEN_TEXT = lazyre.compile(r"""^\s*(?:-\s+)?(?:[\w"'.-]+:\s+)?(["'])(?:(?!\1).)*\1\s*[^\s#,\]}]""")
KEY_OR_ITEM_PREFIX = lazyre.compile(r"^\s*(?:-\s+)?(?:[\w\"'.-]+:\s+)?")
KEY_WITH_VALUE = lazyre.compile(r"\s*[-\s]*[\w\"'.-]+:\s+\S")
KEY_ALONE = lazyre.compile(r"\s*[\w\"'.-]+:(\s|$)")


# Line breaks to YAML 1.1 (and so in the parser's marks) that planproof's lines, split at '\n'
# only, do not break at: next line, line separator, paragraph separator.
YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


class SourcePlaces:
    """The place of a parser mark in the source's '\n'-separated lines: (line index, column),
    both 0-based. The mark's own line and column are used unless the source has a line break
    that only YAML sees; then its character index decides."""

    __slots__ = ("starts",)

    def __init__(self, source: str) -> None:
        self.starts: list[int] | None = None
        if any(char in source for char in YAML_ONLY_BREAKS):
            self.starts = [0, *(index + 1 for index, char in enumerate(source) if char == "\n")]

    def __call__(self, mark) -> tuple[int, int]:
        if self.starts is None:
            return mark.line, mark.column
        line = bisect_right(self.starts, mark.index) - 1
        return line, mark.index - self.starts[line]


@functools.cache
def loader():
    """The loader class: safe, libyaml when installed, timestamps not resolved."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class PlanLoader(base):  # type: ignore[misc, valid-type]
        pass

    PlanLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return PlanLoader


def error_parts(exc) -> tuple[str, object]:
    """The parser's own words for a YAMLError, and its mark (None when it has none)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return getattr(exc, "problem", None) or str(exc), mark


def first_error(source_lines: list[str]) -> tuple[str, int, int] | None:
    """(problem, line index, column) of the first YAML error, or None when it parses."""
    import yaml

    source = "\n".join(source_lines)
    parser = loader()(source)
    try:
        parser.get_single_node()
    except yaml.YAMLError as exc:
        problem, mark = error_parts(exc)
        return (problem, *SourcePlaces(source)(mark)) if mark else (problem, -1, 0)
    finally:
        parser.dispose()
    return None


def hint(problem: str, lines: list[str], index: int, column: int) -> str | None:
    """The likeliest cause, read off the parser's message and the offending line
    (libyaml and pure-Python PyYAML word their messages differently)."""
    line = lines[index]
    char = line[column] if column < len(line) else ""
    if "escape" in problem or "hexdecimal" in problem:
        return ESCAPE_HINT
    if "cannot start any token" in problem:
        return {"`": BACKTICK_HINT, "@": AT_HINT, "\t": TAB_HINT}.get(char)
    if "mapping values" in problem:
        return _mapping_hint(lines, index) or _line_hint(line) or COLON_HINT
    return _line_hint(line)


def _line_hint(line: str) -> str | None:
    """Hints read off the offending line when the parser's message is too generic."""
    if QUOTED_THEN_TEXT.match(line):
        return QUOTED_HINT
    if ": " in KEY_OR_ITEM_PREFIX.sub("", line, count=1):
        return COLON_HINT
    return None


def _mapping_hint(lines: list[str], index: int) -> str | None:
    """Tell 'scalar key followed by indented children' apart from 'unquoted : in a value'."""
    if index >= len(lines) or index == 0:
        return None
    here = lines[index]
    previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    indent = len(here) - len(here.lstrip())
    prev_indent = len(previous) - len(previous.lstrip())
    if indent > prev_indent and KEY_WITH_VALUE.match(previous) and KEY_ALONE.match(here):
        return MAPPING_HINT
    return None
