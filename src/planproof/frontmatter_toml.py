"""TOML frontmatter (`+++` fences): parsed with tomllib; each top-level key is positioned by its
line, since tomllib keeps no positions."""

from __future__ import annotations

from typing import Any

from planproof import lazyre
from planproof.findings import Span, Violation
from planproof.frontmatter_model import MAX_DEPTH, Frontmatter, KeyPosition, too_deep

ERROR_PLACE = lazyre.compile(r"line (\d+), column (\d+)")
TOP_LEVEL_KEY = lazyre.compile(r"\s*([A-Za-z0-9_-]+)\s*=")


def load_toml(source: str, first_line: int, fm: Frontmatter) -> None:
    """Fill `fm` (data, positions, problems) from the TOML `source` whose first line is file
    line `first_line`."""
    import tomllib

    try:
        fm.data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        match = ERROR_PLACE.search(str(exc))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        fm.problems.append(("PP116", Violation(
            f"TOML syntax error: {exc}", Span(line + first_line - 1, column),
            evidence={"toml_error": str(exc)})))
        return
    except RecursionError:
        fm.data = None
    if fm.data is None or _nested_too_deep(fm.data):
        fm.data = None
        fm.problems.append(("PP117", too_deep(first_line)))
        return
    for index, line in enumerate(source.split("\n")):
        match = TOP_LEVEL_KEY.match(line)
        if match:
            span = Span(index + first_line, match.start(1) + 1, index + first_line,
                        match.end(1) + 1)
            fm.positions.setdefault(match.group(1), KeyPosition(span, span))


def _nested_too_deep(data: Any) -> bool:
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False
