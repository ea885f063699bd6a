"""Attack cases for bench_hostile.py: what a pull request can commit beyond documents (a cache
folder, coverage data and configuration, git hashes) and documents sized to cost time and memory.
Each case is built by the same function in tests/test_hostile.py (when `in_suite`) and timed by
bench_hostile.py. `h` is the bench_hostile module (Case, repo, plan, verify_args, ...)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

BAD = "---\nphase: '01'\nobjective: broken: yes\n---\n# Plan\n"
MODULE = "def f(x):\n    if x:\n        return 1\n    return 2\n\n\nf(1)\n"


def _codes(report: dict) -> list[str]:
    return [f["code"] for f in report["findings"]]


def committed_cache(base: Path) -> list[str]:
    """Six broken plans and a committed cache folder: a forged run entry for every possible key
    shape, and 256 shards that are /dev/zero links, 2,000-deep nesting or 100,000 keys."""
    root = base / "repo"
    (root / ".planning").mkdir(parents=True, exist_ok=True)
    for index in range(6):
        (root / ".planning" / f"{index:02d}-01-PLAN.md").write_text(BAD)
    docs = root / ".planproof_cache" / "v1" / "docs"
    runs = root / ".planproof_cache" / "v1" / "runs"
    docs.mkdir(parents=True, exist_ok=True)
    runs.mkdir(parents=True, exist_ok=True)
    for index in range(256):
        shard = docs / f"{index:02x}.json"
        if index % 3 == 0:
            os.symlink("/dev/zero", shard)
        elif index % 3 == 1:
            shard.write_text("[" * 2_000 + "]" * 2_000)
        else:
            keys = 100_000 if index == 2 else 10
            shard.write_text(json.dumps({f"{index:02x}{i:062x}": {"findings": []}
                                         for i in range(keys)}))
    return ["lint", str(root / ".planning"), "--format", "json", "-j", "1", "--cache-dir",
            str(root / ".planproof_cache")]


def expect_cache_ignored(report: dict) -> None:
    assert _codes(report).count("PP110") == 6


def _git_repo(root: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "init"]):
        subprocess.run(["git", "-c", "user.email=b@example.com", "-c", "user.name=b", *args],
                       cwd=root, check=True, capture_output=True)


def junk_hashes(h):
    def build(base: Path) -> list[str]:
        root = h.repo(base, h.plan())
        phase = root / h.PHASE
        for part in range(3):  # 300,000 distinct hashes in commit context, 1.5 MB per file
            lines = "".join(f"- Commit {part:x}{index:06x}a\n" for index in range(100_000))
            (phase / f"01-0{part + 2}-SUMMARY.md").write_text(h.SUMMARY + lines)
        _git_repo(root)
        return h.verify_args(root, "--select", "PP53")
    return build


def expect_fail_closed(report: dict) -> None:
    [finding] = report["findings"]
    assert (finding["code"], finding["severity"]) == ("PP531", "error")
    assert finding["evidence"]["problem"] == "too-many"


def many_keys(h):
    def build(base: Path) -> list[str]:
        keys = "".join(f"k{index:x}: 1\n" for index in range(140_000))  # 1.3 MB, under 2 MiB
        return h.lint_args(h.write_doc(base, "---\nphase: '01'\n" + keys + "---\n# Plan\n"))
    return build


def expect_pp117_values(report: dict) -> None:
    assert "PP117" in _codes(report)


def expanding_pattern(h):
    def build(base: Path) -> list[str]:
        pattern = "[a-z]{65535}" * 160
        root = h.repo(base, h.plan(key_links=[
            '    - from: "src/a.py"', '      to: "src/b.py"', f'      pattern: "{pattern}"']),
            {"src/a.py": "abc\n", "src/b.py": "x = 1\n"})
        return h.verify_args(root, "--select", "PP5")
    return build


def expect_refused_pattern(report: dict) -> None:
    [finding] = [f for f in report["findings"] if f["code"] == "PP513"]
    assert finding["severity"] == "error" and finding["evidence"]["limit"] == "too-long"


def large_exports(h):
    def build(base: Path) -> list[str]:
        body = "".join(f"def f{i}(a, b):\n    return [a + b * {i} for _ in range(3)]\n"
                       for i in range(60_000))  # 3.7 MB: read whole, too large to parse
        files = {f"src/m{n}.py": body + f"if True:\n    def only_{n}():\n        pass\n"
                 for n in range(10)}
        artifacts = []
        for n in range(10):
            artifacts += [f'    - path: "src/m{n}.py"', '      provides: "x"',
                          f'      exports: ["only_{n}", "f5", "absent_{n}"]']
        return h.verify_args(h.repo(base, h.plan(artifacts), files), "--select", "PP504")
    return build


def expect_absent_only(report: dict) -> None:
    missing = sorted(f["evidence"]["expected"]["export"] for f in report["findings"])
    assert missing == sorted(f"absent_{n}" for n in range(10)), missing


COVERAGE_SUMMARY = ("\n- `pkg/mod.py`: 80% coverage\n- Measured coverage: 83% overall\n")


def _measured(h, base: Path, extra: dict[str, str] | None = None) -> Path:
    files = {"pkg/__init__.py": "", "pkg/mod.py": MODULE, "run.py": "import pkg.mod  # noqa\n"}
    root = h.repo(base, h.plan(), {**files, **(extra or {})})
    subprocess.run([sys.executable, "-m", "coverage", "run", "run.py"], cwd=root, check=True,
                   capture_output=True)
    summary = root / h.PHASE / "01-01-SUMMARY.md"
    summary.write_text(h.SUMMARY + COVERAGE_SUMMARY)
    return root


def coverage_views(h):
    def build(base: Path) -> list[str]:
        root = _measured(h, base)
        with sqlite3.connect(root / ".coverage") as db:
            db.execute("create view boom as with recursive r(n) as (select 1 union all "
                       "select n + 1 from r) select randomblob(1000000) from r")
            db.execute("pragma journal_mode=wal")
        return h.verify_args(root, "--select", "PP6")
    return build


def coverage_huge_source(h):
    def build(base: Path) -> list[str]:
        root = _measured(h, base)
        with open(root / "pkg" / "mod.py", "a") as module:  # measured, then grown to 30 MB
            module.write("".join(f"V{i} = {i}\n" for i in range(2_500_000)))
        return h.verify_args(root, "--select", "PP6")
    return build


def coverage_redos(h):
    def build(base: Path) -> list[str]:
        root = _measured(h, base)
        (root / ".coveragerc").write_text("[report]\nexclude_lines =\n    (a+)+$\n    ${CI_TOKEN}\n")
        with open(root / "pkg" / "mod.py", "a") as module:
            module.write("# " + "a" * 100_000 + "!\n")
        return h.verify_args(root, "--select", "PP6")
    return build


def coverage_json_hostile(h):
    def build(base: Path) -> list[str]:
        root = h.repo(base, h.plan(), {"pkg/mod.py": MODULE})
        summary = {"summary": {"num_statements": "9" * 310, "covered_lines": 1}}
        (root / "coverage.json").write_text(json.dumps(
            {"meta": {"format": 3, "timestamp": "2000-01-01T00:00:00"},
             "files": {"/etc/passwd": summary, "pkg/mod.py": summary}}))
        (root / "deep.json").write_text('{"files": ' + "[" * 100_000 + "]" * 100_000 + "}")
        os.symlink("/proc/self/environ", root / "lcov.info")
        (root / h.PHASE / "01-01-SUMMARY.md").write_text(h.SUMMARY + COVERAGE_SUMMARY)
        return h.verify_args(root, "--select", "PP6", "--coverage", str(root / "coverage.json"),
                             "--coverage", str(root / "deep.json"), "--coverage",
                             str(root / "lcov.info"))
    return build


def expect_pp608(report: dict) -> None:
    assert "PP608" in _codes(report) and "PP607" not in _codes(report)
    assert all(f["severity"] == "error" for f in report["findings"] if f["code"] == "PP608")
    assert "CI_TOKEN" not in json.dumps(report) or "$" in json.dumps(report)


def attack_cases(h) -> list:
    case = h.Case
    return [
        case("committed-cache", "committed cache: /dev/zero, 2,000-deep and 100,000-key shards",
             committed_cache, expect_cache_ignored, 20),
        case("junk-hashes-300k", "300,000 commit hashes in three SUMMARY files (a git repo)",
             junk_hashes(h), expect_fail_closed, 30),
        case("plan-140k-keys", "a PLAN whose frontmatter has 140,000 keys (1.3 MB)",
             many_keys(h), expect_pp117_values, 20),
        case("pattern-expands", "key link pattern [a-z]{65535} written 160 times",
             expanding_pattern(h), expect_refused_pattern, 10),
        case("exports-10x4mb", "exports checked on ten 4 MB Python files",
             large_exports(h), expect_absent_only, 60, in_suite=False),
        case("coverage-views", "a WAL-mode .coverage holding a recursive randomblob view",
             coverage_views(h), expect_pp608, 15),
        case("coverage-30mb-source", ".coverage measuring a 30 MB source in the repository",
             coverage_huge_source(h), expect_pp608, 30, in_suite=False),
        case("coveragerc-redos", ".coveragerc exclude_lines (a+)+$ and ${CI_TOKEN}",
             coverage_redos(h), expect_pp608, 20),
        case("coverage-json-hostile", "310-digit counts, /etc/passwd, 100,000-deep JSON, "
             "lcov.info linked to /proc/self/environ", coverage_json_hostile(h), expect_pp608, 15),
    ]
