"""`.planning/config.json`, the one planning file that is not a document: its name, and the
copies a run over some folders may read (PP741). Its schema: `planning.config_schema`."""

from __future__ import annotations

import os

from planproof.planning.scope import ReadScope

CONFIG_NAME = "config.json"  # GSD's settings, next to the ROADMAP: the one non-markdown tree file
CONFIG_LIMIT = 1 << 20


def config_files(documents: list[str], scanned: ReadScope) -> list[tuple[str, bytes]]:
    """The `config.json` files PP741 may read in a run over these `documents` (absolute paths)
    and `scanned` folders, with their bytes: the lint run cache keys on them. PP741 reads the
    one at a tree's root, which is a document's folder or one above it, inside a walked folder."""
    from planproof.document import read_inside

    folders: set[str] = set()
    for path in documents:
        folder = os.path.dirname(path)
        while folder not in folders and scanned.walked_into(folder):
            folders.add(folder)
            folder = os.path.dirname(folder)
    out = []
    for where in sorted(folders):
        path = os.path.join(where, CONFIG_NAME)
        data = read_inside(path, where, CONFIG_LIMIT)
        if data is not None:
            out.append((path, data))
    return out
