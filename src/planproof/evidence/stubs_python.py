"""Stub detection for Python, from the code itself: `ast` for functions, strings and classes,
`tokenize` for comments (the kinds are described in `stubs.py`)."""

from __future__ import annotations

import ast
import io
import re
import tokenize

from planproof.evidence.stub_sites import (
    MARKER, NOOP_NOTE, Stub, StubScan, clip, comment_markers, placeholder_text,
)

NULL_NAME = re.compile(r"^_?(?:nop|noop|dummy|null|fake|mock|stub)(?:_|$)|Dummy|Null|Noop|NoOp|Fake|Mock|Stub")
ABSTRACT_CLASS = re.compile(r"^(?:Base|Abstract)|(?:Base|Interface|Mixin|Protocol|ABC|Observer|Listener|"
                            r"Visitor|Hooks?|Callbacks?|Handler)$")
# `print` is a CLI's output and `warnings.warn` a deliberate refusal: neither counts as logging
LOG_CALL = re.compile(r"^(?:self\.|cls\.)?_?(?:logger|logging|log|LOGGER|LOG)\."
                      r"(?:debug|info|warning|warn|error|exception|critical|fatal|log|trace|success)$")
# a NotImplementedError that refuses on purpose ("use run_async() instead"), not a missing body
REFUSAL = re.compile(r"\buse[sd]?\b|support|instead|directly|\bonly\b|cannot|n't\b|not applicable|"
                     r"read-?only|not allowed", re.I)


def scan_python(text: str) -> StubScan:
    result = StubScan("python", "python ast + tokenize")
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        result.notes.append(f"the file does not parse as Python: {exc}")
        return result
    functions = _python_functions(tree)
    nodes = list(ast.walk(tree))
    comments = _python_comments(text)
    by_line = dict(comments)
    found = [(owner, stub) for node, owner in functions
             if (stub := _python_function_stub(node, owner, by_line)) is not None]
    exempt = _interface_classes(nodes, functions, found)
    result.stubs.extend(stub for owner, stub in found if owner is None or id(owner) not in exempt)
    docstrings = _docstring_nodes(nodes) | _raised_strings(nodes)
    for node in nodes:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings and placeholder_text(node.value):
            result.stubs.append(Stub("placeholder", node.lineno, _enclosing(functions, node.lineno),
                                     clip(node.value)))
    comment_markers(comments, result.stubs, lambda line: _enclosing(functions, line))
    result.stubs.sort(key=lambda s: (s.line, s.kind))
    return result


def _python_functions(tree) -> list[tuple[ast.AST, ast.ClassDef | None]]:
    """(function, enclosing class or None) for every def in the module."""
    out = []

    def visit(node, owner):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out.append((child, owner))
                visit(child, NESTED)
            elif isinstance(child, ast.ClassDef):
                visit(child, child)
            elif isinstance(child, (ast.If, ast.Try)) and owner is None or \
                    isinstance(child, ast.If) and "TYPE_CHECKING" in ast.dump(child.test):
                visit(child, CONDITIONAL)  # `if TYPE_CHECKING:` / `except ImportError:` shims
            else:
                visit(child, owner)

    visit(tree, None)
    return out


def _interface_classes(nodes, functions, found) -> set[int]:
    """Classes whose empty methods are a design, not a stub: every method is empty (an interface
    or null object), or another class in the file derives from it (a base with hooks)."""
    stubbed: dict[int, int] = {}
    for owner, stub in found:
        if owner is not None and stub.kind == "stub-body":
            stubbed[id(owner)] = stubbed.get(id(owner), 0) + 1
    methods: dict[int, int] = {}
    for node, owner in functions:
        if owner is not None and not (node.name.startswith("__") and node.name.endswith("__")):
            methods[id(owner)] = methods.get(id(owner), 0) + 1
    exempt = {key for key, count in stubbed.items() if count >= 2 and count == methods.get(key)}
    classes = [n for n in nodes if isinstance(n, ast.ClassDef)]
    derived = {_decorator_name(base) for c in classes for base in c.bases}
    exempt |= {id(c) for c in classes if c.name in derived}
    return exempt


NESTED = ast.ClassDef(name="<function>", bases=[], keywords=[], body=[], decorator_list=[])
CONDITIONAL = ast.ClassDef(name="<conditional>", bases=[], keywords=[], body=[], decorator_list=[])


