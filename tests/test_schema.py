"""Schemas: generated from the models, shipped in the package, and the PP2xx findings they give."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import REPO, codes, dedent, lint_text
from planproof.schema import committed, locations, validators
from planproof.config import ConfigError, Settings

PLAN = """\
---
phase: "01"
plan: "01"
type: execute
wave: 1
depends_on: []
files_modified: [src/app.py]
autonomous: true
must_haves:
  truths: ["The app starts"]
  artifacts:
    - path: src/app.py
      provides: entry point
---
# Plan
"""


def only(findings, prefix="PP2"):
    return [f for f in findings if f.code.startswith(prefix)]


# --- one source of truth --------------------------------------------------------------------

def test_committed_schemas_match_the_models():
    assert committed.drifted() == [], "run: python -m planproof.schema --write"


def test_drift_is_detected(tmp_path):
    committed.write_all(tmp_path)
    assert committed.drifted(tmp_path) == []
    target = tmp_path / "uat.schema.json"
    target.write_text(target.read_text().replace('"testing"', '"tested"'))
    assert committed.drifted(tmp_path) == ["uat"]


def test_the_config_schema_is_generated_by_the_same_command(tmp_path):
    # was: only `python -m planproof.planning.config_schema --write` wrote it, which README's
    # "after changing a model run python -m planproof.schema --write" never mentioned
    committed.write_all(tmp_path)
    (tmp_path / "config.schema.json").write_text("{}\n")
    assert committed.drifted(tmp_path) == ["config"]


def test_check_command_exit_codes(tmp_path):
    assert committed.main(["--check"]) == 0
    assert committed.main(["--bogus"]) == 2


@pytest.mark.parametrize("kind", locations.KINDS)
def test_schemas_are_valid_draft_2020_12(kind):
    from jsonschema import Draft202012Validator

    contents = json.loads(locations.schema_path(kind).read_text())
    assert contents["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert contents["$id"] == locations.schema_id(kind)
    Draft202012Validator.check_schema(contents)


def test_schema_command_prints_the_committed_file(run_cli):
    code, output, _ = run_cli("schema", "verification")
    assert code == 0
    assert output == (REPO / "schemas" / "verification.schema.json").read_text()
    assert json.loads(output)["properties"]["status"]["enum"] == ["passed", "gaps_found", "human_needed"]


def test_installed_wheel_finds_its_schemas(tmp_path):
    """pyproject force-includes schemas/ as planproof/schemas: the installed package uses it."""
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
                   cwd=REPO, check=True, capture_output=True)
    wheel = next(tmp_path.glob("planproof-*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    assert (site / "planproof" / "schemas" / "README.md").is_file()
    probe = ("import planproof.schema.locations as s, planproof.engine as e; print(s.schema_dir()); "
             "print([f.code for f in e.check_text(open(0).read(), '01-VERIFICATION.md')])")
    done = subprocess.run([sys.executable, "-c", probe], input="---\nphase: '01'\nstatus: ok\n---\n",
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(site)},
                          cwd=tmp_path, check=True)
    where, found = done.stdout.splitlines()
    assert where == str(site / "planproof" / "schemas")
    assert "PP201" in found
    before = sorted((p.name, p.read_bytes()) for p in (site / "planproof" / "schemas").iterdir())
    refused = subprocess.run([sys.executable, "-m", "planproof.schema", "--write"],
                             capture_output=True, text=True, cwd=tmp_path,
                             env={**os.environ, "PYTHONPATH": str(site)})
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and "source checkout" in refused.stderr
    assert sorted((p.name, p.read_bytes()) for p in (site / "planproof" / "schemas").iterdir()) \
        == before


def test_models_give_typed_access_and_accept_variants():
    from planproof import models

    summary = models.parse("SUMMARY", {"phase": "03", "plan": 1, "key_files": {"created": ["a.py"]}})
    assert summary.key_files.created == ["a.py"]
    plan = models.parse("PLAN", {"phase": "01", "plan": "01", "type": "execute", "wave": 1,
                                 "depends_on": [], "files_modified": [], "autonomous": True,
                                 "must_haves": {"key_links": [{"from": "a.py", "to": "b.py"}]}})
    assert plan.must_haves.key_links[0].from_ == "a.py"
    assert models.parse("PLAN", {"phase": "01"}) is None
    assert models.parse("CONTEXT", {"phase": "01"}) is None


def test_rule_modules_do_not_import_jsonschema_or_pydantic():
    probe = ("import sys, planproof.rules as r; r.all_rules(); "
             "print('jsonschema' in sys.modules, 'pydantic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_validators_are_built_once_per_kind():
    assert validators.validator("PLAN", {}) is validators.validator("PLAN", {})
    assert validators.validator("CONTEXT", {}) is None


def test_one_schema_pass_per_document_feeds_every_pp2xx_rule(monkeypatch):
    """The pass is kept on the document (doc.memo), not in a module global: two documents
    checked in turn each get their own findings, each computed once."""
    from planproof.schema import frontmatter_check

    passes = []
    compute = frontmatter_check._compute
    monkeypatch.setattr(frontmatter_check, "_compute",
                        lambda doc, ctx: passes.append(doc.path) or compute(doc, ctx))
    bad = "---\nphase: 01\nstatus: verified\n---\n"
    good = "---\nphase: '01'\nstatus: passed\n---\n"
    found = [sorted(codes(lint_text(text, path, select=["PP2"])))
             for text, path in ((bad, "01-VERIFICATION.md"), (good, "02-VERIFICATION.md"))]
    assert found == [["PP201", "PP205"], []]
    assert passes == ["01-VERIFICATION.md", "02-VERIFICATION.md"]


# --- PP201 invalid values -------------------------------------------------------------------

def test_off_enum_status_is_worded_for_a_person_at_its_position():
    findings = lint_text("""
        ---
        phase: "12"
        status: verified
        score: 5/5 must-haves verified
        ---
    """, "12-VERIFICATION.md")
    [finding] = only(findings)
    assert finding.code == "PP201" and finding.severity.value == "error"
    assert finding.message == "status must be one of passed, gaps_found, human_needed; got 'verified'"
    assert (finding.line, finding.column) == (3, 9)


def test_enum_typo_gets_a_did_you_mean():
    [finding] = only(lint_text("---\nphase: '01'\nstatus: complted\n---\n", "01-UAT.md"))
    assert finding.hint == "did you mean 'complete'?"
    assert finding.severity.value == "warning"  # UAT statuses are soft


GAP_REPORT = """
    ---
    phase: "12"
    status: gaps_found
    score: 4/5 must-haves verified
    gaps:
      - truth: "Coverage reaches 28%"
        status: {status}
        reason: fixed later
    ---
