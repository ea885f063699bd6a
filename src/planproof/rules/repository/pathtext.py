"""Which text in a planning document names a path: tokens in prose, whole values in frontmatter."""

from __future__ import annotations

from planproof import lazyre

# `src/app.py`, `./x.yaml`, `k8s/base/`: a file name with an extension, or a folder ending in `/`
_PATH = r"(?:\.{1,2}/)?[\w@.-]+(?:/[\w@.+-]+)*(?:\.[A-Za-z0-9]{1,8}|/)"
PATH_TOKEN = lazyre.compile(r"(?<![\w@$~/.-])(" + _PATH + r")(?![\w/])")
WHOLE_PATH = lazyre.compile(_PATH)
ENDPOINT_PATH = lazyre.compile(r"^(?:\.{0,2}/)?[\w@.+-]+(?:/[\w@.+ -]*)*$")  # a key link's from/to
URI = lazyre.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")  # `cluster://ns/x`, `s3://bucket/key`
EXTENSION = lazyre.compile(r"\.[A-Za-z0-9]{1,8}$")
ENTRY_NOTE = lazyre.compile(r"\s+[-—–(:]\s*|:\s")  # what follows a listed path: ` - why`, ` (new)`


def is_path_token(text: str) -> bool:
    """The whole of `text` is one path token (as PATH_TOKEN finds them in prose)."""
    return WHOLE_PATH.fullmatch(text) is not None


def is_pathlike(text: str) -> bool:
    """A frontmatter value or `@` reference that names one file: a single word with a folder
    separator or a file extension, not a URI."""
    text = text.strip().strip("`'\"")
    if not text or " " in text.strip() or len(text) > 1000 or URI.match(text):
        return False
    return "/" in text or EXTENSION.search(text) is not None


def split_entry(entry: str) -> str:
    """`src/a.py - the parser`, `src/a.py (new)`, `src/a.py: the parser` -> `src/a.py`."""
    return ENTRY_NOTE.split(entry.strip(), maxsplit=1)[0]
