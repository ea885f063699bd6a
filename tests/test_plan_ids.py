"""PP314-PP316: the plans of one phase folder read together (real runs over temp trees)."""

from __future__ import annotations

PLAN = """\
---
phase: "{phase}"
plan: "{plan}"
type: execute
wave: {wave}
depends_on: [{depends}]
files_modified: [src/{plan}.py]
autonomous: true
---
# Plan {phase}-{plan}
"""


def plan(phase="05", plan_="01", wave=1, depends=""):
    return PLAN.format(phase=phase, plan=plan_, wave=wave, depends=depends)


def lint(run_cli, *paths, select="PP314,PP315,PP316"):
    code, _, parsed = run_cli("lint", *paths, "--no-cache", "--select", select, "--format", "json")
    return [(f["code"], f["path"].rsplit("/", 1)[-1], f["line"], f["message"]) for f in parsed["findings"]]


def test_dependency_missing_from_a_folder_that_was_read(write, run_cli, tmp_path):
    folder = tmp_path / ".planning/phases/05-x"
    write(".planning/phases/05-x/05-01-PLAN.md", plan())
    write(".planning/phases/05-x/05-02-PLAN.md", plan(plan_="02", wave=2, depends='"05-01", "05-07"'))
    assert lint(run_cli, folder) == [
        ("PP314", "05-02-PLAN.md", 6, "depends on 05-07, but the phase folder has no plan 05-07")]


def test_dependency_is_not_called_missing_when_only_some_files_were_given(write, run_cli):
    write(".planning/phases/05-x/05-01-PLAN.md", plan())
    second = write(".planning/phases/05-x/05-02-PLAN.md", plan(plan_="02", wave=2, depends='"05-07"'))
    assert lint(run_cli, second) == []


def test_dependencies_on_other_phases_and_plain_numbers(write, run_cli, tmp_path):
    write(".planning/phases/05-x/05-01-PLAN.md", plan())
    write(".planning/phases/05-x/05-02-PLAN.md", plan(plan_="02", wave=2, depends='"04-03", 1'))
    write(".planning/phases/05-x/05-03-PLAN.md", plan(plan_="03", wave=2, depends="04"))
    found = lint(run_cli, tmp_path / ".planning")
    assert found == [("PP314", "05-03-PLAN.md", 6, "depends on 4, but the phase folder has no plan 05-04")]


def test_dependency_in_the_same_or_a_later_wave(write, run_cli, tmp_path):
    write(".planning/phases/05-x/05-01-PLAN.md", plan(wave=2, depends='"05-03"'))
    write(".planning/phases/05-x/05-02-PLAN.md", plan(plan_="02", wave=2, depends='"05-01"'))
    write(".planning/phases/05-x/05-03-PLAN.md", plan(plan_="03", wave=1))
    assert lint(run_cli, tmp_path / ".planning") == [
        ("PP315", "05-02-PLAN.md", 6, "depends on 05-01, which is in wave 2; this plan is in wave 2, "
                                      "so the dependency must be in an earlier wave")]


def test_wave_order_is_checked_even_for_files_given_one_by_one(write, run_cli):
    first = write(".planning/phases/05-x/05-01-PLAN.md", plan(wave=3))
    second = write(".planning/phases/05-x/05-02-PLAN.md", plan(plan_="02", wave=2, depends='"05-01"'))
    assert [f[0] for f in lint(run_cli, first, second)] == ["PP315"]


def test_decimal_and_lettered_plans_resolve(write, run_cli, tmp_path):
    write(".planning/phases/09.1-x/09.1-01-PLAN.md", plan(phase="09.1"))
    write(".planning/phases/09.1-x/09.1-01a-PLAN.md", plan(phase="09.1", plan_="01a", wave=2,
                                                           depends='"09.1-01"'))
    write(".planning/phases/09.1-x/09.1-02-PLAN.md", plan(phase="09.1", plan_="02", wave=3,
                                                          depends='"09.1-01a"'))
    assert lint(run_cli, tmp_path / ".planning") == []


def test_duplicate_plan_ids_in_one_folder(write, run_cli, tmp_path):
    write(".planning/phases/05-x/05-01-PLAN.md", plan())
    write(".planning/phases/05-x/05-02-PLAN.md", plan())  # copied, plan still "01"
    write(".planning/milestones/v1-phases/05-y/05-01-PLAN.md", plan())  # phase numbers are reused
    assert lint(run_cli, tmp_path / ".planning") == [
        ("PP316", "05-02-PLAN.md", 3, "plan 05-01 is also declared by 05-01-PLAN.md")]


def test_plans_in_different_folders_are_independent(write, run_cli, tmp_path):
    write(".planning/phases/05-x/05-01-PLAN.md", plan(wave=2))
    write(".planning/phases/06-y/06-01-PLAN.md", plan(phase="06", wave=1, depends='"05-01"'))
    assert lint(run_cli, tmp_path / ".planning") == []


def test_missing_dependency_only_in_folders_named_for_a_phase(write, run_cli, tmp_path):
    write("seeds/05-05-PLAN.md", plan(plan_="05", wave=2, depends='"05-04"'))
    write("seeds/12-VERIFICATION.md", "---\nphase: '12'\nstatus: passed\n---\n")
    assert lint(run_cli, tmp_path / "seeds") == []
    write(".planning/phases/phase_05/05-05-PLAN.md", plan(plan_="05", wave=2, depends='"05-04"'))
    assert [f[0] for f in lint(run_cli, tmp_path / ".planning")] == ["PP314"]


# --- `plan: 22-02`, the phase-plan form (issue 15) -------------------------------------------------

def _phase_plan_form(write, run_cli, tmp_path, plans):
    for stem, written in plans:
        write(f".planning/phases/22-sync/{stem}-PLAN.md",
              f'---\nphase: "22"\nplan: {written}\ntype: execute\nwave: 1\ndepends_on: []\n'
              'files_modified: []\nautonomous: true\n---\n# Plan\n')
    return [found[:2] for found in lint(run_cli, tmp_path / ".planning", select="PP312,PP316")]


def test_phase_plan_form_is_read_as_the_plan_number(write, run_cli, tmp_path):
    plans = [("22-01", "22-01"), ("22-02", '"22-02"'), ("22-03", "03")]
    assert _phase_plan_form(write, run_cli, tmp_path, plans) == []


def test_phase_plan_form_still_catches_real_mismatches_and_duplicates(write, run_cli, tmp_path):
    plans = [("22-01", "22-01"), ("22-02", "22-01"), ("22-03", "22-04")]
    assert sorted(_phase_plan_form(write, run_cli, tmp_path, plans)) == [
        ("PP312", "22-02-PLAN.md"), ("PP312", "22-03-PLAN.md"), ("PP316", "22-02-PLAN.md")]
