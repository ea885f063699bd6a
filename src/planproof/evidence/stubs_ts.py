"""Stub detection for JavaScript/TypeScript/TSX, Go and Rust through tree-sitter grammars.

The kinds and their severities are described in `stubs.py`. When the grammars are not installed
only comments are searched for markers, by syntax (`//`, `/* */`), and the scan says so.
"""

from __future__ import annotations

import re

from planproof.evidence.stub_sites import (
    NOOP_NOTE, Stub, StubScan, clip, comment_markers, placeholder_text,
)

JS_EXT = {".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
          ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx"}
LANGUAGE_OF = {**JS_EXT, ".go": "go", ".rs": "rust"}
FUNCTIONS = {
    "js": {"function_declaration", "generator_function_declaration", "function_expression",
           "function", "arrow_function", "method_definition"},
    "go": {"function_declaration", "method_declaration", "func_literal"},
    "rust": {"function_item"},
}
COMMENTS = {"comment", "line_comment", "block_comment"}
STRINGS = {"string_fragment", "jsx_text", "interpreted_string_literal_content",
           "raw_string_literal", "string_content"}
NOT_IMPLEMENTED = re.compile(r"not (?:yet )?implemented|unimplemented|\btodo\b", re.I)
JS_LOG = re.compile(r"^console\.\w+$")
GO_LOG = re.compile(r"^(?:log|fmt|slog)\.(?:Print|Fatal|Panic|Info|Debug|Warn|Error)\w*$")
RUST_LOG = re.compile(r"^(?:e?println|e?print|dbg|(?:log::|tracing::)?(?:info|debug|warn|error|trace))$")
RUST_STUB = re.compile(r"^(?:todo|unimplemented)$")  # the macros that stand in for a body
EMPTY_VALUES = {"null", "undefined"}
HANDLER_NAME = re.compile(r"^(?:handle|on)[A-Z]")
LINE_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def parser_for(language: str):
    """A tree-sitter parser, or None when the grammar is not installed (a new parser costs
    microseconds once the grammar module is imported: nothing to keep between scans)."""
    try:
        import tree_sitter
        if language in ("typescript", "tsx"):
            import tree_sitter_typescript as grammar
            handle = grammar.language_tsx() if language == "tsx" else grammar.language_typescript()
        elif language == "javascript":
            import tree_sitter_javascript as grammar
            handle = grammar.language()
        elif language == "go":
            import tree_sitter_go as grammar
            handle = grammar.language()
        else:
            import tree_sitter_rust as grammar
            handle = grammar.language()
        return tree_sitter.Parser(tree_sitter.Language(handle))
    except (ImportError, AttributeError, ValueError, OSError):
        return None


def scan(ext: str, text: str) -> StubScan:
    language = LANGUAGE_OF.get(ext)
    if language is None:
        return StubScan("text", "not scanned (no stub rules for this file type)")
    parser = parser_for(language)
    if parser is None:
        result = StubScan(language, "comment syntax only (tree-sitter grammar not installed)")
        comments = [(text.count("\n", 0, m.start()) + 1, m.group(0)) for m in LINE_COMMENT.finditer(text)]
        comment_markers(comments, result.stubs)
        return result
    data = text.encode("utf-8", errors="replace")
    tree = parser.parse(data)
    family = "js" if language in ("javascript", "typescript", "tsx") else language
    result = StubScan(language, f"tree-sitter {language} grammar")
    if tree.root_node.has_error:
        result.notes.append("the parser recovered from syntax errors; findings may be incomplete")
    _Walker(family, data, result).walk(tree.root_node)
    result.stubs.sort(key=lambda s: (s.line, s.kind))
    return result


class _Walker:
    def __init__(self, family: str, data: bytes, result: StubScan) -> None:
        self.family, self.data, self.result = family, data, result
        self.functions: list[tuple[int, int, str]] = []

    def text(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", errors="replace")

    def walk(self, root) -> None:
        stack = [root]
        comments = []
        while stack:
            node = stack.pop()
            kind = node.type
            if kind in FUNCTIONS[self.family]:
                self.function(node)
            elif kind in COMMENTS:
                comments.append((node.start_point[0] + 1, self.text(node)))
                continue
            elif kind in STRINGS:
                self.string(node)
            stack.extend(reversed(node.children))
        comment_markers(comments, self.result.stubs, self.name_at)

    def name_at(self, line: int) -> str:
        inside = [(start, name) for start, end, name in self.functions if start <= line <= end]
        return max(inside)[1] if inside else ""

    def add(self, kind: str, node, name: str, detail: str) -> None:
        self.result.stubs.append(Stub(kind, node.start_point[0] + 1, name, detail))

    # -- strings ---------------------------------------------------------------------------
    def string(self, node) -> None:
        value = self.text(node)
        if not placeholder_text(value) or self._placeholder_attribute(node):
            return
        self.add("placeholder", node, self.name_at(node.start_point[0] + 1), clip(value))

    def _placeholder_attribute(self, node) -> bool:
        """`placeholder="Coming soon"` is an input hint, and import paths are not copy."""
        parent = node.parent
        for _ in range(5):
            if parent is None:
                return False
            if parent.type in ("jsx_attribute", "pair"):
                key = parent.children[0] if parent.children else None
                return key is not None and "placeholder" in self.text(key).lower()
            if parent.type in ("import_statement", "import_spec", "import_declaration",
                               "throw_statement"):
                return True
            parent = parent.parent
        return False

    # -- functions -------------------------------------------------------------------------
    def function(self, node) -> None:
        name = self.function_name(node)
        start, end = node.start_point[0] + 1, node.end_point[0] + 1
        self.functions.append((start, end, name))
        body = node.child_by_field_name("body")
        if body is None:
            return
        if self.family == "js":
            self.js_function(node, body, name)
        elif self.family == "go":
            self.go_function(node, body, name)
        else:
            self.rust_function(node, body, name)

    def function_name(self, node) -> str:
        named = node.child_by_field_name("name")
        if named is not None:
            return self.text(named)
        parent = node.parent
        if parent is None:
            return "anonymous"
        if parent.type == "variable_declarator" and parent.child_by_field_name("name") is not None:
            return self.text(parent.child_by_field_name("name"))
        if parent.type in ("pair", "public_field_definition", "assignment_expression"):
            key = parent.children[0]
            return self.text(key)
        if parent.type == "jsx_expression" and parent.parent is not None \
                and parent.parent.type == "jsx_attribute":
            return self.text(parent.parent.children[0]) + " handler"
        return "anonymous"

    def statements(self, body) -> list:
        out = []
        for child in body.named_children:
            if child.type in COMMENTS:
                continue
            if child.type == "statement_list":
                out.extend(c for c in child.named_children if c.type not in COMMENTS)
            else:
                out.append(child)
        return out

    def has_comment(self, body) -> bool:
        return any(c.type in COMMENTS for c in body.named_children) or any(
            c.type == "statement_list" and any(g.type in COMMENTS for g in c.named_children)
            for c in body.named_children)

    def js_function(self, node, body, name: str) -> None:
        parent = node.parent
        callback = parent is not None and parent.type == "arguments"
        if body.type != "statement_block":
            if self.empty_value(body) and not callback and node.type == "arrow_function" \
                    and name[:1].isupper():
                self.add("empty-return", node, name, f"component {name} returns {self.text(body)}")
            return
        statements = self.statements(body)
        if not statements:
            if callback or name in ("constructor", "anonymous") or self.accessor(node) \
                    or self.has_comment(body) and not self._todo(body) or self.noop_note(node):
                return
            if parent is not None and parent.type == "variable_declarator" and \
                    not HANDLER_NAME.match(name):
                return  # `let done = () => {}`: a default no-op to be replaced
            what = "is an empty event handler" if name.endswith(" handler") else "has an empty body"
            self.add("empty-return", node, name, f"{name} {what}")
            return
        if len(statements) == 1:
            only = statements[0]
            if only.type == "throw_statement" and NOT_IMPLEMENTED.search(self.text(only)):
                self.add("stub-body", node, name, f"{name} only throws '{clip(self.text(only), 60)}'")
                return
            if only.type == "return_statement" and self.reports_empty_return(node, name):
                value = only.named_children[0] if only.named_children else None
                if value is not None and self.empty_value(value):
                    what = "component" if name[:1].isupper() else "function"
                    self.add("empty-return", node, name, f"{what} {name} only returns {self.text(value)}")
                    return
        if all(self.is_call(s, JS_LOG) for s in statements):
            self.add("log-only", node, name, f"{name} only logs")

    def accessor(self, node) -> bool:
        """`set x (v) {}` / `get x () {}`: accessors emulating a read-only property."""
        return node.type == "method_definition" and any(
            c.type in ("get", "set") for c in node.children)

    def noop_note(self, node) -> bool:
        """A comment just above the function says it is a no-op on purpose."""
        previous = node.prev_named_sibling
        return previous is not None and previous.type in COMMENTS and \
            previous.end_point[0] >= node.start_point[0] - 1 and NOOP_NOTE.search(self.text(previous)) is not None

    def reports_empty_return(self, node, name: str) -> bool:
        """Components, hooks and exported functions that return nothing are stubs; a method or
        helper returning null is an ordinary default."""
        if node.type == "method_definition" or node.parent is not None and node.parent.type == "arguments":
            return False
        if name[:1].isupper() or re.match(r"^use[A-Z]", name):
            return True
        ancestor = node.parent
        for _ in range(3):
            if ancestor is None:
                return False
            if ancestor.type == "export_statement":
                return True
            ancestor = ancestor.parent
        return False

    def _todo(self, body) -> bool:
        return "TODO" in self.text(body) or "FIXME" in self.text(body)

    def empty_value(self, node) -> bool:
        while node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        if node.type in EMPTY_VALUES or node.type == "identifier" and self.text(node) == "undefined":
            return True
        if node.type in ("object", "array") and not node.named_children:
            return True
        if node.type == "jsx_element":  # <></> with nothing inside
            opening = node.child_by_field_name("open_tag")
            return opening is not None and opening.child_by_field_name("name") is None and \
                all(c.type in ("jsx_opening_element", "jsx_closing_element") for c in node.named_children)
        return False

    def is_call(self, statement, pattern) -> bool:
        target = statement.named_children[0] if statement.type == "expression_statement" \
            and statement.named_children else statement
        if target.type == "macro_invocation":
            macro = target.child_by_field_name("macro")
            return macro is not None and pattern.match(self.text(macro)) is not None
        if target.type != "call_expression":
            return False
        function = target.child_by_field_name("function")
        return function is not None and pattern.match(self.text(function)) is not None

    def go_function(self, node, body, name: str) -> None:
        statements = self.statements(body)
        if not statements:
            if node.type != "func_literal" and not self.has_comment(body) or self._todo(body):
                self.add("empty-return", node, name, f"{name} has an empty body")
            return
        if len(statements) == 1 and self.is_call(statements[0], re.compile(r"^panic$")) \
                and NOT_IMPLEMENTED.search(self.text(statements[0])):
            self.add("stub-body", node, name, f"{name} only panics: {clip(self.text(statements[0]), 60)}")
            return
        if all(self.is_call(s, GO_LOG) for s in statements):
            self.add("log-only", node, name, f"{name} only logs")

    def rust_function(self, node, body, name: str) -> None:
        statements = self.statements(body)
        if not statements:
            return  # empty bodies are normal for unit-returning trait impls
        if len(statements) == 1 and self.is_call(statements[0], RUST_STUB):
            self.add("stub-body", node, name, f"{name} only calls {self.text(statements[0]).rstrip(';')}")
            return
        if all(self.is_call(s, RUST_LOG) for s in statements):
            self.add("log-only", node, name, f"{name} only logs")
