"""What CI systems need beyond the basic formats: SARIF capped at GitHub's 25,000 results per run
with a note, rule help URIs from [project.urls], annotations that never put columns on a
multi-line region, and the GitLab Code Quality report."""

from __future__ import annotations

import json
from pathlib import Path

from planproof.engine import Result
from planproof.findings import Finding, Severity
from planproof.report import github, sarif
from test_formats import assert_valid, lint, rendered, sarif_validator, tree  # noqa: F401


def finding(line: int, severity=Severity.ERROR, end_line=None, end_column=9) -> Finding:
    return Finding("PP110", "yaml-syntax-error", severity, "docs/x.md", line, 5,
                   end_line or line, end_column, f"problem on line {line}")


def test_sarif_keeps_at_most_25000_results_errors_first(monkeypatch, tmp_path,
                                                        sarif_validator):  # noqa: F811
    monkeypatch.setattr(sarif, "MAX_RESULTS", 2)
    findings = [finding(1, Severity.INFO), finding(2, Severity.WARNING), finding(3),
                finding(4, Severity.INFO)]
    log = json.loads(rendered("sarif", Result([], findings), root=str(tmp_path)))
    assert_valid(sarif_validator, log)
    run = log["runs"][0]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in run["results"]] == [2, 3]  # the warning and the error, in report order
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["message"]["text"].startswith("2 of 4 results were left out")
    assert "--format json" in note["message"]["text"]


def test_sarif_is_not_cut_below_the_limit_and_the_real_limit_is_githubs():
    assert sarif.MAX_RESULTS == 25_000
    kept, cut = sarif.capped([finding(n) for n in range(1, 4)])
    assert cut == 0 and len(kept) == 3


def test_rules_link_to_their_documentation(tree):  # noqa: F811
    log = json.loads(rendered("sarif", lint()))
    driver = log["runs"][0]["tool"]["driver"]
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert f'Homepage = "{driver["informationUri"]}"' in pyproject
    for rule in driver["rules"]:
        assert rule["helpUri"].endswith(f"docs/rules.md#{rule['id'].lower()}-{rule['name']}")
    docs = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "\n## PP110 yaml-syntax-error\n" in docs  # the anchor GitHub renders for the link


def test_github_annotations_give_columns_only_on_one_line():
    multi = github.annotation(finding(3, end_line=5, end_column=2), "docs/x.md")
    assert "line=3,endLine=5,title=" in multi and "col=" not in multi
    one = github.annotation(finding(3, end_column=9), "docs/x.md")
    assert "line=3,col=5,endLine=3,endColumn=9,title=" in one
    point = github.annotation(finding(3, end_column=5), "docs/x.md")
    assert "line=3,col=5,title=" in point


def test_gitlab_code_quality_report(tree):  # noqa: F811
    report = json.loads(rendered("gitlab", lint()))
    assert {issue["location"]["path"] for issue in report} == {"docs/plans/broken.md",
                                                               "docs/plans/duplicate.md"}
    broken = next(i for i in report if i["location"]["path"] == "docs/plans/broken.md")
    assert broken["check_name"] == "PP110 yaml-syntax-error" and broken["severity"] == "major"
    assert broken["location"]["lines"] == {"begin": 3, "end": 3}
    assert broken["description"].startswith("PP110 YAML syntax error")
    duplicate = next(i for i in report if i["location"]["path"] == "docs/plans/duplicate.md")
    assert duplicate["severity"] == "minor"
    for issue in report:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}


def test_gitlab_fingerprints_are_unique_and_stable():
    twice = [finding(3), finding(3)]
    first = json.loads(rendered("gitlab", Result([], twice)))
    again = json.loads(rendered("gitlab", Result([], twice)))
    assert len({i["fingerprint"] for i in first}) == 2
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in again]
