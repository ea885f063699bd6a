"""Output formats: SARIF (validated against the official 2.1.0 schema), GitHub annotations, JUnit."""

from __future__ import annotations

import io
import shutil
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REPO
from planproof.config import Settings
from planproof.engine import Result
from planproof.pipeline import run
from planproof.findings import Finding, Severity
from planproof.report import REPORTER_BY_NAME, ReportOptions, render
from planproof.report import github

SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"  # the official schema, unchanged

BROKEN = "---\nphase: '01'\nobjective: Fix the bug: sessions expire\n---\n# Plan\n"
DUPLICATE = "---\na: 1\na: 2\n---\n# Notes\n"
CLEAN = "---\nphase: '01'\n---\n# Notes\n"


@pytest.fixture
def tree(tmp_path, write, monkeypatch):
    """A small tree with an error, a warning and a clean document; cwd is its root."""
    write("docs/plans/broken.md", BROKEN)
    write("docs/plans/duplicate.md", DUPLICATE)
    write("docs/clean.md", CLEAN)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(path: str = "docs", **settings) -> Result:
    settings.setdefault("select", ["PP1"])
    return run([path], Settings(cache=False, **settings))


def rendered(fmt: str, result: Result, **options) -> str:
    stream = io.StringIO()
    render(fmt, result, ReportOptions(**options), stream)
    return stream.getvalue()


def finding(message: str, severity=Severity.ERROR, path="docs/x.md", line=3, **extra) -> Finding:
    return Finding("PP110", "yaml-syntax-error", severity, path, line, 5, line, 9, message,
                   extra.pop("hint", None), extra)


def test_every_format_is_registered():
    assert set(REPORTER_BY_NAME) == {"text", "json", "sarif", "github", "junit", "gitlab"}


# --- SARIF -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_validator():
    from jsonschema import Draft7Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_is_valid_and_complete(tree, sarif_validator):
    log = json.loads(rendered("sarif", lint()))
    assert_valid(sarif_validator, log)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "planproof" and driver["version"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["PP110", "PP111"]
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "Why it matters" in rule["help"]["text"]
        assert rule["help"]["markdown"].startswith(f"# {rule['id']} ")
    results = run_["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("PP110", "error"), ("PP111", "warning")]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("docs/plans/")
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert "Hint:" in results[0]["message"]["text"]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tree.as_uri() + "/"


def test_sarif_uris_are_relative_to_the_given_root_with_forward_slashes(tree, sarif_validator):
    result = lint(str(tree / "docs"))
    log = json.loads(rendered("sarif", result, root=str(tree / "docs")))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]]
    assert uris == ["plans/broken.md", "plans/duplicate.md"]
    outside = json.loads(rendered("sarif", result, root=str(tree / "docs" / "plans" / "x")))
    assert_valid(sarif_validator, outside)
    artifact = outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"].startswith("file:///") and "uriBaseId" not in artifact


def test_sarif_levels_and_empty_runs_are_valid(sarif_validator):
    result = Result([], [finding("e"), finding("w", Severity.WARNING, line=4),
                         finding("i", Severity.INFO, line=5, claimed=3)])
    log = json.loads(rendered("sarif", result))
    assert_valid(sarif_validator, log)
    assert [r["level"] for r in log["runs"][0]["results"]] == ["error", "warning", "note"]
    assert log["runs"][0]["results"][2]["properties"]["evidence"] == {"claimed": 3}
    empty = json.loads(rendered("sarif", Result([], [])))
    assert_valid(sarif_validator, empty)
    assert empty["runs"][0]["results"] == [] and empty["runs"][0]["tool"]["driver"]["rules"] == []


def _fingerprints(tmp_path, text: str) -> dict[int, str]:
    (tmp_path / "doc.md").write_text(text, encoding="utf-8")
    result = run([str(tmp_path / "doc.md")], Settings(cache=False, select=["PP1"]))
    log = json.loads(rendered("sarif", result, root=str(tmp_path)))
    return {r["locations"][0]["physicalLocation"]["region"]["startLine"]:
            r["partialFingerprints"]["planproof/v1"] for r in log["runs"][0]["results"]}


