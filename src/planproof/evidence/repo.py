"""The working tree: bounded, cached file reads, `wc -l` line counts, exports and static test counts.

Every file is read at most once per run (and at most MAX_READ bytes of it). Exports and test
counts are computed from source text without importing or running anything.

Export extraction, by language (documented limits):
- Python (`ast`): top-level functions, classes, assigned and annotated names, imported names
  (re-exports), names in a literal `__all__`; statements inside top-level `if`/`try`/`with`
  blocks count. Names created dynamically (`globals()[...] = `, star imports) are not seen: a
  module with `from x import *` or a non-literal `__all__` gives a lower bound.
- TypeScript/JavaScript (text): `export [default] [async] function|class|const|let|var|
  interface|type|enum|namespace|abstract class NAME`, `export { a, b as c }`, `export default`
  (as `default`), CommonJS `module.exports = { a, b }`, `exports.a =`, `module.exports.a =`.
  `export * from '...'` and destructured exports make the answer a lower bound.
- Go (text): top-level `func`, methods `func (r T) Name`, `type`, `var`, `const` (grouped blocks
  included). Go exports capitalised names; a lower-case name is accepted when declared.
- Rust (text): `pub` items (`fn`, `struct`, `enum`, `trait`, `type`, `const`, `static`, `mod`,
  `union`, `macro`), `pub use` names and `as` aliases, `#[macro_export] macro_rules!`.
- Other languages: an export is found when the name occurs as a whole word in the file.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass, field

from .languages import language_of

MAX_READ = 4 * 1024 * 1024  # bytes of one file that are read for contents, exports and tests
COUNT_CHUNK = 1024 * 1024
MAX_AST_CHARS = 512 * 1024  # larger Python files are searched as text, not parsed
AST_BUDGET = 4 * 1024 * 1024  # Python parsed per run (about 6 s); then text search



@dataclass(slots=True)
class FileText:
    text: str
    size: int
    truncated: bool = False
    error: str | None = None


@dataclass(slots=True)
class Exports:
    language: str  # python | javascript | go | rust | text
    names: set[str] = field(default_factory=set)
    lower_bound: bool = False  # some exports cannot be seen statically
    method: str = ""  # how names were found
    notes: list[str] = field(default_factory=list)

    def has(self, name: str, text: str) -> bool:
        if self.language == "text":
            return whole_word(name, text)
        return name in self.names


def _word_char(char: str) -> bool:
    return char.isalnum() or char in "_$"


def whole_word(name: str, text: str) -> bool:
    """`name` occurs in `text` not inside a longer identifier (a `find` loop: a lookbehind regex
    took 0.25 s per name on a 3 MB file)."""
    if not name:
        return False
    start = text.find(name)
    while start >= 0:
        end = start + len(name)
        if ((start == 0 or not _word_char(text[start - 1]))
                and (end == len(text) or not _word_char(text[end]))):
            return True
        start = text.find(name, start + 1)
    return False


@dataclass(slots=True)
class TestCount:
    count: int
    lower_bound: bool = False
    language: str = ""
    notes: list[str] = field(default_factory=list)


PY_TOP = re.compile(r"^(?:(?:async[ \t]+)?def|class)[ \t]+([A-Za-z_]\w*)|^([A-Za-z_]\w*)[ \t]*[:=]", re.M)


class Repository:
    """Cached reads of files inside one root (paths are already resolved and confined)."""

    def __init__(self) -> None:
        self._texts: dict[str, FileText] = {}
        self._lines: dict[str, int | None] = {}
        self._exports: dict[str, Exports] = {}
        self._tests: dict[str, TestCount | None] = {}
        self._top_names: dict[str, set[str]] = {}
        self._ast_chars = 0  # Python source given to the parser this run

    def read(self, abspath: str) -> FileText:
        cached = self._texts.get(abspath)
        if cached is not None:
            return cached
        try:
            with open(abspath, "rb") as handle:
                data = handle.read(MAX_READ + 1)
                size = os.fstat(handle.fileno()).st_size
        except OSError as exc:
            result = FileText("", 0, error=exc.strerror or str(exc))
        else:
            truncated = len(data) > MAX_READ
            if truncated:
                data = data[:MAX_READ]
            else:
                self._lines[abspath] = data.count(b"\n")
            result = FileText(data.decode("utf-8", errors="replace"), size, truncated)
        self._texts[abspath] = result
        return result

    def line_count(self, abspath: str) -> int | None:
        """Newline bytes in the file, exactly what `wc -l` prints (a last line without one is not
        counted). Files larger than MAX_READ are counted in chunks without keeping them."""
        if abspath in self._lines:
            return self._lines[abspath]
        text = self.read(abspath)
        if abspath in self._lines:
            return self._lines[abspath]
        count = None
        if text.error is None:
            count = 0
            try:
                with open(abspath, "rb") as handle:
                    while chunk := handle.read(COUNT_CHUNK):
                        count += chunk.count(b"\n")
            except OSError:
                count = None
        self._lines[abspath] = count
        return count

    def exports_name(self, abspath: str, name: str) -> bool | None:
        """Fast path for Python: a column-0 `def`/`class`/assignment of `name` is a top-level
        export, found without parsing the module (None: ask `exports`)."""
        if language_of(abspath) != "python":
            return None
        names = self._top_names.get(abspath)
        if names is None:
            text = self.read(abspath).text
            names = self._top_names[abspath] = {a or b for a, b in PY_TOP.findall(text)}
        return True if name in names else None

    def _parse_allowed(self, abspath: str, text: str) -> str | None:
        """Why `text` is not given to Python's parser (None: it is, and it is charged to the run's
        budget). Parsing costs about 1.6 s and 170 MB per MB of source."""
        if language_of(abspath) != "python":
            return None
        if len(text) > MAX_AST_CHARS:
            return f"the file is over {MAX_AST_CHARS // 1024} KiB"
        if self._ast_chars + len(text) > AST_BUDGET:
            return f"this run already parsed {AST_BUDGET // (1024 * 1024)} MiB of Python"
        self._ast_chars += len(text)
        return None

    def exports(self, abspath: str) -> Exports:
        cached = self._exports.get(abspath)
        if cached is None:
            text = self.read(abspath).text
            too_big = self._parse_allowed(abspath, text)
            if too_big:  # whole-word search: never reports a present name as missing
                cached = Exports("text", method=f"whole-word search ({too_big}: not parsed)")
            else:
                cached = extract_exports(abspath, text)
            self._exports[abspath] = cached
        return cached

    def tests(self, abspath: str) -> TestCount | None:
        if abspath not in self._tests:
            text = self.read(abspath).text
            too_big = self._parse_allowed(abspath, text)
            self._tests[abspath] = (TestCount(0, True, "python", [f"not counted: {too_big}"])
                                    if too_big else count_tests(abspath, text))
        return self._tests[abspath]


# ---------------------------------------------------------------------------------- exports

def extract_exports(path: str, text: str) -> Exports:
    language = language_of(path)
    if language == "python":
        return _python_exports(text)
    if language == "javascript":
        return _js_exports(text)
    if language == "go":
        return _go_exports(text)
    if language == "rust":
        return _rust_exports(text)
    return Exports("text", method="whole-word search")


def _python_exports(text: str) -> Exports:
    result = Exports("python", method="python ast (top-level names)")
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        result.language = "text"
        result.method = "whole-word search (the file does not parse as Python)"
        result.notes.append(f"python syntax error: {exc}")
        return result
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            result.names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        result.names.add(name.id)
            if _assigns_all(node):
                value = node.value
                if isinstance(value, (ast.List, ast.Tuple)) and all(
                        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
                    result.names.update(e.value for e in value.elts)
                else:
                    result.lower_bound = True
                    result.notes.append("__all__ is not a literal list")
        elif isinstance(node, ast.TypeAlias if hasattr(ast, "TypeAlias") else ()):
            result.names.add(node.name.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    result.lower_bound = True
                    result.notes.append("star import: its names are not listed")
                else:
                    result.names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.AsyncWith)):
            for part in ("body", "orelse", "finalbody"):
                stack.extend(getattr(node, part, []) or [])
            for handler in getattr(node, "handlers", []) or []:
                stack.extend(handler.body)
        elif isinstance(node, ast.Expr) and _is_dynamic_global(node):
            result.lower_bound = True
    return result


def _assigns_all(node) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)


def _is_dynamic_global(node: ast.Expr) -> bool:
    call = node.value
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Call)
            and getattr(call.func.value.func, "id", "") == "globals")


JS_DECL = re.compile(
    r"^[ \t]*export[ \t]+(?:declare[ \t]+)?(?:default[ \t]+)?(?:async[ \t]+)?(?:abstract[ \t]+)?"
    r"(?:function\*?|class|const|let|var|interface|type|enum|namespace|module)[ \t]*\*?[ \t]*"
    r"([A-Za-z_$][\w$]*)", re.M)
JS_DEFAULT = re.compile(r"^[ \t]*export[ \t]+default\b", re.M)
JS_LIST = re.compile(r"^[ \t]*export[ \t]+(?:type[ \t]+)?\{([^}]*)\}", re.M)
JS_STAR = re.compile(r"^[ \t]*export[ \t]+\*[ \t]+(?:as[ \t]+([A-Za-z_$][\w$]*)[ \t]+)?from", re.M)
JS_DESTRUCTURE = re.compile(r"^[ \t]*export[ \t]+(?:const|let|var)[ \t]*[{\[]", re.M)
CJS_OBJECT = re.compile(r"module\.exports[ \t]*=[ \t]*\{([^}]*)\}")
CJS_MEMBER = re.compile(r"(?:module\.)?exports\.([A-Za-z_$][\w$]*)[ \t]*=")
CJS_WHOLE = re.compile(r"module\.exports[ \t]*=[ \t]*(?!\{)([A-Za-z_$][\w$]*)")


def _js_exports(text: str) -> Exports:
    result = Exports("javascript", method="export syntax (text)")
    result.names.update(JS_DECL.findall(text))
    if JS_DEFAULT.search(text):
        result.names.add("default")
    for group in JS_LIST.findall(text):
        for item in group.split(","):
            words = item.replace("type ", " ").split()
            if not words:
                continue
            result.names.add(words[-1] if len(words) >= 3 and words[-2] == "as" else words[0])
    for alias in JS_STAR.findall(text):
        if alias:
            result.names.add(alias)
        else:
            result.lower_bound = True
            result.notes.append("`export * from` re-exports names that are not listed")
    if JS_DESTRUCTURE.search(text):
        result.lower_bound = True
        result.notes.append("destructured exports are not listed")
    for group in CJS_OBJECT.findall(text):
        for item in group.split(","):
            name = item.split(":")[0].strip().split("(")[0].strip()
            if re.fullmatch(r"[A-Za-z_$][\w$]*", name or ""):
                result.names.add(name)
    result.names.update(CJS_MEMBER.findall(text))
    for whole in CJS_WHOLE.findall(text):
        result.names.add(whole)
    return result


GO_FUNC = re.compile(r"^func[ \t]+(?:\([^)]*\)[ \t]*)?([A-Za-z_]\w*)", re.M)
GO_SINGLE = re.compile(r"^(?:type|var|const)[ \t]+([A-Za-z_]\w*)", re.M)
GO_GROUP = re.compile(r"^(type|var|const)[ \t]*\((.*?)^\)", re.M | re.S)
GO_GROUP_ITEM = re.compile(r"^[ \t]+([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)", re.M)


def _go_exports(text: str) -> Exports:
    result = Exports("go", method="top-level declarations (text)")
    result.names.update(GO_FUNC.findall(text))
    result.names.update(GO_SINGLE.findall(text))
    for _, block in GO_GROUP.findall(text):
        for item in GO_GROUP_ITEM.findall(block):
            result.names.update(n.strip() for n in item.split(","))
    return result


RUST_ITEM = re.compile(
    r"^[ \t]*pub(?:\([^)]*\))?[ \t]+(?:(?:async|const|unsafe|extern(?:[ \t]+\"[^\"]*\")?)[ \t]+)*"
    r"(?:fn|struct|enum|trait|type|const|static|mod|union|macro)[ \t]+([A-Za-z_]\w*)", re.M)
RUST_USE = re.compile(r"^[ \t]*pub(?:\([^)]*\))?[ \t]+use[ \t]+([^;]+);", re.M)
RUST_MACRO = re.compile(r"#\[macro_export\][ \t\r\n]*macro_rules![ \t]*([A-Za-z_]\w*)")


def _rust_exports(text: str) -> Exports:
    result = Exports("rust", method="pub items (text)")
    result.names.update(RUST_ITEM.findall(text))
    result.names.update(RUST_MACRO.findall(text))
    for use in RUST_USE.findall(text):
        for piece in re.split(r"[{},]", use):
            words = piece.strip().split()
            if not words:
                continue
            if len(words) >= 3 and words[-2] == "as":
                result.names.add(words[-1])
            elif words[-1].endswith("*"):
                result.lower_bound = True
                result.notes.append("`pub use ...::*` re-exports names that are not listed")
            else:
                result.names.add(words[-1].split("::")[-1])
    return result


# ---------------------------------------------------------------------------------- tests

JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\w\"'])//[^\n]*", re.S)
JS_TEST = re.compile(r"(?<![\w$.])(?:it|test)(?:\.(?:only|concurrent|fails))?[ \t]*\(")
JS_TEST_EACH = re.compile(r"(?<![\w$.])(?:it|test|describe)\.each\b")
JS_SKIPPED = re.compile(r"(?<![\w$.])(?:it|test)\.(?:skip|todo)\b|(?<![\w$.])x(?:it|test)[ \t]*\(")


def count_tests(path: str, text: str) -> TestCount | None:
    """Static test count for Python and JS/TS test files; None for other languages."""
    language = language_of(path)
    if language == "python":
        return _python_tests(text)
    if language == "javascript":
        return _js_tests(text)
    return None


def _js_tests(text: str) -> TestCount:
    code = JS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    result = TestCount(len(JS_TEST.findall(code)), language="javascript")
    if JS_TEST_EACH.search(code):
        result.lower_bound = True
        result.notes.append("`.each` tables multiply tests and are not expanded")
    skipped = len(JS_SKIPPED.findall(code))
    if skipped:
        result.notes.append(f"{skipped} skipped/todo tests not counted")
    return result


def _python_tests(text: str) -> TestCount:
    result = TestCount(0, language="python")
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        result.lower_bound = True
        result.notes.append(f"the file does not parse as Python: {exc}")
        return result
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name == "pytest_generate_tests":
                result.lower_bound = True
                result.notes.append("pytest_generate_tests parametrises dynamically")
            elif node.name.startswith("test"):
                result.count += _multiplier(node, result)
        elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.startswith("test") for t in node.targets):
            result.lower_bound = True
            result.notes.append("a test bound by assignment (`test_x = ...`) is not counted")
        elif isinstance(node, ast.ImportFrom) and any(a.name.startswith("test") or a.name == "*"
                                                      for a in node.names):
            result.lower_bound = True
            result.notes.append("imported tests are not counted")
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            result.count += class_tests(node, result)
    return result


def class_tests(node: ast.ClassDef, result: TestCount) -> int:
    """The tests pytest collects from one `class Test*` (notes on `result` when only a bound)."""
    methods = [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if any(m.name == "__init__" for m in methods):
        return 0  # pytest does not collect classes with __init__
    if node.bases and not all(getattr(b, "id", getattr(b, "attr", "")) in ("object", "TestCase")
                              for b in node.bases):
        result.lower_bound = True
        result.notes.append(f"class {node.name} may inherit tests")
    class_factor = _parametrize_factor(node.decorator_list, result)
    return sum(_multiplier(m, result) * class_factor for m in methods if m.name.startswith("test"))


def _multiplier(node, result: TestCount) -> int:
    return _parametrize_factor(node.decorator_list, result)


def _parametrize_factor(decorators, result: TestCount) -> int:
    factor = 1
    for decorator in decorators:
        if not (isinstance(decorator, ast.Call) and _is_parametrize(decorator.func)):
            continue
        values = decorator.args[1] if len(decorator.args) > 1 else next(
            (k.value for k in decorator.keywords if k.arg == "argvalues"), None)
        if isinstance(values, (ast.List, ast.Tuple, ast.Set)) and not any(
                isinstance(e, ast.Starred) for e in values.elts):
            factor *= len(values.elts)
        else:
            result.lower_bound = True
            result.notes.append(f"non-literal parametrize at line {decorator.lineno}")
    return factor


def _is_parametrize(func) -> bool:
    return isinstance(func, ast.Attribute) and func.attr == "parametrize"
