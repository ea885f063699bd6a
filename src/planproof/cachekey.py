"""The key that authenticates lint cache entries: 32 random bytes made once per user account.

It lives in the user's cache folder (`$XDG_CACHE_HOME/planproof/key`, else
`~/.cache/planproof/key`), never in a repository, so cache files committed by a pull request
cannot carry a valid MAC. The file is created atomically with mode 0600 (a temporary file linked
into place, so two processes never see half a key) and is used only when it is a regular file
owned by this user that nobody else can read or write.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

KEY_BYTES = 32


class KeyUnusable(Exception):
    """The key file exists but cannot be used (unreadable, not private, wrong length)."""


def key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "planproof" / "key"


def _read(path: Path) -> bytes | None:
    """The key at `path`; None when there is none yet."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyUnusable(f"the cache key {path} cannot be read: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        data = handle.read(KEY_BYTES + 1)
    if (not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077
            or (hasattr(os, "geteuid") and info.st_uid != os.geteuid())):
        raise KeyUnusable(f"the cache key {path} is not a private file of this user (mode 0600)")
    if len(data) != KEY_BYTES:
        raise KeyUnusable(f"the cache key {path} is not {KEY_BYTES} bytes long")
    return data


def _create(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f"key.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(KEY_BYTES))
        try:
            os.link(temporary, path)  # fails when another process made the key first: use theirs
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)


def load_key() -> bytes | None:
    """This user's key, created on first use; None (the cache is not used) when impossible."""
    path = key_path()
    try:
        key = _read(path)
        if key is None:
            _create(path)
            key = _read(path)
    except (KeyUnusable, OSError):
        return None
    return key
