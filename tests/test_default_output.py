"""What a user sees by default: errors and warnings (info on request), and the default rule set
without the opt-in convention rules (the convention of ruff and eslint)."""

from __future__ import annotations

import pytest

from conftest import codes, lint_text
from planproof.rules import all_rules

# plan: 01 (PP205, opt-in), a key link to a database table (PP311, opt-in), a files_modified
# entry no task mentions (PP307, info, default set) and a task without <verify>/<done> (PP302).
PLAN = """
    ---
    phase: "03"
    plan: 01
    type: execute
    wave: 1
    depends_on: []
    files_modified: [src/app.py, src/extra.py]
    autonomous: true
    must_haves:
      truths: ["The app starts"]
      key_links:
        - from: src/app.py
          to: the users table
          via: SQL
    ---
    # Plan

    <tasks>
    <task type="auto">
      <name>Create the entry point</name>
      <files>src/app.py</files>
      <action>Write main() in src/app.py.</action>
    </task>
    </tasks>
    """

OPT_IN = {"PP204", "PP205", "PP311", "PP313"}


@pytest.fixture
def plan(write):
    return write(".planning/phases/03-app/03-01-PLAN.md", PLAN)


def test_opt_in_group_is_what_the_documentation_says():
    assert {code for code, r in all_rules().items() if not r.default} == OPT_IN


@pytest.mark.parametrize("settings, expected", [
    ({}, {"PP302", "PP307"}),
    ({"extend_select": ["PP205"]}, {"PP302", "PP307", "PP205"}),
    ({"select": ["PP2"]}, {"PP205"}),
    ({"select": ["ALL"]}, {"PP302", "PP307", "PP205", "PP311"}),
    ({"select": ["ALL"], "ignore": ["PP3"]}, {"PP205"}),
    ({"select": ["PP"], "extend_select": ["PP311"]}, {"PP302", "PP307", "PP311"}),
])
def test_opt_in_rules_run_only_when_selected(settings, expected):
    assert set(codes(lint_text(PLAN, "03-01-PLAN.md", **settings))) == expected


def test_text_output_hides_info_and_says_how_many(plan, run_cli):
    code, output, _ = run_cli("lint", plan.parent.parent.parent, "--no-cache")
    assert code == 0
    lines = output.strip().splitlines()
    assert [line.split()[1] for line in lines if ": PP" in line] == ["PP302"]
    assert lines[-1] == ("Found 1 finding (0 errors, 1 warning) in 1 file; 1 info finding hidden "
                         "(--show-info shows them).")


def test_show_info_prints_everything(plan, run_cli):
    code, output, _ = run_cli("lint", plan, "--no-cache", "--show-info")
    assert "PP307" in output and "hidden" not in output
    assert output.strip().splitlines()[-1] == \
        "Found 2 findings (0 errors, 1 warning, 1 info) in 1 file."


def test_info_of_a_rule_selected_by_name_is_shown(plan, run_cli):
    _, output, _ = run_cli("lint", plan, "--no-cache", "--extend-select", "PP307,PP205")
    assert "PP307" in output and "PP205" in output and "hidden" not in output


def test_json_keeps_every_finding_with_its_severity(plan, run_cli):
    _, _, data = run_cli("lint", plan, "--no-cache", "--format", "json")
    assert {(f["code"], f["severity"]) for f in data["findings"]} == {("PP302", "warning"),
                                                                      ("PP307", "info")}
    assert data["summary"] == {"errors": 0, "warnings": 1, "info": 1}


def test_only_hidden_info_reads_as_passed(write, run_cli):
    clean = PLAN.replace("</action>", "</action>\n      <verify>pytest</verify>\n      <done>ok</done>")
    path = write(".planning/phases/03-app/03-01-PLAN.md", clean)
    code, output, _ = run_cli("lint", path, "--no-cache")
    assert code == 0
    assert output.strip() == ("All checks passed (1 file checked); 1 info finding hidden "
                              "(--show-info shows them).")


def test_rules_listing_marks_the_opt_in_group(run_cli):
    _, output, _ = run_cli("rules", "PP2")
    marked = {line.split()[0] for line in output.splitlines() if line.endswith("(opt-in)")}
    assert marked == {"PP204", "PP205"}


def test_github_annotations_follow_the_text_rules(plan, run_cli):
    _, output, _ = run_cli("lint", plan, "--no-cache", "--format", "github")
    assert [line.split()[0] for line in output.splitlines() if line.startswith("::")] == \
        ["::warning"]
    assert output.splitlines()[-1].endswith("1 info finding hidden (--show-info shows them).")
    _, shown, _ = run_cli("lint", plan, "--no-cache", "--format", "github", "--show-info")
    assert sum(line.startswith("::notice ") for line in shown.splitlines()) == 1
