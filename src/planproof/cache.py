"""Lint result cache under `.planproof_cache/` (or --cache-dir).

Two kinds of entries, each a small JSON file written atomically (temp file + rename), so two
processes may share a cache safely and a torn write is never read:
- per document: the document-scope findings, keyed by the document's path and bytes;
- per run: every finding of a whole run (tree rules and suppressions included), keyed by the set
  of document keys, so an unchanged tree is answered without parsing anything.
Every key also covers planproof's version, its source files, the effective settings and the
contents of custom schema files. Only `lint` is cached: `verify` reads the working tree.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from planproof.__about__ import __version__
from planproof.findings import Finding, Severity

LAYOUT = "v1"
_CODE_FINGERPRINT: str | None = None


def _code_fingerprint() -> str:
    """planproof's own source files (size and mtime): a changed rule never reads an old entry."""
    global _CODE_FINGERPRINT
    if _CODE_FINGERPRINT is None:
        package = Path(__file__).resolve().parent
        digest = hashlib.sha256(__version__.encode())
        for path in sorted(package.rglob("*.py")):
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        _CODE_FINGERPRINT = digest.hexdigest()
    return _CODE_FINGERPRINT


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


def finding_to_json(finding: Finding) -> dict:
    return finding.to_dict()


def finding_from_json(data: dict) -> Finding:
    data = dict(data)
    data["severity"] = Severity(data["severity"])
    return Finding(**data)


MAX_RUNS = 32  # whole-run entries kept (newest first); each edit of a tree makes a new one
MAX_PER_SHARD = 4096  # document entries per shard (256 shards): about a million documents


class Cache:
    """Whole-run entries are one file each; document entries live in 256 shard files, read on
    first use and rewritten once per run, because creating a file per document made a cold
    10,000-document run spend seconds in the file system. Two processes that update the same
    shard at once may drop each other's new entries: a later run re-checks those documents."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.usable = True
        self._shards: dict[str, dict] = {}
        self._staged: dict[str, dict] = {}
        self._used: dict[str, set[str]] = {}

    def _file(self, *parts: str) -> Path:
        return self.directory.joinpath(LAYOUT, *parts)

    @staticmethod
    def _read(path: Path) -> dict | None:
        try:
            with open(path, encoding="utf-8") as handle:
                value = json.load(handle)
        except (OSError, ValueError):
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
            while len(current) > MAX_PER_SHARD:
                current.pop(next(iter(current)))
            if not self._write(path, current):
                return
        self._staged.clear()

    def _write(self, target: Path, value: dict) -> bool:
        if not self.usable:
            return False
        try:
            self._prepare()
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(value, out, ensure_ascii=False, default=str)
            os.replace(temporary, target)
            return True
        except OSError:
            self.usable = False  # a read-only checkout still lints; it just isn't cached
            return False

    @staticmethod
    def _prune_runs(runs: Path) -> None:
        try:
            entries = sorted(runs.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in entries[MAX_RUNS:]:
                stale.unlink()
        except OSError:
            pass  # another process pruned it first

    def _prepare(self) -> None:
        marker = self.directory / ".gitignore"
        if not marker.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            marker.write_text("# created by planproof: the cache is never committed\n*\n")
