"""Rule examples written as several files (`<!-- file: PATH -->` sections): one example, a
whole planning tree (rule documentation and tests)."""

from __future__ import annotations

import os

from planproof import lazyre
from planproof.document import Document
from planproof.planning.scope import ReadScope

EXAMPLE_FILE = lazyre.compile(r"^<!--\s*file:\s*(\S+)\s*-->\s*$")


def example_sections(text: str) -> list[tuple[str, str]]:
    """A rule example written as several files (`<!-- file: PATH -->` lines): (path, text) each;
    a plain example is no sections. Sections outside the planning tree (source, tests: not `.md`,
    not under `.planning/`) are repository files that verify examples are checked against."""
    lines = text.split("\n")
    if not lines or not EXAMPLE_FILE.match(lines[0]):
        return []
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        match = EXAMPLE_FILE.match(line)
        if match:
            sections.append((match.group(1), []))
        else:
            sections[-1][1].append(line)
    return [(name, "\n".join(body).strip("\n") + "\n") for name, body in sections]


def _planning_file(name: str) -> bool:
    """A section that is part of the planning tree (a document, or `.planning/config.json`)
    rather than of the repository the documents describe."""
    return name.endswith(".md") or ".planning/" in f"/{name}"


def example_documents(text: str, path: str) -> tuple[list[Document], ReadScope]:
    """The planning documents of a rule example (see example_sections).

    A plain text is one document and no folder counts as completely read; a multi-file example
    is a whole tree, so the folder holding all of its documents counts as read."""
    sections = [(n, b) for n, b in example_sections(text) if _planning_file(n)]
    if not sections:
        return [Document.from_text(text, path)], ReadScope()
    docs = [Document.from_text(body, name) for name, body in sections]
    common = os.path.commonpath([os.path.dirname(d.abspath) for d in docs])
    return docs, ReadScope((common,))
