"""PP6xx rules end to end on real coverage.py and pytest data: every rule's examples, verdicts
with evidence, the same verdicts from all four data formats, and claims that must stay silent."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import dedent
from coverage_helpers import generated, generated_junit
from example_positions import assert_reported_at
from planproof.config import Settings
from planproof.engine import check_text
from planproof.rules import all_rules

PP6 = sorted(code for code in all_rules() if code.startswith("PP6"))
DATA_CHECKABLE = ["PP600", "PP601", "PP602", "PP603", "PP604", "PP605", "PP606", "PP610",
                  "PP611", "PP612"]


@pytest.fixture(scope="module")
def branch(tmp_path_factory):
    return generated(tmp_path_factory, True)


@pytest.fixture(scope="module")
def junit_xml(tmp_path_factory):
    return generated_junit(tmp_path_factory)


def verify(text, path="01-01-SUMMARY.md", **settings):
    findings = check_text(dedent(text), path, Settings(cache=False, **settings), mode="verify")
    return [f for f in findings if f.code.startswith("PP6") or f.code == "PP000"]


def codes(findings):
    return [f.code for f in findings]


@pytest.mark.parametrize("code", DATA_CHECKABLE)
def test_rule_examples_on_generated_data(branch, junit_xml, code):
    rule = all_rules()[code]
    settings = dict(coverage=[str(branch.path("coverage.json"))], junit=[str(junit_xml)],
                    root=str(branch.root))
    assert_reported_at(rule, verify(rule.bad, rule.example_path, **settings))
    found = codes(verify(rule.good, rule.example_path, **settings))
    assert code not in found and "PP000" not in found


def test_every_pp6_rule_has_an_example_test():
    assert set(PP6) == set(DATA_CHECKABLE) | {"PP607", "PP608", "PP609", "PP613"}
    unpinned = {code for code in PP6 if all_rules()[code].at is None}
    assert unpinned == set(PP6) - set(DATA_CHECKABLE), "only examples no data test runs have no position"


def test_pp607_stale_when_a_source_changed_after_the_data(branch, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(branch.root, project)
    rule = all_rules()["PP607"]
    settings = dict(coverage=[str(project / "coverage.json")], root=str(project))
    assert codes(verify(rule.bad, **settings)) == ["PP600"]
    source = project / "pkg" / "core" / "models.py"
    later = os.stat(project / "coverage.json").st_mtime + 120
    os.utime(source, (later, later))
    found = verify(rule.bad, **settings)
    assert codes(found) == ["PP607"]
    assert found[0].evidence["changed_after_data"][0]["file"] == "pkg/core/models.py"
    assert found[0].evidence["verdict"] == "stale"
    assert codes(verify(rule.good, **settings)) == []


def test_pp608_unreadable_data_reported_once(tmp_path):
    bad = tmp_path / "coverage.json"
    bad.write_text("{broken")
    rule = all_rules()["PP608"]
    text = rule.bad + "\nCoverage of `pkg/branchy.py`: 85.71%\n"
    found = verify(text, coverage=[str(bad)], root=str(tmp_path))
    assert codes(found) == ["PP608"]
    assert found[0].hint and "not valid JSON" in found[0].message
    assert codes(verify(rule.good, coverage=[str(bad)], root=str(tmp_path))) == []


def test_pp609_claims_without_data(tmp_path):
    rule = all_rules()["PP609"]
    found = verify(rule.bad, root=str(tmp_path))
    assert codes(found) == ["PP609"]
    assert found[0].evidence["claims"] == ["15.70%"]
    assert codes(verify(rule.good, root=str(tmp_path))) == []


def test_pp613_unreadable_junit(tmp_path):
    bad = tmp_path / "junit.xml"
    bad.write_text("<testsuites><testcase")
    rule = all_rules()["PP613"]
    assert codes(verify(rule.bad, junit=[str(bad)], root=str(tmp_path))) == ["PP613"]
    assert codes(verify(rule.good, junit=[str(bad)], root=str(tmp_path))) == []


DOC = """\
    ---
    phase: 01
    completed: 2026-11-20
    ---
    # Coverage report

    | File | Coverage |
    |---|---|
    | `pkg/core/models.py` | 86.21% |
    | `pkg/branchy.py` | 90% |

    - Measured coverage: 19.73% overall
    - `pkg/util/models.py` coverage: 46%
    - `pkg/round_201_202.py` coverage: 99%
    - `pkg/round_1_8.py` coverage: 12%
    - `pkg/round_1_1001.py` coverage: 1%
    """


@pytest.mark.parametrize("fmt", ["coverage.json", "coverage.xml", "lcov.info", ".coverage"])
def test_same_verdicts_from_all_four_formats(branch, fmt):
    found = verify(DOC, coverage=[str(branch.path(fmt))], root=str(branch.root))
    verdicts = [(f.line, f.code) for f in found]
    assert verdicts == [(9, "PP600"), (10, "PP601"), (12, "PP600"), (13, "PP600"),
                        (14, "PP600"), (15, "PP600"), (16, "PP600")]
    refuted = found[1]
    assert refuted.evidence["claimed"] == "90%"
    assert refuted.evidence["measured"]["display"] == "86%"
    assert refuted.evidence["formula"].startswith("100 * (covered_lines + covered_branches)")
    assert refuted.evidence["document_date"] == "2026-11-20"
    assert refuted.evidence["data_timestamp"]
    assert refuted.evidence["data"]["branch"] is True


def test_naive_rounding_is_refuted(branch):
    text = """\
        # Coverage
        - `pkg/round_201_202.py` coverage: 100%
        - `pkg/round_1_1001.py` coverage: 0%
        """
    found = verify(text, coverage=[str(branch.path("coverage.json"))], root=str(branch.root))
    assert [(f.code, f.evidence["measured"]["display"]) for f in found] == \
        [("PP601", "99%"), ("PP601", "1%")]


def test_half_up_rounding_of_an_exact_tie_is_accepted_with_a_note(branch):
    text = "# Coverage\n\n- `pkg/round_1_8.py` coverage: 13%\n"
    found = verify(text, coverage=[str(branch.path("coverage.json"))], root=str(branch.root))
    assert codes(found) == ["PP600"]
    assert "round-half-even" in found[0].evidence["note"]


def test_line_only_data_and_a_branch_claim(tmp_path_factory):
    lines = generated(tmp_path_factory, False)
    text = "# Coverage\n\n- `pkg/branchy.py` branch coverage: 75%\n"
    found = verify(text, coverage=[str(lines.path("coverage.json"))], root=str(lines.root))
    assert codes(found) == ["PP603"]
    assert "without branch measurement" in found[0].message


def test_explicit_line_coverage_claim_compares_line_rate(branch):
    text = "# Coverage\n\n- `pkg/branchy.py` line coverage: 92.31%\n"
    found = verify(text, coverage=[str(branch.path("coverage.json"))], root=str(branch.root))
    assert codes(found) == ["PP600"]


def test_counts_are_checked_exactly(branch):
    text = """\
        # Phase README
        1. **COV-01**: pkg/core/models.py reaches 80% coverage
           - Current: 86.21% (20/21 lines)
           - Status: **ALREADY EXCEEDS TARGET**
        2. **COV-02**: pkg/branchy.py reaches 95% coverage
           - Current: 85.71% (11/13 lines)
           - Target: 95% (+2 lines)
        """
    found = verify(text, "30-README.md", coverage=[str(branch.path("coverage.json"))],
                   root=str(branch.root))
    assert [(f.line, f.code) for f in found] == [(2, "PP600"), (3, "PP600"), (6, "PP602")]
    assert found[2].evidence["claimed_counts"] == "11/13"
    assert found[2].evidence["measured_counts"] == "12/13"


def test_claims_that_are_not_measurements_stay_silent(branch, junit_xml):
    text = """\
        # Plan notes
        - Target: 90% coverage for `pkg/core/models.py`
        - More tests for `pkg/branchy.py` (need 20% → 50%)
        - 3/6 files at 50%+ coverage
        - `tests/unit/test_api.py` coverage: 20%
        - Reduce `pkg/core/models.py` size by 20%
        - All unit tests pass
        - 24/51 ORM tests passing
        - 5/9 unit tests passing, all 9 unit tests pass
        - `pytest tests/unit/test_api.py::TestAccount` 1/1 passed
        - 2/2 new tests pass in `tests/unit/test_api.py`
        - Coverage Impact: +5% (pkg/branchy.py: 21% → 80%)

        ```
        pkg/core/models.py coverage: 10%
        ```
        """
    found = verify(text, coverage=[str(branch.path("coverage.json"))], junit=[str(junit_xml)],
                   root=str(branch.root))
    assert found == []


def test_plan_expectations_are_not_test_results(branch, junit_xml):
    text = """\
        ---
        phase: 01
        plan: 01
        ---
        <tasks>
        <task type="auto">
          <verify>All tests pass.</verify>
        </task>
        </tasks>

        All tests pass.
        """
    found = verify(text, "01-01-PLAN.md", junit=[str(junit_xml)], root=str(branch.root))
    assert found == []


def test_junit_claims(branch, junit_xml):
    text = """\
        ---
        verified: 2026-11-20T10:00:00Z
        ---
        # Verification
        - `tests/unit/test_api.py`: 7 tests, 3 passing
        - `tests/integration/test_api.py`: 2/2 passing
        - 5/9 tests passing
        - All tests pass
        - 9 tests, 6 passing
        """
    found = verify(text, "01-VERIFICATION.md", junit=[str(junit_xml)], root=str(branch.root))
    assert [(f.line, f.code) for f in found] == [(5, "PP610"), (6, "PP610"), (7, "PP610"),
                                                 (8, "PP611"), (9, "PP611")]
    refuted = found[3]
    assert refuted.evidence["measured"] == {"tests": 9, "passed": 5, "failed": 1, "errors": 1,
                                            "skipped": 2}
    assert refuted.evidence["document_date"] == "2026-11-20T10:00:00Z"
    assert refuted.evidence["data"]["duplicates_merged"] == 1


def test_cli_verify_with_coverage_and_junit(branch, junit_xml, run_cli, tmp_path):
    doc = tmp_path / "01-01-SUMMARY.md"
    doc.write_text(dedent(DOC) + "- `tests/unit/test_api.py`: 7 tests, 3 passing\n")
    code, output, parsed = run_cli("verify", doc, "--coverage", branch.data, "--junit", junit_xml,
                                   "--root", branch.root, "--select", "PP6", "--format", "json")
    assert code == 1  # PP601 is an error
    found = [(f["line"], f["code"]) for f in parsed["findings"]]
    assert (10, "PP601") in found and (17, "PP610") in found
    data = next(f for f in parsed["findings"] if f["code"] == "PP601")["evidence"]["data"]
    assert data["format"] == "coverage.py data" and data["coverage_config"].endswith(".coveragerc")
    assert sorted(p.name for p in branch.root.glob(".coverage*")) == [".coverage", ".coveragerc"]


def test_cli_coverage_config_option(branch, run_cli, tmp_path):
    config = tmp_path / "plain.cfg"
    config.write_text("[run]\n")
    doc = tmp_path / "01-01-SUMMARY.md"
    # with the project's .coveragerc models.py has 21 statements; without it 22
    doc.write_text("# S\n\n- `pkg/core/models.py` coverage: 86.21% (20/21 lines)\n")
    base = ["verify", doc, "--coverage", branch.data, "--root", branch.root, "--select", "PP6",
            "--format", "json"]
    _, _, parsed = run_cli(*base)
    assert [f["code"] for f in parsed["findings"]] == ["PP600"]
    _, _, parsed = run_cli(*base, "--coverage-config", config)
    assert "PP602" in [f["code"] for f in parsed["findings"]]


DEMO_DATA = {".coverage", "coverage.json", "coverage.xml", "lcov.info", "junit.xml"}


def test_the_readme_demo(tmp_path, run_cli):
    """The README's commands, run on a copy of fixtures/coverage-demo with freshly made data."""
    import subprocess
    import sys

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Coverage and test-result claims", 1)[1].split("\n## ", 1)[0]
    assert "python fixtures/coverage-demo/make_data.py" in section
    demo = tmp_path / "coverage-demo"
    shutil.copytree(REPO / "fixtures" / "coverage-demo", demo,
                    ignore=lambda folder, names: [n for n in names if n in DEMO_DATA])
    made = subprocess.run([sys.executable, str(demo / "make_data.py")], capture_output=True,
                          text=True)
    assert made.returncode == 0, made.stderr
    code, _, parsed = run_cli("verify", demo / ".planning", "--root", demo, "--junit",
                              demo / "junit.xml", "--select", "PP6", "--format", "json")
    assert code == 1
    assert [(f["line"], f["code"]) for f in parsed["findings"]] == [
        (14, "PP600"), (15, "PP603"), (16, "PP600"), (18, "PP601"), (19, "PP600"), (20, "PP602"),
        (21, "PP600"), (22, "PP604"), (26, "PP610"), (27, "PP611"), (28, "PP611")]
    for data in (".coverage", "lcov.info", "coverage.xml"):
        _, _, other = run_cli("verify", demo / ".planning", "--root", demo, "--coverage",
                              demo / data, "--select", "PP6", "--format", "json")
        assert [(f["line"], f["code"]) for f in other["findings"]] == [
            (f["line"], f["code"]) for f in parsed["findings"] if f["line"] < 26]


