"""Decoding a file's bytes into text: encoding, line endings, binary and oversize files.

No markdown or YAML here; `planproof.document` reads the file and builds the Document."""

from __future__ import annotations

from dataclasses import dataclass, field

from planproof.findings import Span, Violation

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024


@dataclass
class Text:
    """Decoded text with '\n' line endings; `problems` holds (code, violation) pairs."""

    text: str
    skipped: bool = False
    problems: list[tuple[str, Violation]] = field(default_factory=list)


def _first_invalid_utf8(data: bytes) -> tuple[int, int]:
    """Line and column (1-based) of the first byte that is not valid UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        last_break = max(before.rfind(b"\n"), before.rfind(b"\r"))
        column = len(before[last_break + 1 :].decode("utf-8", "replace")) + 1
        return line, column
    return 1, 1


def unreadable(reason: str) -> Text:
    """A file that was not read (not a regular file, dangling symlink, no permission): PP104."""
    return Text("", skipped=True, problems=[("PP104", Violation(
        f"file cannot be read: {reason}; not checked",
        hint="planning documents are regular files; fix or exclude this path",
        evidence={"reason": reason}))])


def folder_outside(target: str) -> Text:
    """A folder to check that is a symbolic link out of the repository: PP051, nothing read."""
    return Text("", skipped=True, problems=[("PP051", Violation(
        f"the folder is a symbolic link that leads outside the repository (to {target}); "
        "none of its files were read",
        hint="commit the planning documents themselves, or pass the real folder's path",
        evidence={"target": target}))])


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, size_limit: int = DEFAULT_MAX_FILE_SIZE, size: int | None = None) -> Text:
    """The text of a file's bytes: skipped when over `size_limit` (PP103) or binary (PP102);
    a UTF-8 byte order mark dropped, undecodable bytes replaced (PP101), line endings '\n'."""
    size = len(data) if size is None else size
    if size > size_limit:
        return Text("", skipped=True, problems=[("PP103", Violation(
            f"file is {size:,} bytes, over the {size_limit:,}-byte limit; not read",
            hint="raise --max-file-size if this document is meant to be this large",
            evidence={"bytes": size, "limit": size_limit}))])
    if b"\x00" in data:
        offset = data.find(b"\x00")
        return Text("", skipped=True, problems=[("PP102", Violation(
            "file contains NUL bytes (binary content); not read",
            Span(data[:offset].count(b"\n") + 1, 1),
            hint="planning documents are text; remove the binary data or exclude the file",
            evidence={"first_nul_offset": offset}))])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return Text(normalise_newlines(data.decode("utf-8")))
    except UnicodeDecodeError:
        line, column = _first_invalid_utf8(data)
        text = normalise_newlines(data.decode("utf-8", "replace"))
        return Text(text, problems=[("PP101", Violation(
            "file is not valid UTF-8; undecodable bytes were replaced with U+FFFD",
            Span(line, column), hint="re-save the file as UTF-8",
            evidence={"encoding": "utf-8", "first_invalid": f"{line}:{column}"}))])
