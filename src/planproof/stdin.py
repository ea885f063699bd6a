"""`--stdin-filename PATH`: check a document read from standard input (editor plugins,
format-on-save), reported under PATH with the settings PATH would get.

Only document rules and the tree rules that need no other file run, as for a file given alone.
With --fix the fixed document is written to standard output (the findings that remain go to
standard error); nothing on disk is touched.
"""

from __future__ import annotations

import os

from planproof import document as document_module
from planproof.config import Settings
from planproof.discovery import excluded
from planproof.engine import Context, Result, Selection, check_document, finish
from planproof.fix import fix_in_memory


def check_bytes(path: str, data: bytes, settings: Settings, mode: str) -> Result:
    """`data` checked as the file `path` (decoded as a file on disk is, so PP101-PP103 apply);
    an excluded `path` gives an empty result."""
    if excluded(path, settings.exclude):
        return Result([], [])
    doc = document_module.from_bytes(path, os.path.abspath(path), data, len(data),
                                     settings.max_file_size)
    selection = Selection(settings, mode)
    checked = [(doc, check_document(doc, selection, Context(settings, mode, settings.root)))]
    return finish(checked, settings, mode)


def fix_bytes(path: str, data: bytes, settings: Settings, mode: str,
              unsafe: bool) -> tuple[bytes, Result, int]:
    """The document with every applicable fix applied (checked again after each pass), what
    remains, and how many findings were fixed."""
    return fix_in_memory(data, lambda fixed: check_bytes(path, fixed, settings, mode), settings,
                         unsafe)