def test_targets_are_met_the_way_fail_under_decides(branch):
    text = """\
        # Coverage
        - `pkg/round_201_202.py` coverage reaches 99.5% ✅ achieved
        - `pkg/round_201_202.py` coverage reaches 100% ✅ achieved
        - `pkg/round_1_8.py` coverage reaches 50% (not met)
        - `pkg/core/models.py` coverage: +5%
        """
    found = verify(text, coverage=[str(branch.path("coverage.json"))], root=str(branch.root))
    assert [(f.line, f.code) for f in found] == [(2, "PP600"), (3, "PP604")]


def test_coverage_data_is_found_at_the_runs_root_not_the_working_directory(branch, tmp_path,
                                                                             monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "coverage.json").write_text("{not coverage data")  # PP608 if it were read
    monkeypatch.chdir(elsewhere)
    rule = all_rules()["PP601"]
    assert codes(verify(rule.good, rule.example_path, root=str(branch.root))) == ["PP600"]


def test_data_files_are_read_once_per_run(branch, junit_xml, monkeypatch):
    """Several documents, several PP6xx rules: one verdict pass, each data file read once."""
    from planproof.evidence import junit as junit_module
    from planproof.evidence.coverage import readers

    reads = []
    for module, name in ((junit_module, "read_junit"), (readers, "read_json")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda path, real=real: reads.append(path) or real(path))
    text = """\
        <!-- file: .planning/phases/01-a/01-01-SUMMARY.md -->
        # Summary
        - Coverage of `pkg/core/models.py`: 86.21%
        - `tests/unit/test_api.py`: 7 tests, 3 passing
        <!-- file: .planning/phases/01-a/01-02-SUMMARY.md -->
        # Summary
        - Coverage of `pkg/core/models.py`: 97.39%
        - All tests pass
        """
    found = verify(text, ".planning/phases/01-a/01-01-SUMMARY.md",
                   coverage=[str(branch.path("coverage.json"))], junit=[str(junit_xml)],
                   root=str(branch.root))
    assert sorted(codes(found)) == ["PP600", "PP601", "PP610", "PP611"]
    assert sorted(reads) == sorted([str(junit_xml), str(branch.path("coverage.json"))])
