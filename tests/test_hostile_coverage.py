"""Coverage data under attack (real coverage.py data, real SQLite, real links): data and
configuration a pull request commits are read without modifying anything, without following
links out of the repository, without leaking the environment, and within bounds."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from planproof.cli.commands import cli

SUMMARY = ('---\nphase: "01"\nplan: "01"\n---\n\n# Summary\n\n'
           "- `pkg/mod.py`: 80% coverage\n- Measured coverage: 83% overall\n")
MODULE = "def f(x):\n    if x:\n        return 1\n    return 2\n\n\nf(1)\n"


def _project(tmp_path: Path, name: str = "repo") -> Path:
    root = tmp_path / name
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "mod.py").write_text(MODULE)
    (root / "run.py").write_text("import pkg.mod  # noqa\n")
    subprocess.run([sys.executable, "-m", "coverage", "run", "run.py"], cwd=root, check=True,
                   capture_output=True)
    phase = root / ".planning" / "phases" / "01-core"
    phase.mkdir(parents=True)
    (phase / "01-01-SUMMARY.md").write_text(SUMMARY)
    return root


def _verify(root: Path, *extra: str):
    result = CliRunner().invoke(cli, ["verify", str(root / ".planning"), "--root", str(root),
                                      "--format", "json", "--no-cache", "-j", "1", "--select",
                                      "PP6", *extra], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output[-2000:]
    return result.exit_code, json.loads(result.stdout)["findings"]


def _codes(findings) -> list[str]:
    return sorted(f["code"] for f in findings)


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())
            if p.is_file()}


def _wal(path: Path) -> None:
    """Turn a .coverage into a WAL-mode database with un-checkpointed pages in its -wal file."""
    with sqlite3.connect(path) as db:
        db.execute("pragma journal_mode=wal")
    writer = sqlite3.connect(path)
    writer.execute("pragma wal_autocheckpoint=0")
    writer.execute("insert into meta values ('planted', 'x')")
    writer.commit()
    os.system("true")  # keep the writer open: its WAL stays beside the database
    return writer


def test_a_wal_mode_coverage_file_is_not_modified(tmp_path):
    root = _project(tmp_path)
    writer = _wal(root / ".coverage")
    try:
        before = _files(root)
        assert ".coverage-wal" in before
        code, findings = _verify(root)
        assert "PP600" in _codes(findings) and "PP608" not in _codes(findings)
        assert _files(root) == before  # not checkpointed, -wal not deleted, no -shm created
    finally:
        writer.close()


def test_a_linked_coverage_file_outside_the_root_is_refused(tmp_path):
    elsewhere = _project(tmp_path, "elsewhere")
    before = _files(elsewhere)
    root = _project(tmp_path)
    (root / ".coverage").unlink()
    os.symlink(elsewhere / ".coverage", root / ".coverage")
    code, findings = _verify(root)
    assert code == 1
    [refused] = [f for f in findings if f["code"] == "PP608"]
    assert "symbolic link" in refused["message"]
    assert _files(elsewhere) == before  # no -wal/-shm beside the database outside


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd"])
def test_a_report_linked_outside_is_refused_and_nothing_leaks(tmp_path, monkeypatch, target):
    if not os.path.exists(target):
        pytest.skip(f"no {target} here")
    monkeypatch.setenv("CI_TOKEN", "s3cr3t-token-value")
    root = _project(tmp_path)
    (root / ".coverage").unlink()
    os.symlink(target, root / "lcov.info")
    code, findings = _verify(root)
    [refused] = [f for f in findings if f["code"] == "PP608"]
    assert code == 1 and "symbolic link" in refused["message"]
    dumped = json.dumps(findings)
    assert "s3cr3t" not in dumped and "root:x" not in dumped


def test_views_triggers_and_generated_columns_are_refused(tmp_path):
    root = _project(tmp_path)
    with sqlite3.connect(root / ".coverage") as db:
        db.execute("create view boom as with recursive r(n) as (select 1 union all "
                   "select n + 1 from r) select randomblob(1000000) from r")
    start = time.perf_counter()
    code, findings = _verify(root)
    assert time.perf_counter() - start < 10
    [refused] = [f for f in findings if f["code"] == "PP608"]
    assert "view" in refused["message"] and code == 1


def test_coveragerc_variables_never_reach_the_output(tmp_path, monkeypatch):
    monkeypatch.setenv("CI_TOKEN", "s3cr3t-token-value")
    root = _project(tmp_path)
    (root / ".coveragerc").write_text("[report]\nexclude_lines =\n    ${CI_TOKEN}(\n"
                                      "[run]\ndata_file = ${CI_TOKEN}\n")
    code, findings = _verify(root)
    assert "s3cr3t" not in json.dumps(findings)
    assert os.environ["CI_TOKEN"] == "s3cr3t-token-value"  # the environment is given back


def test_a_catastrophic_exclude_pattern_is_bounded(tmp_path):
    root = _project(tmp_path)
    (root / ".coveragerc").write_text("[report]\nexclude_lines =\n    (a+)+$\n")
    (root / "pkg" / "mod.py").write_text(MODULE + "# " + "a" * 100_000 + "!\n")
    start = time.perf_counter()
    code, findings = _verify(root)
    assert time.perf_counter() - start < 15
    assert code == 1 and "PP608" in _codes(findings)


def test_a_huge_source_is_not_analysed(tmp_path):
    root = _project(tmp_path)
    with open(root / "pkg" / "mod.py", "a") as module:
        module.write("".join(f"V{i} = {i}\n" for i in range(400_000)))  # about 5 MB
    start = time.perf_counter()
    code, findings = _verify(root)
    assert time.perf_counter() - start < 10
    refused = [f for f in findings if f["code"] == "PP608"]
    assert refused and all("bytes" in f["message"] for f in refused) and code == 1


def _report(root: Path, files: dict, totals: dict | None = None) -> None:
    (root / ".coverage").unlink()
    (root / "coverage.json").write_text(json.dumps(
        {"meta": {"format": 3, "timestamp": "2000-01-01T00:00:00"}, "files": files,
         "totals": totals or {"num_statements": 4, "covered_lines": 3}}))


def test_coverage_json_naming_files_outside_reveals_nothing(tmp_path):
    root = _project(tmp_path)
    summary = {"summary": {"num_statements": 4, "covered_lines": 4}}
    _report(root, {"/etc/passwd": summary, "/etc/no-such-file": summary,
                   "../outside.py": summary})
    (tmp_path / "outside.py").write_text("x = 1\n")
    code, findings = _verify(root)
    dumped = json.dumps(findings)
    assert "PP607" not in _codes(findings)
    assert "/etc/passwd" not in dumped or "modified" not in dumped


@pytest.mark.parametrize("count", ["9" * 310, 10**400])
def test_absurd_counts_are_findings_not_crashes(tmp_path, count):
    root = _project(tmp_path)
    _report(root, {"pkg/mod.py": {"summary": {"num_statements": count, "covered_lines": 1}}})
    code, findings = _verify(root)
    assert code == 1 and "PP608" in _codes(findings)


def test_deeply_nested_json_is_a_finding(tmp_path):
    root = _project(tmp_path)
    (root / ".coverage").unlink()
    (root / "coverage.json").write_text('{"files": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, findings = _verify(root)
    assert code == 1 and "PP608" in _codes(findings)


@pytest.mark.parametrize("source", ["/usr/lib", "pkg"])
def test_a_source_folder_outside_the_root_is_never_walked(tmp_path, source):
    root = _project(tmp_path)
    (root / ".coveragerc").write_text(f"[run]\nsource = {source}\n")
    code, findings = _verify(root)
    overall = [f for f in findings if "overall" in f["message"] or "source" in f["message"]]
    if source == "pkg":
        assert [f["code"] for f in overall] == ["PP600"]
    else:
        assert [f["code"] for f in overall] == ["PP608"] and code == 1
