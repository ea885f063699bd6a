"""Safe path resolution: a path written in a document becomes a file inside the root, or a refusal.

Nothing here reads a file. A refusal carries a reason (below) and a sentence for the user; the
caller turns it into a finding instead of reading anything:

- ``empty``           the path is empty after stripping quotes and backticks
- ``nul``             the path contains a NUL byte
- ``home``            ``~``, ``$HOME`` or ``/Users/<name>``/``/home/<name>``: machine-specific
- ``absolute``        an absolute path (``/etc/passwd``, ``C:\\x``): documents use root-relative paths
- ``parent-escape``   ``..`` components lead outside the root
- ``symlink-escape``  a symbolic link on the way leads outside the root
- ``symlink-loop``    symbolic links that point at each other
- ``invalid``         the operating system rejects the name (too long, ...)
"""

from __future__ import annotations

import errno
import os
import posixpath
import re
import stat as stat_module
from dataclasses import dataclass

HOME_PREFIX = re.compile(r"^(?:~[\w.-]*(?:/|$)|\$HOME\b|\$\{HOME\}|%USERPROFILE%|/Users/[^/]+|/home/[^/]+"
                         r"|/root(?:/|$)|[A-Za-z]:[\\/]Users[\\/])")
WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
STRIP = " \t\r\n\"'`"
MAX_PATH_TEXT = 4096

REASONS = {
    "empty": "the path is empty",
    "nul": "the path contains a NUL byte",
    "home": "a home-directory path is machine-specific and lies outside the repository",
    "absolute": "an absolute path is machine-specific; write it relative to the repository root",
    "parent-escape": "'..' leads outside the repository root",
    "symlink-escape": "a symbolic link leads outside the repository root",
    "symlink-loop": "symbolic links form a loop",
    "invalid": "the operating system rejects this path",
}


@dataclass(frozen=True, slots=True)
class Resolved:
    """Where a written path leads. `kind` is file, dir, other or missing; `refused` a reason."""

    written: str
    relative: str  # root-relative, '/'-separated ("" when refused before normalising)
    abspath: str | None  # the real path inside the root (None when refused)
    kind: str = "missing"
    refused: str | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.refused is None

    @property
    def exists(self) -> bool:
        return self.refused is None and self.kind != "missing"

    @property
    def is_file(self) -> bool:
        return self.kind == "file"

    def evidence(self) -> dict:
        data = {"path": self.written, "resolved": self.relative or None, "found": self.kind}
        if self.refused:
            data["found"] = "not read"
            data["refused"] = self.refused
            data["reason"] = self.detail or REASONS[self.refused]
        return data


def clean(text: str) -> str:
    """The path as written, without wrapping quotes/backticks and a trailing ':line' or '#anchor'."""
    text = text.strip(STRIP)
    text = re.sub(r"(?<=\w)(?::\d+(?:[-:]\d+)?|#L?\d+(?:-L?\d+)?)$", "", text)
    return text


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class PathResolver:
    """Resolves document paths against one root, caching every answer for the run."""

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        self._cache: dict[tuple[str, str], Resolved] = {}
        self._dirs: dict[str, str] = {}

    def resolve(self, written: str, base: str | None = None) -> Resolved:
        """`written` relative to the root; `./` and `../` paths relative to `base` (a folder)."""
        key = (written, base or "")
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._resolve(written, base)
        return cached

    def _refuse(self, written: str, reason: str, relative: str = "", detail: str = "") -> Resolved:
        return Resolved(written, relative, None, "missing", reason, detail)

    def _resolve(self, written: str, base: str | None) -> Resolved:
        text = clean(written)
        if "\x00" in text:
            return self._refuse(written, "nul")
        if not text:
            return self._refuse(written, "empty")
        if len(text) > MAX_PATH_TEXT:
            return self._refuse(written, "invalid", detail=f"the path is {len(text)} characters long")
        if HOME_PREFIX.match(text):
            return self._refuse(written, "home")
        if text.startswith("/") or WINDOWS_ABSOLUTE.match(text):
            return self._refuse(written, "absolute")
        text = text.replace("\\", "/") if "/" not in text else text
        if text.startswith(("./", "../")) and base:
            start = os.path.realpath(base)
            if not _within(start, self.root):
                start = self.root
        else:
            start = self.root
        joined = posixpath.normpath(posixpath.join(start.replace(os.sep, "/"), text))
        root_posix = self.root.replace(os.sep, "/")
        if not _within(joined, root_posix) and joined != root_posix:
            return self._refuse(written, "parent-escape", text)
        relative = joined[len(root_posix):].lstrip("/") or "."
        return self._check_links(written, relative, joined)

    def _realpath(self, candidate: str) -> str:
        """realpath with the parent folder's answer cached: one lstat per new path, not one per
        component (hundreds of artifacts share a few folders)."""
        parent, name = os.path.split(candidate)
        real_parent = self._dirs.get(parent)
        if real_parent is None:
            real_parent = self._dirs[parent] = os.path.realpath(parent)
        if name in ("", ".", ".."):
            return os.path.realpath(candidate)
        try:
            is_link = stat_module.S_ISLNK(os.lstat(candidate).st_mode)
        except OSError:
            is_link = False
        if is_link or real_parent != parent:
            return os.path.realpath(candidate)
        return os.path.join(real_parent, name)

    def _check_links(self, written: str, relative: str, candidate: str) -> Resolved:
        try:
            info = os.stat(candidate)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return self._refuse(written, "symlink-loop", relative)
            if exc.errno in (errno.ENAMETOOLONG, errno.EINVAL):
                return self._refuse(written, "invalid", relative, str(exc.strerror))
            info = None
        except ValueError:
            return self._refuse(written, "invalid", relative)
        try:
            real = self._realpath(candidate)
        except (OSError, ValueError):
            return self._refuse(written, "symlink-loop", relative)
        if not _within(real, self.root):
            # a link on the way (dangling or not) points outside: never follow it
            return self._refuse(written, "symlink-escape", relative,
                                f"a symbolic link leads outside the repository root (to {real})")
        if info is None:
            if _has_loop(candidate):
                return self._refuse(written, "symlink-loop", relative)
            return Resolved(written, relative, real, "missing")
        if stat_module.S_ISREG(info.st_mode):
            kind = "file"
        elif stat_module.S_ISDIR(info.st_mode):
            kind = "dir"
        else:
            kind = "other"
        return Resolved(written, relative, real, kind)


def _has_loop(path: str) -> bool:
    try:
        os.path.realpath(path, strict=True)
    except OSError as exc:
        return exc.errno == errno.ELOOP  # never the message: it holds the file name
    except RuntimeError:
        return True
    return False
