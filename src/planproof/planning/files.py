"""What a PLAN says about files: task file lists, created and verified files, path matching,
lock files and their manifests.

Plain text helpers for the PP3xx rules; nothing here opens a file.
"""

from __future__ import annotations

import fnmatch
import re

from planproof import lazyre

PATHLIKE = lazyre.compile(r"^[\w.@~+-][\w./@~+-]*$")
EXTENSION = lazyre.compile(r"\.[A-Za-z0-9]{1,10}$")
TEST_F = lazyre.compile(r"(?:\btest\s+-[fes]|\[\s+-[fes])\s+[\"']?([^\s\"';&|)\]]+)")
CREATE = lazyre.compile(r"(?im)^[\s>*#\d.)-]*\**create\**\s+(?:(?:a\s+)?new\s+)?(?:file\s+)?`([^`\s]+)`")


def clean_path(entry: str) -> str:
    """`src/a.py (new)` -> `src/a.py`; strips bullets, quotes, backticks and a leading ./"""
    text = entry.strip().lstrip("-*").strip().strip("`'\"")
    text = re.split(r"\s+(?:\(|-\s|—|–|#)", text, maxsplit=1)[0].strip().strip("`'\",;")
    while text.startswith("./"):
        text = text[2:]
    return text


def looks_like_path(text: str) -> bool:
    """A single token with a directory separator or a file extension (`pytest.ini`, `src/a/`)."""
    return bool(PATHLIKE.match(text)) and ("/" in text or bool(EXTENSION.search(text))) \
        and not text.startswith(("http:", "https:"))


NOT_FILES = {"none", "n/a", "na", "tbd", "-", "nothing"}


def task_files(content: str) -> list[str]:
    """Paths listed in a task's <files> element (one per line or comma-separated); any single
    token counts there (`Dockerfile`, `Makefile`), except placeholders such as `none`."""
    out = []
    for part in re.split(r"[\n,]", content):
        path = clean_path(part)
        if path and PATHLIKE.match(path) and path.lower() not in NOT_FILES:
            out.append(path)
    return out


def verified_files(content: str) -> list[str]:
    """Files a <verify> block checks for existence (`test -f PATH`, `[ -f PATH ]`)."""
    return [clean_path(m) for m in TEST_F.findall(content) if _relative(clean_path(m))]


def created_files(content: str) -> list[str]:
    """Files an <action> says it creates (`Create \\`src/a.py\\``)."""
    return [clean_path(m) for m in CREATE.findall(content)
            if looks_like_path(clean_path(m)) and _relative(clean_path(m))]


def _relative(path: str) -> bool:
    return bool(path) and not path.startswith(("/", "~", "$", "<", "{")) and looks_like_path(path)


def covers(declared: str, path: str) -> bool:
    """Whether a files_modified entry names `path`: equal, a folder above it, a glob matching it,
    or the same file written from a different working directory (one is a suffix of the other)."""
    a, b = clean_path(declared).rstrip("/"), clean_path(path).rstrip("/")
    if not a or not b:
        return False
    if a == b or b.startswith(a + "/"):
        return True
    if any(c in a for c in "*?[") and fnmatch.fnmatch(b, a):  # fnmatch compiles a regex per pattern
        return True
    if path.rstrip().endswith("/") and a.startswith(b + "/"):
        return True  # a folder `path` is declared by the files under it
    return a.endswith("/" + b) or b.endswith("/" + a)


def declared(path: str, entries) -> bool:
    return any(covers(entry, path) for entry in entries)


# Generated lock files and the manifest they are generated from, in the same folder.
LOCK_FILES = {"uv.lock": "pyproject.toml", "poetry.lock": "pyproject.toml",
              "package-lock.json": "package.json", "yarn.lock": "package.json",
              "pnpm-lock.yaml": "package.json", "Cargo.lock": "Cargo.toml", "go.sum": "go.mod"}


def manifest_of(path: str) -> str | None:
    """The manifest beside a generated lock file (`api/uv.lock` -> `api/pyproject.toml`)."""
    folder, _, name = clean_path(path).rpartition("/")
    manifest = LOCK_FILES.get(name)
    return None if manifest is None else (f"{folder}/{manifest}" if folder else manifest)
