"""The cache store under `.planproof_cache/` (or --cache-dir): the signed entries that
`lint_cache` and `verify_cache` keep across runs, and the keys they are found by.

Two kinds of entries, each a small JSON file written atomically (temp file + rename), so two
processes may share a cache safely and a torn write is never read:
- per document: the document-scope findings a document's bytes decide (for `verify`, its
  lint-scope findings and facts), keyed by the document's path and bytes;
- per run (`lint` only): every finding of a whole run (tree rules and suppressions included),
  keyed by the set of document keys, so an unchanged tree is answered without parsing anything.
Every key also covers planproof's version, its source files, the effective settings and the
contents of custom schema files. A verdict about the repository is never cached (verify_cache.py).
Every file is authenticated with this installation's key (see `Cache`), so a cache folder
committed to a repository cannot change a verdict.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import stat
import tempfile
import time
from pathlib import Path

from planproof.__about__ import __version__
from planproof.findings import Finding, Severity

LAYOUT = "v1"


def _code_fingerprint() -> str:
    """planproof's own source files (size and mtime): a changed rule never reads an old entry.
    About 2 ms, once per run."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def settings_key(settings, mode: str) -> str:
    digest = hashlib.sha256(f"{_code_fingerprint()}|{mode}|{settings.fingerprint()}".encode())
    for kind, path in sorted(settings.schemas.items()):
        try:
            digest.update(kind.encode() + Path(path).read_bytes())
        except OSError:
            digest.update(f"{kind}:missing".encode())
    return digest.hexdigest()


def document_key(base: str, path: str, data: bytes) -> str:
    return hashlib.sha256(base.encode() + b"\0" + path.encode() + b"\0" + data).hexdigest()


def run_key(base: str, document_keys: list[str]) -> str:
    return hashlib.sha256((base + "\0" + "\0".join(document_keys)).encode()).hexdigest()


def default_directory(settings) -> Path:
    if settings.cache_dir:
        return Path(settings.cache_dir)
    if os.environ.get("PLANPROOF_CACHE_DIR"):
        return Path(os.environ["PLANPROOF_CACHE_DIR"])
    if settings.root:
        return Path(settings.root) / ".planproof_cache"
    if settings.config_file:
        return Path(settings.config_file).parent / ".planproof_cache"
    return Path.cwd() / ".planproof_cache"


def refusal(directory: Path, why: str) -> Finding:
    return Finding("PP050", "cache-refused", Severity.WARNING, str(directory), 1, 1, 1, 1,
                   f"the lint cache was not used: {why}",
                   "remove the link (the cache folder is never committed), or pass --cache-dir "
                   "or --no-cache", {"cache": str(directory), "reason": why})


def finding_from_json(data: dict) -> Finding:
    data = dict(data)
    data["severity"] = Severity(data["severity"])
    return Finding(**data)


MAX_RUNS = 32  # whole-run entries kept (newest first); each edit of a tree makes a new one
MAX_PER_SHARD = 4096  # document entries per shard (256 shards): about a million documents
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a cache file larger than this is not read (re-checked)
STALE_TEMPORARY = 600.0  # seconds: a `.tmp` this old was left by a killed process
MAGIC = b"planproof-cache-v1 "


