"""Documents under attack: a planning folder linked out of the repository, 100,000s of keys,
patterns that expand at compile time, and `exports` on multi-megabyte Python files. Each is a
finding in bounded time (real files and links in temp folders)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from click.testing import CliRunner

from planproof.cli.commands import cli

SECRET = "TOP SECRET outside the repository"


def _run(*args: str):
    result = CliRunner().invoke(cli, [*args, "--format", "json", "--no-cache", "-j", "1"],
                                catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def test_a_planning_folder_linked_outside_is_refused(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "01-01-PLAN.md").write_text(f"---\nphase: '01'\n---\n# {SECRET}\n\n- 1/2 (70%)\n")
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    os.symlink(outside, root / ".planning")
    monkeypatch.chdir(root)
    for argv in (["lint"], ["lint", ".planning"], ["verify", "--root", str(root)]):
        code, report = _run(*argv)
        assert code == 1, argv
        assert [f["code"] for f in report["findings"]] == ["PP051"], argv
        assert SECRET not in json.dumps(report)


def test_a_planning_folder_linked_inside_the_repository_is_read(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    (root / "docs" / "planning").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "docs" / "planning" / "01-01-PLAN.md").write_text("---\nphase: '01'\n---\n# Plan\n")
    os.symlink(root / "docs" / "planning", root / ".planning")
    monkeypatch.chdir(root)
    code, report = _run("lint", "--select", "PP0,PP1")
    assert report["files"] == 1 and not report["findings"]


def test_200k_keys_in_a_plan_take_seconds_not_minutes(tmp_path):
    keys = "".join(f"k{index:x}: 1\n" for index in range(200_000))
    path = tmp_path / "01-01-PLAN.md"
    path.write_text("---\nphase: '01'\n" + keys + "---\n# Plan\n")
    start = time.perf_counter()
    code, report = _run("lint", str(path), "--max-file-size", str(4 * 1024 * 1024))
    assert time.perf_counter() - start < 20
    assert code == 1 and "PP000" not in {f["code"] for f in report["findings"]}


def _plan_repo(tmp_path: Path, links: str, files: dict[str, str]) -> Path:
    root = tmp_path / "repo"
    phase = root / ".planning" / "phases" / "01-core"
    phase.mkdir(parents=True)
    (phase / "01-01-PLAN.md").write_text(
        '---\nphase: "01"\nplan: "01"\ntype: execute\nwave: 1\nmust_haves:\n  truths: ["x"]\n'
        + links + "---\n# Plan\n")
    (phase / "01-01-SUMMARY.md").write_text('---\nphase: "01"\nplan: "01"\n---\n# Summary\n')
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    return root


def test_a_pattern_that_expands_at_compile_time_is_refused_before_compiling(tmp_path):
    pattern = "[a-z]{65535}" * 160
    root = _plan_repo(tmp_path, '  key_links:\n    - from: "src/a.py"\n      to: "src/b.py"\n'
                      f'      pattern: "{pattern}"\n', {"src/a.py": "abc\n", "src/b.py": "x\n"})
    start = time.perf_counter()
    code, report = _run("verify", str(root / ".planning"), "--root", str(root), "--select", "PP5")
    assert time.perf_counter() - start < 5
    [finding] = [f for f in report["findings"] if f["code"] == "PP513"]
    assert finding["severity"] == "error" and "expand" in finding["message"] and code == 1


def test_exports_on_large_python_files_are_searched_not_parsed(tmp_path):
    body = "".join(f"def f{i}(a, b):\n    return [a + b * {i} for _ in range(3)]\n"
                   for i in range(60_000))
    files = {f"src/m{n}.py": body + f"if True:\n    def only_{n}():\n        pass\n"
             for n in range(10)}
    artifacts = "".join(f'    - path: "src/m{n}.py"\n      exports: ["only_{n}", "f5", "absent_{n}"]\n'
                        for n in range(10))
    root = _plan_repo(tmp_path, "  artifacts:\n" + artifacts, files)
    start = time.perf_counter()
    code, report = _run("verify", str(root / ".planning"), "--root", str(root), "--select", "PP504")
    assert time.perf_counter() - start < 20
    missing = sorted(f["evidence"]["expected"]["export"] for f in report["findings"])
    assert missing == sorted(f"absent_{n}" for n in range(10))  # present names are never missing
    assert code == 1


def test_an_export_past_the_read_limit_is_unconfirmed_not_missing(tmp_path):
    from planproof.evidence.repo import MAX_READ

    padding = "# " + "x" * 1000 + "\n"
    text = padding * (MAX_READ // len(padding) + 1) + "def late():\n    pass\n"
    root = _plan_repo(tmp_path, '  artifacts:\n    - path: "src/big.py"\n      exports: ["late"]\n',
                      {"src/big.py": text})
    code, report = _run("verify", str(root / ".planning"), "--root", str(root), "--select", "PP504")
    [finding] = report["findings"]
    assert "not confirmed" in finding["message"] and finding["evidence"]["truncated"]
    assert code == 1


def _planning_with_config(tmp_path: Path) -> Path:
    planning = tmp_path / "repo" / ".planning"
    planning.mkdir(parents=True)
    (planning / "ROADMAP.md").write_text("# Roadmap\n")
    return planning


def test_a_config_json_that_is_a_named_pipe_is_never_opened_for_a_blocking_read(tmp_path):
    """PP741 reads .planning/config.json, and the lint cache key hashes it: a FIFO must not hang
    either (a subprocess with a deadline, so a regression fails instead of hanging the suite)."""
    import subprocess
    import sys

    planning = _planning_with_config(tmp_path)
    os.mkfifo(planning / "config.json")
    done = subprocess.run([sys.executable, "-m", "planproof", "lint", str(planning), "--format",
                           "json", "--cache-dir", str(tmp_path / "cache")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["findings"] == []


def test_a_config_json_linked_outside_its_folder_is_not_read(tmp_path):
    planning = _planning_with_config(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET not JSON\n")
    (planning / "config.json").symlink_to(secret)
    code, report = _run("lint", str(planning))
    assert code == 0 and report["findings"] == []
    (planning / "config.json").unlink()
    (planning / "config.json").write_text("not json\n")  # the same content inside is read
    code, report = _run("lint", str(planning))
    assert [f["code"] for f in report["findings"]] == ["PP741"]


def test_a_root_gitignore_that_is_a_named_pipe_does_not_hang_verify(tmp_path):
    """verify asks the root .gitignore whether a missing file is a local output: a FIFO there
    must not block (a subprocess with a deadline, so a regression fails instead of hanging)."""
    import subprocess
    import sys

    root = tmp_path / "repo"
    phase = root / ".planning" / "phases" / "01-a"
    phase.mkdir(parents=True)
    (phase / "01-01-PLAN.md").write_text(
        '---\nphase: "01"\nplan: "01"\nfiles_modified: [src/gone.py]\n---\n# Plan\n')
    (phase / "01-01-SUMMARY.md").write_text('---\nphase: "01"\nplan: "01"\n---\n# Summary\n')
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    os.mkfifo(root / ".gitignore")
    done = subprocess.run([sys.executable, "-m", "planproof", "verify", str(root / ".planning"),
                           "--root", str(root), "--select", "PP520", "--format", "json",
                           "--no-cache"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert [f["code"] for f in json.loads(done.stdout)["findings"]] == ["PP520"]