def test_fingerprints_survive_edits_elsewhere_and_change_with_the_flagged_line(tmp_path):
    before = _fingerprints(tmp_path, "---\na: 1\nb: 2\na: 3\n---\n")
    moved = _fingerprints(tmp_path, "---\nz: 0\ny: 0\na: 1\nb: 2\na: 3\n---\n")
    changed = _fingerprints(tmp_path, "---\na: 1\nb: 2\na: 4\n---\n")
    assert list(before) == [4] and list(moved) == [6]
    assert before[4] == moved[6]  # two lines inserted above: same fingerprint
    assert before[4] != changed[4]  # the flagged line itself changed


def test_identical_findings_get_distinct_fingerprints():
    result = Result([], [finding("same"), finding("same")])
    log = json.loads(rendered("sarif", result))
    prints = [r["partialFingerprints"]["planproof/v1"] for r in log["runs"][0]["results"]]
    assert len(set(prints)) == 2 and prints[0].split(":")[0] == prints[1].split(":")[0]


# --- GitHub annotations ------------------------------------------------------------------------

def test_github_escapes_data_and_properties_like_the_actions_toolkit():
    assert github.escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    nasty = finding("50% of 3: done,\nreally", path="docs/a,b:c.md", hint="quote it")
    line = rendered("github", Result([], [nasty]), quiet=True).splitlines()[0]
    assert line == ("::error file=docs/a%2Cb%3Ac.md,line=3,col=5,endLine=3,endColumn=9,"
                    "title=PP110 yaml-syntax-error::50%25 of 3: done,%0Areally%0Ahint: quote it")


def test_github_levels_and_real_run(tree):
    out = rendered("github", lint()).splitlines()
    assert out[0].startswith("::error file=docs/plans/broken.md,line=3,")
    assert out[1].startswith("::warning file=docs/plans/duplicate.md,line=3,")
    assert out[-1].startswith("Found 2 findings")
    info = rendered("github", Result([], [finding("x", Severity.INFO)]), quiet=True)
    assert info.startswith("::notice file=docs/x.md,")


def test_github_says_how_many_annotations_were_not_shown():
    findings = ([finding(f"e{i}", line=i + 1) for i in range(13)]
                + [finding(f"w{i}", Severity.WARNING, line=i + 1) for i in range(10)]
                + [finding(f"n{i}", Severity.INFO, line=i + 1) for i in range(11)])
    out = rendered("github", Result([], findings), quiet=True).splitlines()
    assert sum(line.startswith("::error ") for line in out) == 13  # all printed
    assert sum(line.startswith("::notice ") for line in out) == 11
    assert out[-1].startswith("planproof: 3 errors, 1 notice not shown as annotations")
    few = rendered("github", Result([], findings[:10]), quiet=True)
    assert "not shown" not in few


# --- JUnit -------------------------------------------------------------------------------------

def test_junit_has_a_testcase_per_document_and_a_failure_per_failing_finding(tree):
    xml = rendered("junit", lint())
    root = ET.fromstring(xml)
    # broken.md has an error (a failure); duplicate.md only a warning: listed, not failed
    assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "1"
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert set(cases) == {"docs/clean.md", "docs/plans/broken.md", "docs/plans/duplicate.md"}
    assert cases["docs/clean.md"].find("failure") is None
    (failure,) = cases["docs/plans/broken.md"].findall("failure")
    assert failure.get("type") == "PP110 yaml-syntax-error"
    assert failure.text.startswith("docs/plans/broken.md:3:")
    duplicate = cases["docs/plans/duplicate.md"]
    assert duplicate.find("failure") is None
    assert duplicate.find("system-out").text.startswith("[warning] docs/plans/duplicate.md:3:")


def test_junit_strict_fails_warnings_too(tree):
    root = ET.fromstring(rendered("junit", lint(), strict=True))
    assert root.get("failures") == "2"
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert cases["docs/plans/duplicate.md"].find("failure") is not None


def test_junit_info_only_run_has_no_failed_test():
    result = Result([], [finding("advice", Severity.INFO), finding("more", Severity.INFO, line=9)])
    root = ET.fromstring(rendered("junit", result))
    assert root.get("failures") == "0" and root.find(".//failure") is None
    assert "[info] docs/x.md:3:5: PP110 advice" in root.find(".//system-out").text


@pytest.fixture(scope="module")
def junit_schema():
    import xmlschema  # in the test extra

    return xmlschema.XMLSchema(str(REPO / "tests" / "fixtures" / "junit.xsd"))