class Cache:
    """Whole-run entries are one file each; document entries live in 256 shard files, read on
    first use and rewritten once per run, because creating a file per document made a cold
    10,000-document run spend seconds in the file system. Two processes that update the same
    shard at once may drop each other's new entries: a later run re-checks those documents.

    A repository under review may commit its own cache folder, so nothing in it is trusted:
    every file carries an HMAC made with this installation's key (cachekey.py, kept outside the
    repository), an entry whose MAC does not match is ignored, files are opened without
    following symbolic links and read up to MAX_ENTRY_BYTES, and a cache folder that is (or
    holds at `v1`, `v1/runs`, `v1/docs`, `.gitignore`) a symbolic link or anything but a plain
    folder/file is refused as a whole (`refused` says why; nothing is read or written)."""

    def __init__(self, directory: Path, key: bytes | None = None) -> None:
        from planproof import cachekey

        self.directory = directory
        self.usable = True
        self.refused: str | None = None
        self._key = key if key is not None else cachekey.load_key()
        if self._key is None:  # no private key (read-only home): lint runs uncached, silently
            self.usable = False
        else:
            self._check_layout()
        self._prepared = False
        self._shards: dict[str, dict] = {}
        self._staged: dict[str, dict] = {}
        self._used: dict[str, set[str]] = {}

    def _check_layout(self) -> None:
        """Refuse the whole cache when any of its fixed paths is a link or of the wrong kind."""
        expected = [(self.directory, stat.S_ISDIR), (self.directory / ".gitignore", stat.S_ISREG),
                    (self.directory / LAYOUT, stat.S_ISDIR)]
        expected += [(self.directory / LAYOUT / part, stat.S_ISDIR) for part in ("runs", "docs")]
        for path, is_kind in expected:
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                continue
            except OSError as exc:
                return self._refuse(f"{path}: {exc.strerror or exc}")
            if stat.S_ISLNK(mode):
                return self._refuse(f"{path} is a symbolic link")
            if not is_kind(mode):
                return self._refuse(f"{path} is not a plain {'folder' if is_kind is stat.S_ISDIR else 'file'}")
        return None

    def _refuse(self, why: str) -> None:
        self.usable = False
        self.refused = why

    def _file(self, *parts: str) -> Path:
        return self.directory.joinpath(LAYOUT, *parts)

    def _mac(self, name: str, body: bytes) -> bytes:
        return hmac.new(self._key, name.encode() + b"\0" + body, hashlib.sha256).hexdigest().encode()

    def _read(self, path: Path) -> dict | None:
        """The entry at `path` if this installation wrote it (its MAC matches), else None."""
        if not self.usable:
            return None
        data = _read_regular(path, MAX_ENTRY_BYTES)
        if data is None or not data.startswith(MAGIC):
            return None
        header, _, body = data.partition(b"\n")
        if not hmac.compare_digest(header[len(MAGIC):], self._mac(path.name, body)):
            return None
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None

    def get_run(self, key: str) -> dict | None:
        return self._read(self._file("runs", f"{key}.json"))

    def put_run(self, key: str, value: dict) -> None:
        runs = self._file("runs")
        if self._write(runs / f"{key}.json", value):
            self._prune_runs(runs)

    def get_document(self, key: str) -> dict | None:
        shard = key[:2]
        if shard not in self._shards:
            self._shards[shard] = self._read(self._file("docs", f"{shard}.json")) or {}
        value = self._shards[shard].get(key)
        if isinstance(value, dict):
            self._used.setdefault(shard, set()).add(key)
            return value
        return None

    def put_document(self, key: str, value: dict) -> None:
        self._staged.setdefault(key[:2], {})[key] = value

    def flush(self) -> None:
        """Write every shard this run added to, merged with what is on disk now."""
        for shard, entries in sorted(self._staged.items()):
            path = self._file("docs", f"{shard}.json")
            current = self._read(path) or {}
            for key in self._used.get(shard, ()):  # recently used entries move to the end
                if key in current:
                    current[key] = current.pop(key)
            current.update(entries)
            if len(current) > MAX_PER_SHARD:  # the oldest go, in one pass (not one pop each)
                current = dict(list(current.items())[-MAX_PER_SHARD:])
            if not self._write(path, current):
                return
        self._staged.clear()

    def _write(self, target: Path, value: dict) -> bool:
        if not self.usable:
            return False
        try:
            self._prepare()
            body = json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(MAGIC + self._mac(target.name, body) + b"\n" + body)
            os.replace(temporary, target)
            return True
        except OSError:
            self.usable = False  # a read-only checkout still lints; it just isn't cached
            return False

    @staticmethod
    def _prune_runs(runs: Path) -> None:
        try:
            entries = sorted(_entries(runs, ".json"), key=lambda e: e[1], reverse=True)
            for stale, _ in entries[MAX_RUNS:]:
                os.unlink(stale)
        except OSError:
            pass  # another process pruned it first

    def _prepare(self) -> None:
        """Create the layout one plain folder at a time (never through a link), once per run,
        and remove temporary files a killed process left behind."""
        if self._prepared:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for folder in (self.directory / LAYOUT, self._file("runs"), self._file("docs")):
            try:
                folder.mkdir()
            except FileExistsError:
                pass
        self._check_layout()
        if not self.usable:
            raise OSError(self.refused)
        marker = self.directory / ".gitignore"
        try:
            fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write("# created by planproof: the cache is never committed\n*\n")
        limit = time.time() - STALE_TEMPORARY
        for folder in (self._file("runs"), self._file("docs")):
            for path, mtime in _entries(folder, ".tmp"):
                if mtime < limit:
                    with contextlib.suppress(OSError):
                        os.unlink(path)
        self._prepared = True


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _entries(folder: Path, suffix: str) -> list[tuple[str, float]]:
    """(path, mtime) of the files in `folder` ending in `suffix` (links not followed)."""
    found = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.name.endswith(suffix):
                    with contextlib.suppress(OSError):
                        found.append((entry.path, entry.stat(follow_symlinks=False).st_mtime))
    except OSError:
        pass
    return found


def _read_regular(path: Path, limit: int) -> bytes | None:
    """At most `limit` bytes of a regular file, without following a link; None otherwise."""
    if os.path.islink(path):  # not even opened (O_NOFOLLOW below closes the race)
        return None
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        try:
            data = handle.read(limit + 1)
        except OSError:
            return None
    return data if len(data) <= limit else None
