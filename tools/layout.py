"""The layout rules of src/planproof, checked: module size, function size, import cycles.

    python tools/layout.py            # prints every breach, exits 1 if there is one

- no module over MAX_MODULE_LINES lines (generated modules excepted);
- no function over MAX_FUNCTION_LINES lines, from `def` to its end (a rule's `@rule(...)`
  declaration with its documentation is not part of the function);
- no import cycle between planproof's modules, counting imports inside functions too (a
  deferred import that hides a cycle is still a cycle).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
GENERATED = {"planproof._schema_validators"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def long_modules(found: dict[str, Path]) -> list[str]:
    out = []
    for name, path in found.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if name not in GENERATED and lines > MAX_MODULE_LINES:
            out.append(f"{path.relative_to(SOURCE)}: {lines} lines (at most {MAX_MODULE_LINES})")
    return out


def long_functions(found: dict[str, Path]) -> list[str]:
    out = []
    for name, path in found.items():
        if name in GENERATED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1  # `def` to the end: not the decorators
                if length > MAX_FUNCTION_LINES:
                    out.append(f"{path.relative_to(SOURCE)}:{node.lineno} {node.name}: {length} lines"
                               f" (at most {MAX_FUNCTION_LINES})")
    return out


def _imported(name: str, path: Path, node: ast.AST, found: dict[str, Path]) -> set[str]:
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in found}
    assert isinstance(node, ast.ImportFrom)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    base = package[:len(package) - node.level + 1] if node.level else []
    module = ".".join(base + ([node.module] if node.module else []))
    submodules = {f"{module}.{alias.name}" for alias in node.names} & found.keys()
    if len(submodules) == len(node.names):  # `from planproof import engine`: the submodule only
        return submodules
    return submodules | ({module} & found.keys())


def import_graph(found: dict[str, Path]) -> dict[str, set[str]]:
    graph = {}
    for name, path in found.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(block.test) for n in ast.walk(block)}
        graph[name] = {target for node in ast.walk(tree)
                       if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in typing_only
                       for target in _imported(name, path, node, found)} - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def breaches() -> list[str]:
    found = modules()
    return (long_modules(found) + long_functions(found)
            + [f"import cycle: {' <-> '.join(c)}" for c in cycles(import_graph(found))])


def main() -> int:
    problems = breaches()
    print("\n".join(problems) if problems else "layout: no breach")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