def _enclosing(functions, line: int) -> str:
    best = ""
    best_start = -1
    for node, owner in functions:
        end = getattr(node, "end_lineno", node.lineno)
        if node.lineno <= line <= end and node.lineno > best_start:
            qualified = owner is not None and owner not in (NESTED, CONDITIONAL)
            best, best_start = (f"{owner.name}.{node.name}" if qualified else node.name), node.lineno
    return best


def _docstring_nodes(nodes) -> set[int]:
    out = set()
    for node in nodes:
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                out.add(id(body[0].value))
    return out


def _raised_strings(nodes) -> set[int]:
    """Strings inside `raise`: an error message, never placeholder copy."""
    return {id(sub) for node in nodes if isinstance(node, ast.Raise)
            for sub in ast.walk(node) if isinstance(sub, ast.Constant)}


def _python_comments(text: str) -> list[tuple[int, str]]:
    comments = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                comments.append((token.start[0], token.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return comments


def _abstract_context(node, owner) -> bool:
    names = {_decorator_name(d) for d in node.decorator_list}
    if any("spec" in name or "hook" in name for name in names):
        return True  # plugin hook specifications are empty by design
    if names & {"abstractmethod", "abstractproperty", "overload", "abstractclassmethod",
                "abstractstaticmethod"}:
        return True
    if owner is None:
        return False
    if ABSTRACT_CLASS.search(owner.name):
        return True
    bases = {_decorator_name(b) for b in owner.bases}
    bases |= {_decorator_name(k.value) for k in owner.keywords if k.arg == "metaclass"}
    return bool(bases & {"Protocol", "ABC", "ABCMeta", "Interface"})


def _decorator_name(node) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Attribute):
        return node.attr
    return getattr(node, "id", "")


def _python_function_stub(node, owner, comments_by_line: dict[int, str]) -> Stub | None:
    if owner is NESTED or owner is CONDITIONAL:
        return None  # a local callback handed to an API, or a fallback shim
    if node.name.startswith("__") and node.name.endswith("__") or _abstract_context(node, owner) \
            or NULL_NAME.search(node.name) or owner is not None and NULL_NAME.search(owner.name):
        return None
    body = list(node.body)
    docstring = None
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        docstring = body.pop(0).value.value
    if not body:
        return None  # a docstring alone specifies an interface (hook specifications)
    empty = all(_is_nothing(s) for s in body)
    if not empty and not any(_is_log(s) for s in body):
        return None
    comments = " ".join(comments_by_line[n] for n in range(node.lineno, getattr(node, "end_lineno", node.lineno) + 1)
                        if n in comments_by_line)
    name = f"{owner.name}.{node.name}" if owner else node.name
    if NOOP_NOTE.search(docstring or "") or NOOP_NOTE.search(comments):
        return None
    if empty:
        if any(isinstance(s, ast.Raise) for s in body):
            return Stub("stub-body", node.lineno, name, f"{name}() only raises NotImplementedError")
        explained = comments and not MARKER.search(comments)
        if explained or owner is not None and _real_bases(owner):
            return None  # an explained no-op, or an override that disables a base-class hook
        return Stub("stub-body", node.lineno, name, f"{name}() has no code (only pass or ...)")
    if all(_is_log(s) for s in body[:-1]) and body and (_is_log(body[-1]) or _returns_none(body[-1])) \
            and any(_is_log(s) for s in body):
        return Stub("log-only", node.lineno, name, f"{name}() only logs")
    return None


def _real_bases(owner: ast.ClassDef) -> bool:
    return any(_decorator_name(b) not in ("object", "") for b in owner.bases)


def _is_nothing(statement) -> bool:
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) \
            and statement.value.value is Ellipsis:
        return True
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        exc = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        if getattr(exc, "id", getattr(exc, "attr", "")) != "NotImplementedError":
            return False
        message = " ".join(str(a.value) for a in getattr(statement.exc, "args", [])
                           if isinstance(a, ast.Constant))
        return not REFUSAL.search(message)
    return False


def _is_log(statement) -> bool:
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return False
    return LOG_CALL.match(_dotted(statement.value.func)) is not None


def _returns_none(statement) -> bool:
    return isinstance(statement, ast.Return) and (
        statement.value is None or isinstance(statement.value, ast.Constant) and statement.value.value is None)


def _dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))
