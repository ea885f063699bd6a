"""git under attack: a hostile `.git/config` starts no program, and commit checks fail closed
(an error, exit 1) when git fails, times out, or is handed too many hashes. Real git repos."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from planproof.cli.commands import cli

MISSING = "0123456789abcdef0123456789abcdef01234567"
SUMMARY = '---\nphase: "01"\nplan: "01"\n---\n\n# Summary\n\n- Commit {}\n'


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
                   cwd=cwd, check=True, capture_output=True)


def _repo(tmp_path: Path, summary: str = SUMMARY.format(MISSING)) -> Path:
    root = tmp_path / "repo"
    phase = root / ".planning" / "phases" / "01-core"
    phase.mkdir(parents=True)
    (phase / "01-01-SUMMARY.md").write_text(summary)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "init")
    return root


def _hostile_config(tmp_path: Path, root: Path) -> Path:
    """A promisor remote whose upload-pack, ssh command and fsmonitor all write MARKER."""
    marker = tmp_path / "MARKER"
    evil = tmp_path / "evil.sh"
    evil.write_text(f'#!/bin/sh\necho "$0 $*" >> {marker}\nexec git-upload-pack "$@"\n')
    evil.chmod(0o755)
    _git(tmp_path, "clone", "-q", "--bare", str(root), str(tmp_path / "upstream.git"))
    settings = {"remote.origin.url": f"file://{tmp_path / 'upstream.git'}",
                "remote.origin.promisor": "true", "extensions.partialClone": "origin",
                "core.repositoryformatversion": "1", "remote.origin.uploadpack": str(evil),
                "core.fsmonitor": str(evil), "core.sshCommand": str(evil),
                "remote.ssh.url": "ssh://example.invalid/x", "remote.ssh.promisor": "true",
                "core.pager": str(evil)}
    for key, value in settings.items():
        _git(root, "config", key, value)
    return marker


def _verify(root: Path, *extra: str):
    result = CliRunner().invoke(cli, ["verify", str(root / ".planning"), "--root", str(root),
                                      "--format", "json", "--no-cache", "-j", "1", "--select",
                                      "PP530,PP531", *extra], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)["findings"]


def test_a_hostile_git_config_starts_no_program(tmp_path):
    root = _repo(tmp_path)
    marker = _hostile_config(tmp_path, root)
    # the config is live: plain git runs the attacker's program for this very question
    subprocess.run(["git", "cat-file", "--batch-check"], cwd=root, capture_output=True,
                   input=f"{MISSING}^{{commit}}\n".encode(), timeout=60)
    assert marker.exists()
    marker.unlink()
    code, findings = _verify(root)
    assert not marker.exists(), marker.read_text()
    assert [(f["code"], f["severity"]) for f in findings] == [("PP530", "error")]
    assert code == 1


def test_a_failing_git_fails_closed(tmp_path):
    root = _repo(tmp_path)
    with open(root / ".git" / "config", "a") as config:
        config.write("[core\n")  # git refuses to run with a broken config
    code, findings = _verify(root)
    assert code == 1
    assert [(f["code"], f["severity"], f["evidence"]["problem"]) for f in findings] == [
        ("PP531", "error", "git-failed")]


def test_a_git_timeout_fails_closed(tmp_path, monkeypatch):
    from planproof.evidence import git

    monkeypatch.setattr(git, "TIMEOUT", -1)  # real git, a deadline already passed (1 ms could be met)
    code, findings = _verify(_repo(tmp_path))
    assert code == 1
    [finding] = findings
    assert (finding["code"], finding["severity"]) == ("PP531", "error")
    assert "did not finish" in finding["message"]


def test_too_many_hashes_fail_closed_without_asking_git(tmp_path):
    lines = "".join(f"- Commit {index:07x}{index % 7}a\n" for index in range(12_000))
    root = _repo(tmp_path, SUMMARY.format(MISSING) + lines)
    code, findings = _verify(root)
    assert code == 1
    [finding] = findings
    assert (finding["code"], finding["severity"], finding["evidence"]["problem"]) == (
        "PP531", "error", "too-many")


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX")
def test_git_gets_no_secret_from_the_environment(tmp_path, monkeypatch):
    from planproof.evidence.gitcmd import git_environment

    monkeypatch.setenv("CI_TOKEN", "s3cr3t")
    monkeypatch.setenv("GIT_DIR", str(tmp_path))
    env = git_environment()
    assert "CI_TOKEN" not in env and "GIT_DIR" not in env
