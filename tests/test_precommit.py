"""pre-commit, for real: a throwaway git repository uses this checkout as a hook repository,
commits a bad and a good planning document, and the hook blocks the first and lets the second in.

pre-commit clones the hook repository at a `rev`, so the test first snapshots the working tree
(package, pyproject.toml, .pre-commit-hooks.yaml) into a temporary git repository and commits it:
the hooks under test are the code in this checkout, committed or not. pre-commit then builds the
hook's virtualenv with pip, which needs PyPI (or a warm pip cache); when pip's log shows it could
not connect to the index the test is skipped with pip's message, any other failure (a resolution
error included) fails the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import REPO

BAD = "---\nphase: '01'\nobjective: Fix the login bug: sessions expire\n---\n# Notes\n"
GOOD = "---\nphase: '01'\nobjective: 'Fix the login bug: sessions expire'\n---\n# Notes\n"
SNAPSHOT = ["src", "schemas", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml"]
# Only a failure to reach the package index is a reason to skip; a resolution error with the
# index reachable ("No matching distribution found" alone) is a real failure of the hook setup.
NETWORK_TROUBLE = ("NewConnectionError", "Temporary failure in name resolution",
                   "Network is unreachable", "ConnectTimeoutError", "Connection refused")


def test_hook_definitions():
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"planproof-lint", "planproof-verify"}
    lint = hooks["planproof-lint"]
    assert lint["entry"] == "planproof lint --with-tree" and lint["language"] == "python"
    assert lint["types"] == ["markdown"] and lint.get("pass_filenames", True) is True
    assert lint["require_serial"] is True
    verify = hooks["planproof-verify"]
    assert verify["entry"] == "planproof verify" and verify["pass_filenames"] is False


SUMMARY = "---\nphase: 03-sandbox\nplan: 1\n---\n# Summary 03-01\n"
PLAN = "---\nphase: 03-sandbox\nplan: 2\n---\n# Plan 03-02\n"
PHASE = ".planning/phases/03-sandbox"


def test_with_tree_judges_given_files_as_a_full_run_would(tmp_path, write, run_cli, monkeypatch):
    """What the lint hook runs: only the staged files are reported, but cross-document rules see
    their whole .planning tree (a SUMMARY whose PLAN is missing is only visible that way)."""
    write(f"{PHASE}/03-01-SUMMARY.md", SUMMARY)
    write(f"{PHASE}/03-02-PLAN.md", PLAN)
    monkeypatch.chdir(tmp_path)
    summary = f"{PHASE}/03-01-SUMMARY.md"

    def findings(*args):
        code, _, parsed = run_cli("lint", "--no-cache", *args, "--format", "json")
        return [(f["path"], f["code"], f["line"], f["message"]) for f in parsed["findings"]]

    full = findings(".planning")
    assert any(path == summary for path, *_ in full) and any(path != summary for path, *_ in full)
    with_tree = findings("--with-tree", summary)
    assert with_tree == [f for f in full if f[0] == summary]
    assert any(code.startswith("PP7") for _, code, _, _ in with_tree)
    alone = findings(summary)
    assert not any(code.startswith("PP7") for _, code, _, _ in alone)
    outside = write("notes/loose.md", "---\na: 1\na: 2\n---\n")
    assert [c for _, c, _, _ in findings("--with-tree", str(outside))] == ["PP111"]


def _pre_commit() -> str:
    found = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which(
        "pre-commit")
    if found is None:
        pytest.fail("pre-commit is not installed: `pip install -e '.[test]'` installs it")
    return found


def _git(cwd: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)


def _env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.update({
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
        "NO_COLOR": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    })
    (tmp_path / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    env.pop("VIRTUAL_ENV", None)
    return env


def _snapshot_hook_repo(target: Path, env: dict) -> str:
    """This checkout's working tree as a one-commit git repository; returns the commit."""
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SNAPSHOT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        done = _git(target, *args, env=env)
        assert done.returncode == 0, done.stderr
    return _git(target, "rev-parse", "HEAD", env=env).stdout.strip()


def _commit(project: Path, relative: str, text: str, env: dict) -> subprocess.CompletedProcess:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    assert _git(project, "add", relative, env=env).returncode == 0
    return _git(project, "commit", "-m", f"add {relative}", env=env)


def test_pre_commit_runs_the_hooks_on_committed_documents(tmp_path):
    started = time.monotonic()
    pre_commit = _pre_commit()
    env = _env(tmp_path)
    rev = _snapshot_hook_repo(tmp_path / "hooks", env)
    project = tmp_path / "project"
    project.mkdir()
    assert _git(project, "init", "-q", env=env).returncode == 0
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {tmp_path / 'hooks'}\n  rev: {rev}\n  hooks:\n"
        "  - id: planproof-lint\n  - id: planproof-verify\n")
    (project / "README.md").write_text("# A project\n")
    assert _git(project, "add", ".pre-commit-config.yaml", "README.md", env=env).returncode == 0
    installed = subprocess.run([pre_commit, "install"], cwd=project, env=env, capture_output=True,
                               text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    first = _git(project, "commit", "-m", "config", env=env)
    log = first.stdout + first.stderr
    if first.returncode != 0 and any(word in log for word in NETWORK_TROUBLE):
        pytest.skip("pre-commit could not build the hook environment without PyPI: "
                    + log[-400:])
    assert first.returncode == 0, log  # no planning document staged: the hook is skipped
    assert "planproof lint" in log and "Skipped" in log
    assert "planproof verify" in log and "Passed" in log  # verify always runs, over the tree

    bad = _commit(project, ".planning/phases/01-a/notes.md", BAD, env)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert "planproof lint" in output and "Failed" in output
    assert ".planning/phases/01-a/notes.md:3:" in output and "PP110" in output
    head = _git(project, "log", "--format=%s", env=env).stdout.split("\n")
    assert head[0] == "config"  # the bad commit was refused

    good = _commit(project, ".planning/phases/01-a/notes.md", GOOD, env)
    output = good.stdout + good.stderr
    assert good.returncode == 0, output
    assert "planproof lint" in output and "planproof verify" in output
    assert "Failed" not in output and output.count("Passed") == 2
    assert _git(project, "log", "-1", "--format=%s", env=env).stdout.strip() == (
        "add .planning/phases/01-a/notes.md")
    assert time.monotonic() - started < 120
