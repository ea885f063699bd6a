"""Files git ignores are skipped when found in a folder, read when named, and everything is
read with --no-respect-gitignore or `respect-gitignore = false` (a real git repository)."""

from __future__ import annotations

from verify_helpers import make_repo

BROKEN = "---\nobjective: a: b\n---\n# Plan\n"


def paths_reported(run_cli, *args):
    code, _, data = run_cli("lint", *args, "--format", "json", "--no-cache", "--select", "PP110")
    return sorted(f["path"] for f in data["findings"])


def repo(tmp_path, monkeypatch):
    root = make_repo(tmp_path / "repo", {
        ".gitignore": "drafts/\n*.local.md\n!keep.local.md\n",
        "docs/01-01-PLAN.md": BROKEN,
        "docs/drafts/02-01-PLAN.md": BROKEN,
        "docs/notes.local.md": BROKEN,
        "docs/keep.local.md": BROKEN,
    })
    monkeypatch.chdir(root)
    return root


def test_ignored_files_in_folders_are_skipped(tmp_path, monkeypatch, run_cli):
    repo(tmp_path, monkeypatch)
    assert paths_reported(run_cli, "docs") == ["docs/01-01-PLAN.md", "docs/keep.local.md"]
    assert paths_reported(run_cli, "docs", "docs/drafts/02-01-PLAN.md") == [
        "docs/01-01-PLAN.md", "docs/drafts/02-01-PLAN.md", "docs/keep.local.md"]
    assert len(paths_reported(run_cli, "docs", "--no-respect-gitignore")) == 4


def test_a_named_ignored_folder_is_read_and_the_setting_turns_it_off(tmp_path, monkeypatch,
                                                                     run_cli):
    root = repo(tmp_path, monkeypatch)
    assert paths_reported(run_cli, "docs/drafts") == ["docs/drafts/02-01-PLAN.md"]
    (root / ".planproof.toml").write_text("respect-gitignore = false\n")
    assert len(paths_reported(run_cli, "docs")) == 4
    assert len(paths_reported(run_cli, "docs", "--respect-gitignore")) == 2


def test_outside_git_nothing_is_ignored(tmp_path, monkeypatch, run_cli):
    (tmp_path / "docs").mkdir()
    (tmp_path / ".gitignore").write_text("*.md\n")
    (tmp_path / "docs" / "01-01-PLAN.md").write_text(BROKEN)
    monkeypatch.chdir(tmp_path)
    assert paths_reported(run_cli, "docs") == ["docs/01-01-PLAN.md"]


def test_a_planning_folder_kept_out_of_git_is_still_the_default(tmp_path, monkeypatch, run_cli):
    root = make_repo(tmp_path / "repo", {".gitignore": ".planning/\n",
                                          ".planning/01-01-PLAN.md": BROKEN})
    monkeypatch.chdir(root)
    code, _, data = run_cli("lint", "--format", "json", "--no-cache", "--select", "PP110")
    assert code == 1 and [f["path"] for f in data["findings"]] == [".planning/01-01-PLAN.md"]
