"""The lint cache: identical answers warm and cold, invalidation, concurrency, never for verify."""

from __future__ import annotations

import json
import subprocess
import sys

from planproof.config import Settings
from planproof.lint_cache import CachedDocument
from planproof.pipeline import run

BAD = "---\nphase: '01'\nobjective: broken: yes\n---\n# Plan\n"
GOOD = "---\nphase: '01'\n---\n# Plan\n"


def _tree(write, count=5):
    for index in range(count):
        write(f"tree/{index:02d}-01-PLAN.md", BAD if index % 2 else GOOD)


def _dicts(result):
    return [f.to_dict() for f in result.findings], [(d.path, d.kind) for d in result.documents]


def test_warm_run_answers_exactly_what_the_cold_run_did(write, tmp_path):
    _tree(write)
    settings = Settings(select=["PP1"], cache_dir=str(tmp_path / "cache"))
    cold = run([str(tmp_path / "tree")], settings)
    warm = run([str(tmp_path / "tree")], settings)
    assert _dicts(cold) == _dicts(warm)
    assert all(isinstance(d, CachedDocument) for d in warm.documents)
    assert warm.documents[0].lines[0] == "---"  # the rest of a cached document loads on use
    assert (tmp_path / "cache" / ".gitignore").read_text().strip().endswith("*")


def test_a_changed_document_is_checked_again(write, tmp_path):
    _tree(write)
    settings = Settings(select=["PP1"], cache_dir=str(tmp_path / "cache"))
    before = run([str(tmp_path / "tree")], settings)
    write("tree/00-01-PLAN.md", BAD)
    after = run([str(tmp_path / "tree")], settings)
    assert len(after.findings) == len(before.findings) + 1
    assert after.findings[0].path.endswith("00-01-PLAN.md")


def test_changed_settings_are_a_different_cache_key(write, tmp_path):
    _tree(write)
    cache_dir = str(tmp_path / "cache")
    everything = run([str(tmp_path / "tree")], Settings(select=["PP1"], cache_dir=cache_dir))
    assert everything.findings
    ignored = run([str(tmp_path / "tree")], Settings(select=["PP1"], cache_dir=cache_dir, ignore=["PP110"]))
    assert not [f for f in ignored.findings if f.code == "PP110"]


def test_no_cache_writes_nothing(write, tmp_path):
    _tree(write)
    run([str(tmp_path / "tree")], Settings(select=["PP1"], cache_dir=str(tmp_path / "cache"), cache=False))
    assert not (tmp_path / "cache").exists()


def test_verify_keeps_only_lint_scope_findings_in_the_cache(write, tmp_path):
    from planproof.rules import all_rules

    _tree(write)
    write("tree/01-01-SUMMARY.md", "---\nphase: '01'\nkey-files:\n  created: [src/gone.py]\n---\n")
    result = run([str(tmp_path / "tree")], Settings(select=["PP1", "PP5"], root=str(tmp_path),
                                                    cache_dir=str(tmp_path / "cache")), mode="verify")
    assert "PP522" in {f.code for f in result.findings}
    entries = [json.loads(shard.read_bytes().partition(b"\n")[2])
               for shard in (tmp_path / "cache").rglob("docs/*.json")]
    cached = [f["code"] for shard in entries for entry in shard.values() for f in entry["findings"]]
    assert "PP110" in cached  # what the bytes alone decide is kept
    assert all(all_rules()[code].mode == "lint" for code in cached)  # a verdict on the repository never


def test_corrupt_entries_are_ignored(write, tmp_path):
    _tree(write)
    settings = Settings(select=["PP1"], cache_dir=str(tmp_path / "cache"))
    cold = run([str(tmp_path / "tree")], settings)
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text("{not json")
    assert _dicts(run([str(tmp_path / "tree")], settings)) == _dicts(cold)


def test_two_processes_sharing_a_cache(write, tmp_path):
    _tree(write, count=30)
    command = [sys.executable, "-m", "planproof", "lint", "--format", "json", "-j", "1", "--select", "PP1",
               "--cache-dir", str(tmp_path / "cache"), str(tmp_path / "tree")]
    first, second = (subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2))
    outputs = [json.loads(p.communicate()[0]) for p in (first, second)]
    assert outputs[0] == outputs[1]
    third = json.loads(subprocess.run(command, capture_output=True, text=True).stdout)
    assert third == outputs[0]
    assert not list((tmp_path / "cache").rglob("*.tmp"))


def test_old_run_entries_are_pruned_and_documents_reused(write, tmp_path, monkeypatch):
    from planproof import cache

    monkeypatch.setattr(cache, "MAX_RUNS", 2)
    _tree(write)
    settings = Settings(select=["PP1"], cache_dir=str(tmp_path / "cache"))
    for round_ in range(4):  # each edit of the tree is a new run entry
        write("tree/00-01-PLAN.md", GOOD + f"\nround {round_}\n")
        run([str(tmp_path / "tree")], settings)
    assert len(list((tmp_path / "cache").rglob("runs/*.json"))) == 2
    shards = list((tmp_path / "cache").rglob("docs/*.json"))
    assert shards and all(len(s.name) == len("ab.json") for s in shards)
    entries = sum(len(json.loads(s.read_bytes().partition(b"\n")[2])) for s in shards)
    assert entries == 5 + 3  # the four unchanged documents once, and each edited version
