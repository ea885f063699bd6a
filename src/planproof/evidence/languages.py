"""Which language a source file is written in, by its extension: one table for every reader
(exports, test counts, imports, the source index, stub scans)."""

from __future__ import annotations

import os

PY_EXT = (".py", ".pyi")
JS_EXT = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")  # TypeScript included
GO_EXT = (".go",)
RUST_EXT = (".rs",)


def language_of(path: str) -> str:
    """python | javascript | go | rust | text"""
    ext = os.path.splitext(path)[1].lower()
    if ext in PY_EXT:
        return "python"
    if ext in JS_EXT:
        return "javascript"
    if ext in GO_EXT:
        return "go"
    if ext in RUST_EXT:
        return "rust"
    return "text"
