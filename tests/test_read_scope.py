"""Was a folder read completely? One answer (planning.scope) for every rule that reports a file
missing, and one way to write plan ids (planning.ids) in every message."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import codes
from planproof.config import Settings
from planproof.discovery import survey
from planproof.pipeline import run
from planproof.planning.ids import format_plan_id
from planproof.planning.scope import ReadScope, read_completely
from test_plan_ids import plan

ROADMAP = """\
# Roadmap

- [x] **Phase 5: X** - x

### Phase 5: X
Plans:
- [x] 05-01: one
- [x] 05-02: two
"""


@pytest.fixture
def phase_five(write, tmp_path):
    """A finished phase 5: two plans (05-02 depends on 05-01), both with a SUMMARY."""
    folder = ".planning/phases/05-x"
    write(f"{folder}/05-01-PLAN.md", plan())
    write(f"{folder}/05-02-PLAN.md", plan(plan_="02", wave=2, depends='"05-01"'))
    for number in ("01", "02"):
        write(f"{folder}/05-{number}-SUMMARY.md", f'---\nphase: "05"\nplan: "{number}"\n---\n')
    write(".planning/ROADMAP.md", ROADMAP)
    return tmp_path / ".planning"


def lint(path, **settings):
    return run([str(path)], Settings(**{"select": ["PP3", "PP7"], "jobs": 1, "cache": False, **settings}))


def read(result) -> set[str]:
    """The names of the documents a run read."""
    return {os.path.basename(doc.path) for doc in result.documents}


def test_the_whole_tree_is_clean(phase_five):
    result = lint(phase_five)
    assert codes(result.findings) == [] and len(read(result)) == 5


@pytest.mark.parametrize("pattern", ["*[01]-PLAN.md", "*-01-PLAN.md", "05-01-PLAN.md"])
def test_an_excluded_plan_is_not_reported_missing(phase_five, pattern):
    """The bug: `--exclude '*[01]-PLAN.md'` made PP314 say "no plan 05-01" (its own copy of "read
    completely" ignored --exclude) while the PP7xx rules stayed silent."""
    result = lint(phase_five, exclude=[pattern])
    assert codes(result.findings) == [] and "05-01-PLAN.md" not in read(result)


def test_an_excluded_summary_is_not_reported_missing(phase_five):
    """The PP7xx copy guessed from sample names (`00-00-SUMMARY.md`): a pattern that missed
    them let PP701/PP706 report a SUMMARY that exists but was excluded."""
    result = lint(phase_five, exclude=["*-01-SUMMARY.md"])
    assert codes(result.findings) == [] and "05-01-SUMMARY.md" not in read(result)


def test_an_excluded_phase_folder_is_not_reported_missing(phase_five):
    result = lint(phase_five, exclude=["05-x"])
    assert codes(result.findings) == [] and read(result) == {"ROADMAP.md"}


def test_a_git_ignored_plan_is_not_reported_missing(phase_five, tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("05-01-PLAN.md\n", encoding="utf-8")
    result = lint(phase_five)
    assert codes(result.findings) == [] and "05-01-PLAN.md" not in read(result)
    result = lint(phase_five, respect_gitignore=False)
    assert codes(result.findings) == [] and "05-01-PLAN.md" in read(result)


def test_the_run_cache_knows_what_the_walk_left_out(phase_five, tmp_path):
    """A cached run must not replay "no plan 05-01" once 05-01-PLAN.md is back but git-ignored:
    the same documents were read, yet the folder is no longer read completely."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    moved = phase_five / "05-01-PLAN.md.away"
    (phase_five / "phases/05-x/05-01-PLAN.md").rename(moved)
    cached = dict(cache=True, cache_dir=str(tmp_path / "cache"))
    assert "PP314" in codes(lint(phase_five, **cached).findings)
    moved.rename(phase_five / "phases/05-x/05-01-PLAN.md")
    (tmp_path / ".gitignore").write_text("05-01-PLAN.md\n", encoding="utf-8")
    assert codes(lint(phase_five, **cached).findings) == []


def test_a_plan_really_missing_is_still_reported(phase_five):
    (phase_five / "phases/05-x/05-01-PLAN.md").unlink()
    assert "PP314" in codes(lint(phase_five).findings)
    assert "PP314" in codes(lint(phase_five, exclude=["*-03-PLAN.md"]).findings)  # excluded nothing


def test_only_folders_that_lost_a_file_count_as_partly_read(phase_five, write):
    write(".planning/phases/06-y/06-01-PLAN.md", plan(phase="06"))
    scope = survey([str(phase_five)], ["05-01-PLAN.md"]).scope
    assert isinstance(scope, ReadScope) and scope.walked == (str(phase_five),)
    assert not read_completely(scope, str(phase_five / "phases/05-x"))
    assert read_completely(scope, str(phase_five / "phases/06-y"))
    assert read_completely(scope, str(phase_five / "phases"))
    assert not read_completely(scope, "/elsewhere")
    assert read_completely(ReadScope((str(phase_five),)), str(phase_five / "phases/05-x"))


@pytest.mark.parametrize("pid, shown", [
    (("9.1", "2"), "09.1-02"), (("5", "1"), "05-01"), (("15", "4a"), "15-04a"), (("120", "12"), "120-12"),
])
def test_plan_ids_are_written_like_the_file_names(pid, shown):
    assert format_plan_id(pid) == shown


def test_pp314_writes_a_decimal_phase_like_its_file_names(write, tmp_path):
    """PP314-PP316 wrote `9.1-02` where the PP7xx rules (and the file names) say `09.1-02`."""
    folder = ".planning/phases/09.1-hotfix"
    write(f"{folder}/09.1-01-PLAN.md", plan(phase="09.1", depends='"09.1-02"'))
    [finding] = lint(tmp_path / ".planning").findings
    assert finding.code == "PP314"
    assert finding.message == "depends on 09.1-02, but the phase folder has no plan 09.1-02"
    assert finding.evidence["known"] == ["09.1-01"]
