"""Does one file import another? Python by `ast`, JS/TS by import/require/export-from syntax.

Used when a key link's pattern is not found: if `from` imports `to`, the link is wired and the
pattern is what went stale. Nothing is executed; module names are matched against paths only.
"""

from __future__ import annotations

import ast
import posixpath
import re

from .languages import JS_EXT, PY_EXT

# bounded clauses: a long run of words after `import` costs at most 2,000 steps, never n^2
JS_IMPORT = re.compile(r"""(?:\b(?:import|export)\b[\w*{}\s,$]{0,2000}?\bfrom\s*|\bimport\s*|"""
                       r"""\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"\n]{1,500})['"]""")
JS_SUFFIXES = ("", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte",
               "/index.ts", "/index.tsx", "/index.js", "/index.jsx")
ALIAS = re.compile(r"^(?:@|~|#|\$\w*)/")


def imports(source: str, text: str, target: str) -> str | None:
    """The import statement of `source` (root-relative path, its `text`) that loads `target`
    (root-relative), or None."""
    extension = posixpath.splitext(source)[1].lower()
    if extension in PY_EXT:
        return _python_import(source, text, target)
    if extension in JS_EXT:
        return _js_import(source, text, target)
    return None


def _module_parts(target: str) -> list[str]:
    stem = posixpath.splitext(target)[0]
    parts = stem.split("/")
    return parts[:-1] if parts[-1] == "__init__" else parts


def _python_import(source: str, text: str, target: str) -> str | None:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    wanted = _module_parts(target)
    package = source.split("/")[:-1]
    for node in _runtime_imports(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = (node.module or "").split(".") if node.module else []
            if node.level:
                anchor = package[:len(package) - (node.level - 1)] if node.level > 1 else package
                base = anchor + base
            prefix = ".".join(base)
            modules = [prefix] + [f"{prefix}.{alias.name}" if prefix else alias.name
                                  for alias in node.names]
        else:
            continue
        if any(_tail_matches(wanted, m.split("."), relative=bool(getattr(node, "level", 0)))
               for m in modules if m):
            return ast.get_source_segment(text, node) or f"import at line {node.lineno}"
    return None


def _runtime_imports(tree: ast.AST):
    """Import statements that run: those only under `if TYPE_CHECKING:` are read by type checkers,
    never executed, so they wire nothing (their `else:` branch runs)."""
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        if isinstance(node, ast.If) and _type_checking(node.test):
            pending.extend(reversed(node.orelse))
            continue
        pending.extend(reversed(list(ast.iter_child_nodes(node))))


def _type_checking(test: ast.expr) -> bool:
    """`TYPE_CHECKING` or `typing.TYPE_CHECKING` (any module alias)."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _tail_matches(wanted: list[str], module: list[str], relative: bool) -> bool:
    """`civpulse_geo.config` names `src/civpulse_geo/config.py`: the path ends with the module."""
    if relative:
        return wanted == module
    return len(module) <= len(wanted) and wanted[len(wanted) - len(module):] == module


def _js_import(source: str, text: str, target: str) -> str | None:
    wanted = posixpath.splitext(target)[0]
    folder = posixpath.dirname(source)
    for match in JS_IMPORT.finditer(text):
        spec = match.group(1)
        if spec.startswith("."):
            resolved = posixpath.normpath(posixpath.join(folder, spec))
            if any(resolved + suffix in (target, wanted) for suffix in JS_SUFFIXES):
                return match.group(0)
        elif ALIAS.match(spec):  # `@/lib/api`: an alias for a source folder, matched by tail
            tail = ALIAS.sub("", spec).rstrip("/")
            if any(f"/{wanted}".endswith(f"/{tail}{index}") for index in ("", "/index")):
                return match.group(0)
    return None