def test_junit_validates_against_the_common_junit_schema(tree, junit_schema):
    errors = [finding("bad <b>&", path="docs/<a>&.md", hint="x < y"),
              finding("warned", Severity.WARNING), finding("noted", Severity.INFO, line=8)]
    for result in (lint(), Result([], errors), Result([], [])):
        for strict in (False, True):
            xml = rendered("junit", result, strict=strict)
            junit_schema.validate(xml)  # raises with the offending element and attribute


def test_the_schema_rejects_what_it_should(junit_schema):
    """The check above can fail: a `file` attribute on <testcase> is not in the common schema."""
    bad = ('<testsuites><testsuite name="p" tests="1" failures="0" errors="0">'
           '<testcase name="a" file="a.md"/></testsuite></testsuites>')
    assert not junit_schema.is_valid(bad)
    assert junit_schema.is_valid(bad.replace(' file="a.md"', ""))


def test_junit_escapes_markup_and_drops_characters_xml_cannot_carry():
    evil = finding('<b>&"quoted"</b> ]]> \x00\x1b end', path="docs/<a>&.md", hint="x < y")
    xml = rendered("junit", Result([], [evil, finding("second", path="docs/<a>&.md", line=9)]))
    root = ET.fromstring(xml)  # parses: well-formed
    (case,) = root.iter("testcase")
    assert case.get("name") == "docs/<a>&.md"
    first, second = case.findall("failure")
    assert '<b>&"quoted"</b> ]]> \ufffd\ufffd end' in first.get("message")
    assert "hint: x < y" in first.text
    assert second.get("message").endswith("second")


# --- through the command line ------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "json", "text"])
def test_output_file_option_writes_the_report(tree, run_cli, fmt):
    code, output, _ = run_cli("lint", "docs", "--select", "PP1", "--format", fmt,
                              "-o", "report.out")
    assert code == 1 and output == ""
    written = Path("report.out").read_text(encoding="utf-8")
    assert "PP110" in written
    if fmt == "sarif":
        json.loads(written)
    if fmt == "junit":
        ET.fromstring(written)


def test_paths_are_relative_to_the_git_work_tree_holding_the_root(tmp_path, write, monkeypatch):
    import subprocess

    write("repo/services/api/.planning/notes.md", DUPLICATE)
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    monkeypatch.chdir(tmp_path / "repo" / "services" / "api")
    result = lint(".planning")
    options = {"root": str(tmp_path / "repo" / "services" / "api")}  # verify --root services/api
    log = json.loads(rendered("sarif", result, **options))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "services/api/.planning/notes.md"
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (tmp_path / "repo").as_uri() + "/"
    annotation = rendered("github", result, quiet=True, **options)
    assert annotation.startswith("::warning file=services/api/.planning/notes.md,line=3,")
    junit = ET.fromstring(rendered("junit", result))
    assert [c.get("name") for c in junit.iter("testcase")] == ["services/api/.planning/notes.md"]


def test_readme_ci_recipe_runs_and_its_sarif_is_valid(tmp_path, sarif_validator, monkeypatch):
    import subprocess
    import sys

    import yaml

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    recipe = yaml.safe_load(readme.split("\n## CI\n", 1)[1].split("```yaml\n", 1)[1].split("```")[0])
    steps = recipe["jobs"]["planproof"]["steps"]
    commands = [step["run"] for step in steps if "run" in step and step["run"].startswith("planproof")]
    assert any("--format github" in c for c in commands)
    sarif_step = next(c for c in commands if "--format sarif" in c)
    upload = next(step for step in steps if step.get("uses", "").startswith(
        "github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] in sarif_step
    assert recipe["jobs"]["planproof"]["permissions"]["security-events"] == "write"
    # the same commands on the demo project (git checkout root = the demo's copy)
    demo = tmp_path / "demo"
    shutil.copytree(REPO / "fixtures" / "demo", demo)
    subprocess.run(["git", "init", "-q", str(demo)], check=True)
    monkeypatch.chdir(demo)
    planproof = [sys.executable, "-m", "planproof"]
    for command in commands:
        done = subprocess.run(planproof + command.split()[1:], capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
    log = json.loads((demo / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert_valid(sarif_validator, log)
    for result in log["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith(".planning/") and (demo / uri).is_file()
