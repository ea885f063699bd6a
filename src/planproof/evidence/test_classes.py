"""Test counts per class: documents often count the tests of one class, not of the file
("`TestLocalProviderBypass` class (5 tests)"). Python `class Test*` only, counted like the file."""

from __future__ import annotations

import ast
import re

from .repo import TestCount, _class_tests

CLASS_NAME = re.compile(r"\b(Test[A-Z0-9]\w*|[A-Z]\w*Tests?)\b")


def tests_per_class(text: str) -> dict[str, int]:
    """{class name: static test count} for the top-level test classes of a Python file."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    scratch = TestCount(0)
    return {node.name: _class_tests(node, scratch) for node in tree.body
            if isinstance(node, ast.ClassDef) and node.name.startswith("Test")}


def named_class_counts(line: str, text: str) -> dict[str, int]:
    """The test classes of the file that `line` names, with their counts."""
    names = set(CLASS_NAME.findall(line))
    if not names:
        return {}
    return {name: count for name, count in tests_per_class(text).items() if name in names}
