"""`.planning/config.json`, the one planning file that is not a document: its name, and the
copies a run over some folders may read (PP741). Its schema: `planning.config_schema`."""

from __future__ import annotations

import os

from planproof.planning.scope import ReadScope

CONFIG_NAME = "config.json"  # GSD's settings, next to the ROADMAP: the one non-markdown tree file
CONFIG_LIMIT = 1 << 20


def config_files(scanned: ReadScope) -> list[tuple[str, bytes]]:
    """The `config.json` files a run over the `scanned` folders may read (PP741), with their
    bytes: the lint run cache keys on them."""
    from planproof.document import read_inside

    out = []
    for folder in scanned.walked:
        for where in (folder, os.path.join(folder, ".planning")):
            path = os.path.join(where, CONFIG_NAME)
            data = read_inside(path, where, CONFIG_LIMIT)
            if data is not None:
                out.append((path, data))
    return out
