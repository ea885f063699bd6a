"""Stub detection: is a source file substantive, or a placeholder? Read from the code itself.

Python is parsed with `ast` (comments with `tokenize`); JavaScript/TypeScript/TSX, Go and Rust
with tree-sitter grammars (`stubs_ts.py`). Nothing is imported or run. What counts, by kind
(severities follow GSD's verification workflow: "blocker" is an error, "warning" a warning):

- `stub-body` (blocker): a function whose body is only `pass`, `...`, a docstring,
  `raise NotImplementedError`, `throw new Error("not implemented")`, `todo!()`/`unimplemented!()`,
  `panic("not implemented")`.
- `placeholder` (blocker): a string or JSX text reading as placeholder copy: "coming soon",
  "will be here", "placeholder text/content/...", "lorem ipsum", "not implemented yet".
- `marker` (blocker): a FIXME/XXX/TBD comment with no issue or PR reference on its line.
- `todo` (warning): a TODO/HACK comment with no issue or PR reference on its line.
- `empty-return` (warning): a function whose only statement returns null/undefined/{}/[]/an
  empty fragment (JS/TS), or an empty JS/TS/Go function body or JSX event handler `() => {}`.
- `log-only` (warning): a function whose only statements log (`print`, `logger.*`,
  `console.*`, `log.*`, `fmt.Print*`, `println!`...).

Deliberately not stubs (each a measured false-positive class): abstract methods, `Protocol`/ABC
classes and classes named Base*/Abstract*/*Interface/*Mixin, `@overload`, `.pyi` files, dunder
methods, functions whose comment or docstring says they are no-ops on purpose, callbacks passed as
call arguments (`.catch(() => {})`), empty constructors, Python default hooks that `return []`.
"""

from __future__ import annotations

import os

from planproof.evidence.stub_sites import StubScan
from planproof.evidence.stubs_python import scan_python
from planproof.evidence.stubs_ts import scan as scan_with_grammar
from planproof.evidence.testfiles import is_test_file

STRUCTURAL = ("stub-body", "empty-return", "log-only")  # kinds a test double has on purpose


def scan(path: str, text: str) -> StubScan:
    """Every stub site of one source file (an empty scan for languages without rules)."""
    ext = os.path.splitext(path)[1].lower()
    result = scan_python(text) if ext == ".py" else scan_with_grammar(ext, text)
    if is_test_file(path):
        # test doubles are empty on purpose (a fake provider missing a method to test the error)
        result.stubs = [s for s in result.stubs if s.kind not in STRUCTURAL]
        result.notes.append("a test file: empty functions and returns are test doubles, not stubs")
    return result
