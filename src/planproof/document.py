"""Document: one planning file, read once, with frontmatter positions and a lazily parsed body."""

from __future__ import annotations

import os
import stat
from functools import cached_property
from typing import Any, Iterator

from planproof import lazyre
from planproof.decoding import DEFAULT_MAX_FILE_SIZE, Text, decode, folder_outside, unreadable
from planproof.findings import Violation
from planproof.frontmatter import parse as parse_frontmatter
from planproof.frontmatter_model import Frontmatter
from planproof.memo import Memo

KINDS = (
    "PLAN", "SUMMARY", "VERIFICATION", "UAT", "CONTEXT", "RESEARCH", "VALIDATION", "REVIEW",
    "ROADMAP", "STATE", "PROJECT", "REQUIREMENTS", "GENERIC",
)
SUFFIX_KINDS = ("PLAN", "SUMMARY", "VERIFICATION", "UAT", "CONTEXT", "RESEARCH", "VALIDATION",
                "REVIEW")
WHOLE_NAME_KINDS = ("ROADMAP", "STATE", "PROJECT", "REQUIREMENTS")
KIND_FROM_NAME = lazyre.compile(r"^(?:.+-)?(" + "|".join(SUFFIX_KINDS) + r")$")  # upper case, as GSD writes them


def kind_from_name(path: str) -> str | None:
    name = os.path.basename(path)
    stem = name[:-3] if name.lower().endswith(".md") else name
    upper = stem.upper()
    if upper in WHOLE_NAME_KINDS:
        return upper
    match = KIND_FROM_NAME.match(stem)
    if not match:
        return None
    kind = match.group(1).upper()
    parent = os.path.basename(os.path.dirname(path)).lower()
    if upper == kind and parent == "research":
        return None  # .planning/research/SUMMARY.md is a research digest, not a plan summary
    return kind


def kind_from_keys(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    keys = set(map(str, data))
    if keys & {"must_haves", "files_modified", "depends_on", "wave"}:
        return "PLAN"
    if "gsd_state_version" in keys or isinstance(data.get("progress"), dict):
        return "STATE"
    if "score" in keys and "status" in keys:
        return "VERIFICATION"
    if keys & {"requirements-completed", "key-files", "key_files", "tech-stack", "tech_stack"}:
        return "SUMMARY"
    return None


class Document:
    """A planning document. `lines` are the file's lines without terminators (line N is lines[N-1])."""

    def __init__(self, path: str, text: Text, abspath: str | None = None) -> None:
        self.path = path
        self.abspath = abspath or os.path.abspath(path)
        self.text = text.text
        self.skipped = text.skipped
        self.lines = self.text.split("\n") if self.text else []
        self.frontmatter = parse_frontmatter(self.lines) if not self.skipped else Frontmatter()
        self.problems: list[tuple[str, Violation]] = text.problems + self.frontmatter.problems
        self.kind = kind_from_name(path) or kind_from_keys(self.frontmatter.data) or "GENERIC"
        self.memo = Memo()  # facts derived from this document (planproof.memo)
        # noted by the worker that checked it (verify), and sent back with it: the memo is not
        self.coverage_relevant: bool | None = None  # claims/verifiable.py

    @classmethod
    def from_text(cls, text: str, path: str = "document.md") -> "Document":
        return cls(path, decode(text.encode("utf-8")))

    @property
    def meta(self) -> dict:
        """Frontmatter as a mapping ({} when absent, broken or not a mapping)."""
        data = self.frontmatter.data
        return data if isinstance(data, dict) else {}

    @property
    def body_start_line(self) -> int:
        return self.frontmatter.body_start_line if self.frontmatter.present else 1

    @cached_property
    def body(self):
        from planproof.body import parse_body

        return parse_body(self.lines, self.body_start_line)

    @cached_property
    def elements(self):
        from planproof.elements import parse_elements

        return parse_elements(self.lines, self.body_start_line)

    @cached_property
    def references(self):
        from planproof.elements import references

        return references(self.elements)

    def recorded(self, code: str) -> Iterator[Violation]:
        """The problems with `code` that reading this document recorded (PP051, PP1xx)."""
        return (violation for problem_code, violation in self.problems if problem_code == code)

    def line_length(self, line: int) -> int:
        return len(self.lines[line - 1]) if 0 < line <= len(self.lines) else 0

    def __getstate__(self) -> dict:
        """Documents cross process boundaries under -j: send only what cannot be rebuilt."""
        state = dict(self.__dict__)
        for derived in ("body", "elements", "references", "text", "memo"):
            state.pop(derived, None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.text = "\n".join(self.lines)
        self.memo = Memo()


UNREADABLE = -1  # the size read_bytes gives a file it could not or would not read


def read_bytes(abspath: str, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> tuple[bytes, int]:
    """The file's bytes (nothing when over the limit) and its size; (b"", UNREADABLE) when it is
    not a regular file (a FIFO or device would block or never end) or cannot be opened."""
    try:  # O_NONBLOCK: opening a named pipe must not wait for a writer
        handle = os.open(abspath, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return b"", UNREADABLE
    info = os.fstat(handle)
    if not stat.S_ISREG(info.st_mode):  # a folder cannot even be wrapped in a file object
        os.close(handle)
        return b"", UNREADABLE
    with os.fdopen(handle, "rb") as stream:
        if info.st_size > max_file_size:
            return b"", info.st_size
        return stream.read(max_file_size + 1), info.st_size


def read_inside(abspath: str, folder: str, limit: int) -> bytes | None:
    """A planning-tree file that is not a document (`.planning/config.json`), read as documents
    are: a regular file only (a named pipe would block), nothing over `limit` bytes, and never
    through a link that leaves `folder` (a committed `config.json -> /etc/passwd`)."""
    top = os.path.realpath(folder)
    if os.path.commonpath([os.path.realpath(abspath), top]) != top:
        return None
    data, size = read_bytes(abspath, limit)
    return data if size != UNREADABLE and data else None


def _why_unreadable(abspath: str) -> str:
    try:
        info = os.stat(abspath)
    except (OSError, ValueError) as exc:
        return getattr(exc, "strerror", None) or str(exc)
    if stat.S_ISDIR(info.st_mode):
        return "it is a directory"
    if stat.S_ISREG(info.st_mode):
        try:
            with open(abspath, "rb"):
                pass
        except OSError as exc:
            return exc.strerror or str(exc)
        return "it could not be opened"
    return "it is not a regular file (a named pipe, socket or device)"


def from_bytes(path: str, abspath: str, data: bytes, size: int,
               max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> Document:
    if size == UNREADABLE:
        from planproof.discovery import outside_repository

        target = outside_repository(abspath)
        if target is not None:
            return Document(path, folder_outside(target), abspath)
        return Document(path, unreadable(_why_unreadable(abspath)), abspath)
    return Document(path, decode(data, max_file_size, size=size), abspath)


def load(path: str, abspath: str | None = None, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> Document:
    """Read one file from disk into a Document; oversize or binary files come back `skipped`."""
    real = abspath or os.path.abspath(path)
    data, size = read_bytes(real, max_file_size)
    return from_bytes(path, real, data, size, max_file_size)
