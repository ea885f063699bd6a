"""Test counts per class or describe block: documents often count the tests of one class, not of
the file ("`TestLocalProviderBypass` class (5 tests)", "the 'parser' describe block: 4 tests").
Python `class Test*` and JS/TS `describe('title', ...)`, each counted like the file."""

from __future__ import annotations

import ast
import re

from .languages import language_of
from .repo import JS_COMMENT, JS_TEST, TestCount, class_tests

CLASS_NAME = re.compile(r"\b(Test[A-Z0-9]\w*|[A-Z]\w*Tests?)\b")
DESCRIBE = re.compile(r"(?<![\w$.])describe(?:\.only)?[ \t]*\([ \t]*(['\"`])([^'\"`\n]{1,200})\1")
QUOTED = re.compile(r"['\"`‘“]([^'\"`’”\n]{1,200})['\"`’”]")


def tests_per_class(text: str) -> dict[str, int]:
    """{class name: static test count} for the top-level test classes of a Python file."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    scratch = TestCount(0)
    return {node.name: class_tests(node, scratch) for node in tree.body
            if isinstance(node, ast.ClassDef) and node.name.startswith("Test")}


def tests_per_describe(text: str) -> dict[str, int]:
    """{describe title: it/test calls inside its block} for a JS/TS test file."""
    code = JS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    counts: dict[str, int] = {}
    for match in DESCRIBE.finditer(code):
        end = _block_end(code, match.end())
        counts[match.group(2)] = counts.get(match.group(2), 0) + len(
            JS_TEST.findall(code, match.end(), end))
    return counts


def _block_end(code: str, start: int) -> int:
    """Where the call opened before `start` closes (parentheses counted, strings skipped)."""
    depth, index, quote = 1, start, None
    while index < len(code) and depth:
        char = code[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "'\"`":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        index += 1
    return index


def named_class_counts(line: str, text: str, path: str = "") -> dict[str, int]:
    """The test classes (or describe blocks) of the file that `line` names, with their counts."""
    if language_of(path) == "javascript":
        titles = set(QUOTED.findall(line))
        return {t: n for t, n in tests_per_describe(text).items() if t in titles} if titles else {}
    names = set(CLASS_NAME.findall(line))
    if not names:
        return {}
    return {name: count for name, count in tests_per_class(text).items() if name in names}