"""


def test_gap_status_off_enum_is_a_warning_at_the_nested_value():
    findings = lint_text(GAP_REPORT.format(status="in-review"), "12-VERIFICATION.md")
    [finding] = only(findings)
    assert finding.message == ("gaps[0].status must be one of failed, partial, resolved, fixed, "
                               "closed, deferred; got 'in-review'")
    assert finding.severity.value == "warning"
    assert (finding.line, finding.column) == (7, 13)


@pytest.mark.parametrize("status", ["resolved", "fixed", "closed", "deferred"])
def test_a_gap_closed_later_keeps_its_closing_status(status):
    assert only(lint_text(GAP_REPORT.format(status=status), "12-VERIFICATION.md")) == []


@pytest.mark.parametrize("line, message", [
    ("wave: two", "wave must be a whole number; got 'two'"),
    ("wave: 0", "wave must be at least 1; got 0"),
    ("autonomous: sometimes", "autonomous must be true or false; got 'sometimes'"),
    ("files_modified: src/app.py", "files_modified must be a list; got 'src/app.py'"),
    ("plan: [1, 2]", "plan must be a string or a whole number; got a list"),
    ("type: deploy", "type must be one of execute, tdd, quick, quick-plan; got 'deploy'"),
])
def test_plan_value_messages(line, message):
    key = line.split(":")[0]
    text = "\n".join(line if l.startswith(key + ":") else l for l in PLAN.split("\n"))
    findings = only(lint_text(text))
    assert [f.message for f in findings] == [message]
    assert findings[0].line == text.split("\n").index(line) + 1


def test_score_and_dates_must_be_written_in_their_format():
    findings = only(lint_text("""
        ---
        phase: "12"
        verified: yesterday
        status: passed
        score: all good
        ---
    """, "12-VERIFICATION.md"))
    assert [f.message for f in findings] == [
        "verified must be written like '2026-03-30T17:00:00Z'; got 'yesterday'",
        "score must be written like '5/5 must-haves verified'; got 'all good'",
    ]


@pytest.mark.parametrize("score", ["5/5 must-haves verified", "4/5 success criteria verified",
                                   "20/20 (100%)", "3/6", "3/6 must_haves verified"])
def test_score_variants_real_teams_write_are_accepted(score):
    text = f"---\nphase: '12'\nstatus: passed\nscore: {score}\n---\n"
    assert only(lint_text(text, "12-VERIFICATION.md")) == []


def test_bare_string_artifact_is_reported():
    text = PLAN.replace("    - path: src/app.py\n      provides: entry point\n", "    - src/app.py\n")
    [finding] = only(lint_text(text))
    assert finding.message == "must_haves.artifacts[0] must be a mapping (key: value lines); got 'src/app.py'"


def test_human_verification_items_may_be_strings_or_checks():
    text = dedent("""
        ---
        phase: "12"
        status: human_needed
        human_verification:
          - "Open the app and sign in"
          - test: Open the dashboard
            expected: charts load
          - expected: no test given
        ---
    """)
    [finding] = only(lint_text(text, "12-VERIFICATION.md"))
    assert finding.code == "PP202"
    assert finding.message == "human_verification[2] has no 'test'"
    assert finding.line == 8


def test_split_truth_is_left_to_pp310():
    text = PLAN.replace('truths: ["The app starts"]', "truths:\n    - Users log in: with email")
    assert codes(lint_text(text, "01-01-PLAN.md")) == ["PP310"]


# --- PP202 missing keys ---------------------------------------------------------------------

def test_missing_required_keys_point_at_the_opening_fence():
    findings = only(lint_text("---\nphase: '01'\nplan: '01'\ntype: execute\n---\n"))
    assert sorted(f.message for f in findings) == sorted(
        f"PLAN frontmatter has no '{k}' key" for k in ("wave", "depends_on", "files_modified", "autonomous"))
    assert {(f.line, f.column) for f in findings} == {(1, 1)}


def test_missing_nested_key_points_at_its_parent():
    text = PLAN.replace("    - path: src/app.py\n", "    - paht: src/app.py\n")
    findings = only(lint_text(text))
    [missing] = [f for f in findings if f.code == "PP202"]
    assert missing.message == "must_haves.artifacts[0] has no 'path'"
    assert missing.hint == "'paht' is written instead; rename it to 'path'"
    assert missing.line == 12


def test_documents_without_frontmatter_or_with_guessed_kinds_are_not_validated():
    assert only(lint_text("# Summary\n\nNo frontmatter here.\n", "01-01-SUMMARY.md")) == []
    audit = "---\nmilestone: v1.4\nstatus: tech_debt\nscore: 3/4 phases\n---\n"
    assert only(lint_text(audit, "v1.4-MILESTONE-AUDIT.md")) == []


# --- PP203 unknown keys, PP204 variants, PP205 numbers -----------------------------------------

@pytest.mark.parametrize("wrong, right", [("must_have", "must_haves"), ("depends-on", "depends_on"),
                                          ("files_modifed", "files_modified")])
def test_misspelt_keys_get_a_did_you_mean(wrong, right):
    text = PLAN.replace(f"{right}:", f"{wrong}:")
    typo = [f for f in lint_text(text) if f.code == "PP203"]
    assert [f.message for f in typo] == [f"unknown key '{wrong}' in the frontmatter; did you mean '{right}'?"]
    assert typo[0].column == 1 and typo[0].severity.value == "warning"


def test_misspelt_nested_key_is_found_where_it_is():
    text = PLAN.replace("      provides: entry point\n", "      provides: entry point\n      min_line: 20\n")
    [finding] = [f for f in lint_text(text) if f.code == "PP203"]
    assert finding.message == "unknown key 'min_line' in must_haves.artifacts[0]; did you mean 'min_lines'?"
    assert (finding.line, finding.column) == (14, 7)


def test_extra_keys_real_teams_add_are_not_reported():
    text = dedent("""
        ---
        phase: "03"
        plan: "01"
        decisions: ["use sqlite"]
        metrics: {duration: 5min}
        dependency_graph: {requires: []}
        requirements: [REQ-01]
        key-files:
          created: [a.py]
          deleted: [b.py]
        ---
    """)
    assert only(lint_text(text, "03-01-SUMMARY.md")) == []


def test_key_that_is_also_written_correctly_is_not_reported_as_a_typo():
    text = PLAN.replace("must_haves:", "must_have: {}\nmust_haves:")
    assert "PP203" not in codes(lint_text(text))


def test_accepted_variant_spellings_get_info_advice():
    text = dedent("""
        ---
        phase: "03"
        plan: "01"
        key_files:
          created: [a.py]
        tech_stack:
          added: [httpx]
        ---
    """)
    findings = only(lint_text(text, "03-01-SUMMARY.md", extend_select=["PP204"]))
    assert [(f.code, f.severity.value, f.message) for f in findings] == [
        ("PP204", "info", "'key_files' is accepted, but the canonical spelling is 'key-files'"),
        ("PP204", "info", "'tech_stack' is accepted, but the canonical spelling is 'tech-stack'"),
    ]


def test_variant_spelling_is_validated_like_the_canonical_one():
    text = "---\nphase: '03'\nplan: '01'\nkey_files:\n  created: a.py\n---\n"
    assert "key_files.created must be a list; got 'a.py'" in [f.message for f in lint_text(text, "03-01-SUMMARY.md")]


def test_numbers_where_strings_are_canonical_get_info_advice():
    text = PLAN.replace('plan: "01"', "plan: 01")
    [finding] = [f for f in lint_text(text, extend_select=["PP205"]) if f.code == "PP205"]
    assert finding.severity.value == "info"
    assert "YAML reads the unquoted 01 as the number 1" in finding.message
    assert finding.hint == 'write plan: "01"'
    assert "PP205" not in codes(lint_text(PLAN.replace('plan: "01"', "plan: 08"),
                                          extend_select=["PP205"]))  # text already


# --- custom schemas -------------------------------------------------------------------------

CUSTOM = {"type": "object", "required": ["ticket"],
          "properties": {"ticket": {"type": "string", "pattern": "^JIRA-\\d+$", "examples": ["JIRA-1"]}}}


def test_custom_schema_replaces_the_built_in_one(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(CUSTOM))
    findings = only(lint_text(PLAN, schemas={"plan": str(path)}))
    assert [f.message for f in findings] == ["PLAN frontmatter has no 'ticket' key"]


def test_custom_schema_can_extend_the_built_in_one_by_ref(tmp_path):
    extended = {"allOf": [{"$ref": locations.schema_id("plan")}], **CUSTOM}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(extended))
    text = PLAN.replace("wave: 1", "wave: 0").replace("---\n# Plan", "ticket: ABC\n---\n# Plan")
    findings = only(lint_text(text, schemas={"plan": str(path)}))
    assert sorted(f.message for f in findings) == [
        "ticket must be written like 'JIRA-1'; got 'ABC'", "wave must be at least 1; got 0"]


def test_closed_custom_schema_reports_extra_keys_with_did_you_mean(tmp_path):
    closed = {"type": "object", "properties": {"phase": {}, "status": {}}, "additionalProperties": False}
    path = tmp_path / "uat.json"
    path.write_text(json.dumps(closed))
    findings = only(lint_text("---\nphase: '1'\nstatuss: ok\n---\n", "01-UAT.md", schemas={"UAT": str(path)}))
    assert [(f.code, f.message, f.hint) for f in findings] == [
        ("PP201", "unknown key 'statuss' in the frontmatter; the schema allows no other keys",
         "did you mean 'status'?")]


def test_custom_schema_for_a_kind_without_a_built_in_one(tmp_path):
    path = tmp_path / "validation.json"
    path.write_text(json.dumps({"type": "object", "required": ["nyquist_compliant"]}))
    findings = only(lint_text("---\nphase: 1\n---\n", "01-VALIDATION.md", schemas={"validation": str(path)}))
    assert [f.message for f in findings] == ["VALIDATION frontmatter has no 'nyquist_compliant' key"]


@pytest.mark.parametrize("content, message", [
    ("{not json", "is not valid JSON"),
    ('{"type": 5}', "is not a valid JSON Schema at type"),
    ("[1, 2]", "must hold a JSON object"),
])
def test_broken_schema_file_is_a_config_error(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        validators.check_settings(Settings(schemas={"plan": str(path)}))


def test_cli_schema_option_and_broken_files_exit_2(tmp_path, write, run_cli):
    plan = write("p/01-01-PLAN.md", PLAN)
    good = write("custom.json", json.dumps(CUSTOM))
    code, output, parsed = run_cli("lint", plan, "--no-cache", "--schema", f"plan={good}",
                                   "--format", "json")
    assert code == 1 and [f["code"] for f in parsed["findings"]] == ["PP202"]
    broken = write("broken.json", "{oops")
    for option, words in [(f"plan={broken}", "is not valid JSON"), ("plan", "expects KIND=PATH"),
                          (f"nokind={good}", "unknown document kind 'nokind'"),
                          (f"plan={tmp_path / 'missing.json'}", "cannot read schema file")]:
        code, output, _ = run_cli("lint", plan, "--no-cache", "--schema", option)
        assert code == 2, option
        assert "planproof: error:" in output and words in output and "Traceback" not in output


def test_config_table_schemas_are_relative_to_the_config_file(tmp_path, write, run_cli):
    write("pyproject.toml", '[tool.planproof.schemas]\nplan = "schemas/plan.json"\n')
    write("schemas/plan.json", json.dumps(CUSTOM))
    plan = write(".planning/phases/01-a/01-01-PLAN.md", PLAN)
    code, output, parsed = run_cli("lint", plan, "--no-cache", "--format", "json")
    assert [f["message"] for f in parsed["findings"]] == ["PLAN frontmatter has no 'ticket' key"]
    write("schemas/plan.json", '{"type": "objekt"}')
    code, output, _ = run_cli("lint", plan, "--no-cache")
    assert code == 2 and "not a valid JSON Schema" in output


@pytest.mark.parametrize("percent, bad", [(140, True), (-1, True), (100, False), (62.5, False)])
def test_state_progress_percent_must_lie_between_0_and_100(percent, bad):
    text = f"---\ngsd_state_version: 1.0\nprogress:\n  total_plans: 8\n  percent: {percent}\n---\n"
    findings = only(lint_text(text, ".planning/STATE.md"), "PP201")
    assert [(f.line, f.column) for f in findings] == ([(5, 12)] if bad else [])


# --- quick tasks have their own shape (issue 15) ----------------------------------------------------

QUICK_PLAN = """
    ---
    type: quick
    task_id: "007"
    title: Fix the login redirect
    status: complete
    created: 2026-03-01
    ---
    # Quick task 007
    """


@pytest.mark.parametrize("path", [
    ".planning/quick/007-fix-login/007-PLAN.md",
    ".planning/quick-archive/2026-03-01-fix-login/PLAN.md",
    ".planning/quick/007-fix-login/007-SUMMARY.md",
    "007-PLAN.md",  # outside a quick folder: `type: quick` and task_id say it
])
def test_quick_tasks_are_not_held_to_the_phase_plan_schema(path):
    assert [f.code for f in lint_text(QUICK_PLAN, path) if f.code.startswith("PP2")] == []


def test_quick_tasks_still_get_type_errors_and_phase_plans_still_need_their_keys():
    broken = QUICK_PLAN.replace("    title: Fix the login redirect\n",
                                "    title: Fix the login redirect\n    wave: first\n")
    assert [f.code for f in lint_text(broken, ".planning/quick/007-x/007-PLAN.md")
            if f.code.startswith("PP2")] == ["PP201"]
    phase_plan = QUICK_PLAN.replace("type: quick\n    task_id: \"007\"\n", "type: execute\n")
    missing = {f.evidence["key"] for f in lint_text(phase_plan, ".planning/phases/07-x/07-01-PLAN.md")
               if f.code == "PP202"}
    assert missing == {"phase", "plan", "wave", "depends_on", "files_modified", "autonomous"}


def test_values_of_a_frontmatter_that_does_not_parse_are_validated_as_recovered():
    from conftest import lint_text

    text = """
        ---
        phase: 12-coverage
        status: gaps_closed_partial
        score: 3/6 must_haves verified
        gaps_closed:
          - gap_1: "Coverage" -> PARTIALLY CLOSED
        ---
        # Phase 12 verification
    """
    found = [f for f in lint_text(text, "12-VERIFICATION.md") if f.code.startswith("PP2")]
    [status] = [f for f in found if "status" in f.message]
    assert status.code == "PP201" and status.line == 3
    assert "got 'gaps_closed_partial'" in status.message
    assert "read without line 6, which does not parse" in status.message
    assert status.evidence["frontmatter_read_without_lines"] == [6]
    assert not [f for f in found if f.code == "PP202" or "missing" in f.message]


def test_an_unknown_schema_kind_is_refused_in_one_words_from_config_and_command_line(write, run_cli):
    """[tool.planproof.schemas] and --schema share one check: same message, kinds listed as written."""
    good = write("custom.json", json.dumps(CUSTOM))
    with pytest.raises(ConfigError) as from_settings:
        validators.check_settings(Settings(schemas={"nokind": good}))
    assert str(from_settings.value).startswith("schemas: unknown document kind 'nokind' (known: plan, ")
    write("pyproject.toml", f'[tool.planproof.schemas]\nnokind = "{good}"\n')
    code, output, _ = run_cli("lint", write("p/01-01-PLAN.md", PLAN), "--no-cache")
    assert code == 2 and "schemas: unknown document kind 'nokind' (known: plan, " in output
