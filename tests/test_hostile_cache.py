"""A cache folder committed by a pull request: it cannot change a verdict, make lint touch
anything outside the repository, or cost unbounded time and memory (real files, real links)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

MAGIC = b"planproof-cache-v1 "  # the header of an authenticated cache file

BAD = "---\nphase: '01'\nobjective: broken: yes\n---\n# Plan\n"


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".planning").mkdir(parents=True)
    for index in range(6):
        (root / ".planning" / f"{index:02d}-01-PLAN.md").write_text(BAD)
    return root


def _lint(root: Path, user_cache: Path) -> subprocess.CompletedProcess:
    """The real command line, run in `root` with the default cache folder (root/.planproof_cache)
    and the cache key of the user whose cache folder is `user_cache`."""
    env = {k: v for k, v in os.environ.items() if k != "PLANPROOF_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(user_cache)
    return subprocess.run([sys.executable, "-m", "planproof", "lint", "--format", "json", "-j", "1"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=60)


def _syntax_errors(result: subprocess.CompletedProcess) -> int:
    return [f["code"] for f in json.loads(result.stdout)["findings"]].count("PP110")


def _forge(path: Path, attacker_key: bytes) -> None:
    """Empty every findings list of a cache file and sign it again with the attacker's key."""
    data = path.read_bytes()
    body = data.partition(b"\n")[2] if data.startswith(MAGIC) else data
    value = json.loads(body)
    for entry in ([value] if "findings" in value else value.values()):
        entry["findings"] = []
    body = json.dumps(value).encode()
    mac = hmac.new(attacker_key, path.name.encode() + b"\0" + body, hashlib.sha256).hexdigest()
    path.write_bytes(MAGIC + mac.encode() + b"\n" + body if data.startswith(MAGIC) else body)


def test_a_cache_made_elsewhere_cannot_change_the_verdict(tmp_path):
    root = _repo(tmp_path)
    attacker = tmp_path / "attacker-cache"
    first = _lint(root, attacker)
    assert first.returncode == 1 and _syntax_errors(first) == 6
    attacker_key = (attacker / "planproof" / "key").read_bytes()
    entries = list((root / ".planproof_cache").rglob("*.json"))
    assert len(entries) >= 2
    for entry in entries:
        _forge(entry, attacker_key)
    assert _lint(root, attacker).returncode == 0  # the forgery works for the one who made it
    victim = _lint(root, tmp_path / "victim-cache")
    assert victim.returncode == 1 and _syntax_errors(victim) == 6
    key = tmp_path / "victim-cache" / "planproof" / "key"
    assert key.stat().st_mode & 0o777 == 0o600


def _outside(tmp_path: Path, count: int = 40) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    for index in range(count):
        (outside / f"{index:02d}.json").write_text("{}")
        os.utime(outside / f"{index:02d}.json", (1_000_000 + index, 1_000_000 + index))
    return outside


def _snapshot(folder: Path) -> dict:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("link", [".planproof_cache", ".planproof_cache/v1/runs",
                                  ".planproof_cache/v1/docs", ".planproof_cache/v1"])
def test_a_linked_cache_folder_is_refused_and_nothing_outside_changes(tmp_path, link):
    root = _repo(tmp_path)
    outside = _outside(tmp_path)
    before = _snapshot(outside)
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside, root / link)
    result = _lint(root, tmp_path / "user-cache")
    assert _snapshot(outside) == before
    report = json.loads(result.stdout)
    assert _syntax_errors(result) == 6 and result.returncode == 1
    [refused] = [f for f in report["findings"] if f["code"] == "PP050"]
    assert "symbolic link" in refused["message"]


def test_a_dangling_gitignore_link_creates_nothing_outside(tmp_path):
    root = _repo(tmp_path)
    (tmp_path / "outside").mkdir()
    (root / ".planproof_cache").mkdir()
    os.symlink(tmp_path / "outside" / "created", root / ".planproof_cache" / ".gitignore")
    report = json.loads(_lint(root, tmp_path / "user-cache").stdout)
    assert not (tmp_path / "outside" / "created").exists()
    assert [f["code"] for f in report["findings"]].count("PP050") == 1


def _hostile_shards(docs: Path) -> None:
    """Every shard name a run can ask for, each a different attack."""
    docs.mkdir(parents=True)
    names = [f"{i:02x}.json" for i in range(256)]
    for index, name in enumerate(names):
        kind = index % 3
        if kind == 0:
            os.symlink("/dev/zero", docs / name)
        elif kind == 1:
            (docs / name).write_text("[" * 2_000 + "]" * 2_000)
        else:
            (docs / name).write_text(json.dumps({f"{name[:2]}{i:062x}": {"findings": []}
                                                 for i in range(100_000 if index == 2 else 10)}))


def test_hostile_shards_are_ignored_in_bounded_time(tmp_path):
    root = _repo(tmp_path)
    _hostile_shards(root / ".planproof_cache" / "v1" / "docs")
    start = time.perf_counter()
    result = _lint(root, tmp_path / "user-cache")
    assert time.perf_counter() - start < 20
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert _syntax_errors(result) == 6


def test_temporary_files_of_a_killed_run_are_removed(tmp_path):
    root = _repo(tmp_path)
    runs = root / ".planproof_cache" / "v1" / "runs"
    runs.mkdir(parents=True)
    (runs / "orphan.tmp").write_text("{")
    os.utime(runs / "orphan.tmp", (time.time() - 3600, time.time() - 3600))
    (runs / "busy.tmp").write_text("{")  # another process may be writing this one right now
    _lint(root, tmp_path / "user-cache")
    assert not (runs / "orphan.tmp").exists()
    assert (runs / "busy.tmp").exists()


def test_a_key_others_can_read_is_not_used(tmp_path):
    from planproof import cachekey

    root = _repo(tmp_path)
    key = tmp_path / "user-cache" / "planproof" / "key"
    key.parent.mkdir(parents=True)
    key.write_bytes(b"k" * cachekey.KEY_BYTES)
    key.chmod(0o644)
    result = _lint(root, tmp_path / "user-cache")
    assert result.returncode == 1
    assert not (root / ".planproof_cache" / "v1" / "runs").exists()  # nothing cached
