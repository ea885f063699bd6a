"""Coverage claims (PP6xx) on real coverage.py data: subjects with leading underscores, markdown
link targets with `..`, Total/Overall rows and the Stmts/Miss columns of a pasted report, and
the half-up note in text output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import dedent
from coverage_helpers import generated
from planproof.config import Settings
from planproof.engine import check_text
from planproof.claims.coverage_rows import clean_subject


@pytest.fixture(scope="module")
def branch(tmp_path_factory):
    return generated(tmp_path_factory, True)


@pytest.fixture(scope="module")
def underscored(tmp_path_factory):
    """A project with `pkg/_util.py` (4/5 run) beside `pkg/util.py` (2/4 run), measured by
    coverage.py."""
    root = tmp_path_factory.mktemp("underscore")
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text("")
    body = "A = 1\n\n\ndef used():\n    return 2\n\n\ndef unused():\n    return 3\n"
    (root / "pkg" / "_util.py").write_text(body)  # 4 of 5 statements run: 80%
    (root / "pkg" / "util.py").write_text("A = 1\nif A > 1:\n    B = 2\n    C = 3\n")  # 2/4: 50%
    (root / "driver.py").write_text("from pkg import _util, util\n_util.used()\n")
    subprocess.run([sys.executable, "-m", "coverage", "run", "driver.py"], cwd=root, check=True,
                   capture_output=True)
    subprocess.run([sys.executable, "-m", "coverage", "json", "-o", "coverage.json", "-q"],
                   cwd=root, check=True, capture_output=True)
    return root


def verify(text, root, data):
    findings = check_text(dedent(text), "01-01-SUMMARY.md",
                          Settings(cache=False, coverage=[str(data)], root=str(root)),
                          mode="verify")
    return [(f.line, f.code) for f in findings if f.code.startswith("PP6")], findings


@pytest.mark.parametrize("written, subject", [
    ("_make.py", "_make.py"), ("__init__.py", "__init__.py"), ("**core/x.py**", "core/x.py"),
    ("`pkg/_util.py`", "pkg/_util.py"), ("../../../src/x.py", "src/x.py"), ("_x_", "x"),
])
def test_subjects_keep_their_underscores_and_lose_dot_dot(written, subject):
    assert clean_subject(written) == subject


def test_underscored_file_is_not_confused_with_its_namesake(underscored):
    text = "# Coverage\n\n- `_util.py` coverage: 80%\n- util.py coverage: 50%\n"
    verdicts, _ = verify(text, underscored, underscored / "coverage.json")
    assert verdicts == [(3, "PP600"), (4, "PP600")]


def test_markdown_link_target_with_dot_dot_is_matched(branch):
    text = "# Coverage\n\n- [models](../../../pkg/core/models.py) coverage: 86%\n"
    verdicts, _ = verify(text, branch.root, branch.path("coverage.json"))
    assert verdicts == [(3, "PP600")]


def test_total_rows_and_report_columns_are_checked(branch):
    rows = branch.rows(0)
    models, total = rows["pkg/core/models.py"], rows["TOTAL"]
    wrong_miss = int(models["Miss"]) + 1
    text = f"""
        # Coverage

        | Name | Stmts | Miss | Cover |
        |---|---|---|---|
        | pkg/core/models.py | {models["Stmts"]} | {wrong_miss} | {models["Cover"]} |
        | TOTAL | {total["Stmts"]} | {total["Miss"]} | 25% |
    """
    verdicts, findings = verify(text, branch.root, branch.path("coverage.json"))
    assert verdicts == [(5, "PP602"), (6, "PP601")]
    [refuted_total] = [f for f in findings if f.code == "PP601"]
    assert refuted_total.evidence["measured"]["display"] == total["Cover"]


@pytest.mark.parametrize("label, value, code", [
    ("**Total**", "30%", "PP601"), ("Overall", "20%", "PP600"), ("TOTAL", "20%", "PP600"),
])
def test_total_and_overall_rows_of_a_coverage_table(branch, label, value, code):
    text = f"# Coverage\n\n| File | Coverage |\n|---|---|\n| {label} | {value} |\n"
    verdicts, _ = verify(text, branch.root, branch.path("coverage.json"))
    assert verdicts == [(5, code)]


def test_half_up_note_is_in_the_message(branch):
    text = "# Coverage\n\n- `pkg/round_1_8.py` coverage: 13%\n"
    _, findings = verify(text, branch.root, branch.path("coverage.json"))
    [finding] = [f for f in findings if f.code == "PP600"]
    assert "coverage.py prints 12%, not 13%" in finding.message


def test_a_coverage_report_pasted_in_a_fence_is_checked(branch):
    report = branch.report0.splitlines()
    header, rule, rows = report[0], report[1], report[2:]
    wrong = [r.replace("1017", "1000").replace("20%", "21%") if r.startswith("TOTAL") else r
             for r in rows]
    text = "# Coverage\n\n```\n" + "\n".join([header, rule, *wrong]) + "\n```\n"
    verdicts, findings = verify(text, branch.root, branch.path("coverage.json"))
    total_line = 6 + next(i for i, r in enumerate(rows) if r.startswith("TOTAL"))
    files = [r for r in rows if r.strip() and not r.startswith(("TOTAL", "-"))]
    assert (total_line, "PP601") in verdicts and (total_line, "PP602") in verdicts
    assert [code for line, code in verdicts if line != total_line] == ["PP600"] * len(files)
    clean = "# Coverage\n\n```\n" + branch.report0 + "```\n"
    verdicts, _ = verify(clean, branch.root, branch.path("coverage.json"))
    assert {code for _, code in verdicts} == {"PP600"}
