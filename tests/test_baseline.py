"""Baselines through the real CLI: record what exists, report only what is new, survive lines
inserted above, report entries that no longer match, and share the SARIF fingerprint."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import dedent
from planproof import baseline, pipeline
from planproof.cli.commands import cli
from planproof.config import Settings
from planproof.report import ReportOptions
from planproof.report.sarif import FINGERPRINT_KEY, build

PLAN = dedent("""
    ---
    phase: "01"
    plan: "01"
    type: execute
    wave: 1
    depends_on: []
    files_modified: [src/app.py]
    autonomous: true
    verified: 2025-01-01
    verified: 2025-02-01
    ---
    # Plan
    """)


def invoke(*args, cwd=None):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def project(tmp_path):
    plans = tmp_path / ".planning"
    plans.mkdir()
    (plans / "01-01-PLAN.md").write_text(PLAN, encoding="utf-8")
    return plans


def test_only_findings_not_in_the_baseline_are_reported(tmp_path):
    plans = project(tmp_path)
    recorded = tmp_path / "baseline.json"
    code, _, err = invoke("lint", plans, "--strict", "--no-cache", "--write-baseline", recorded)
    assert code == 0 and "Wrote 1 finding to" in err
    entries = json.loads(recorded.read_text())["findings"]
    assert [(e["code"], e["path"]) for e in entries] == [("PP111", ".planning/01-01-PLAN.md")]
    assert invoke("lint", plans, "--strict", "--no-cache", "--baseline", recorded)[0] == 0
    # lines inserted above the recorded finding, and a new finding below
    text = PLAN.replace("---\nphase", "---\n# a comment\n# another\nphase", 1)
    text = text.replace("autonomous: true", "autonomous: true\nautonomous: true")
    (plans / "01-01-PLAN.md").write_text(text, encoding="utf-8")
    code, out, err = invoke("lint", plans, "--strict", "--no-cache", "--baseline", recorded)
    assert code == 1
    assert [line.split(": ")[1].split()[0] for line in out.splitlines() if ".md:" in line] \
        == ["PP111"]
    assert "duplicate key 'autonomous'" in out and "'verified'" not in out
    assert "1 finding recorded in" in err


def test_entries_that_no_longer_match_are_reported_as_fixed(tmp_path):
    plans = project(tmp_path)
    recorded = tmp_path / "baseline.json"
    invoke("lint", plans, "--no-cache", "--write-baseline", recorded)
    (plans / "01-01-PLAN.md").write_text(PLAN.replace("verified: 2025-01-01\n", ""))
    code, out, err = invoke("lint", plans, "--no-cache", "--baseline", recorded)
    assert code == 0 and "All checks passed" in out
    assert "fixed: .planning/01-01-PLAN.md:10: PP111 duplicate key 'verified'" in err
    assert "1 baseline entry no longer match" in err
    # a run over other files says nothing about this file's entries
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.md").write_text("# Notes\n")
    assert "fixed:" not in invoke("lint", other, "--no-cache", "--baseline", recorded)[2]
    # ... unless that file is gone (deleted, or moved by archiving a milestone)
    invoke("lint", plans, "--no-cache", "--write-baseline", recorded)
    (plans / "01-01-PLAN.md").write_text(PLAN)
    invoke("lint", plans, "--no-cache", "--write-baseline", recorded)
    (plans / "01-01-PLAN.md").rename(plans / "moved.md")
    err = invoke("lint", other, "--no-cache", "--baseline", recorded)[2]
    assert "fixed: .planning/01-01-PLAN.md:10: PP111" in err


def test_repeated_findings_are_counted(tmp_path):
    plans = project(tmp_path)
    recorded = tmp_path / "baseline.json"
    invoke("lint", plans, "--no-cache", "--strict", "--write-baseline", recorded)
    twice = PLAN.replace("verified: 2025-02-01", "verified: 2025-02-01\nverified: 2025-02-01")
    (plans / "01-01-PLAN.md").write_text(twice)
    code, out, _ = invoke("lint", plans, "--no-cache", "--strict", "--baseline", recorded)
    assert code == 1 and out.count("PP111") == 1  # one of the two identical findings is new


def test_the_baseline_fingerprint_is_the_sarif_one(tmp_path):
    plans = project(tmp_path)
    result = pipeline.run([str(plans)], Settings(cache=False))
    recorded = tmp_path / "baseline.json"
    baseline.write(result, str(recorded))
    sarif = build(result, ReportOptions(root=str(tmp_path)))
    [entry] = json.loads(recorded.read_text())["findings"]
    [sarif_result] = sarif["runs"][0]["results"]
    assert sarif_result["partialFingerprints"][FINGERPRINT_KEY] == entry["fingerprint"] + ":1"


def test_the_config_key_and_bad_baselines(tmp_path, monkeypatch):
    plans = project(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".planproof.toml").write_text('baseline = "ci/planproof-baseline.json"\n')
    code, _, err = invoke("lint", plans, "--no-cache")
    assert code == 2 and "does not exist (create it with --write-baseline)" in err
    invoke("lint", plans, "--no-cache", "--write-baseline", "ci/planproof-baseline.json")
    code, out, err = invoke("lint", plans, "--no-cache", "--strict")
    assert code == 0 and "1 finding recorded in" in err
    (tmp_path / "ci/planproof-baseline.json").write_text("[1, 2]")
    code, _, err = invoke("lint", plans, "--no-cache")
    assert code == 2 and "is not a planproof baseline" in err
    (tmp_path / "ci/planproof-baseline.json").write_text(
        '{"planproof_baseline": 1, "findings": [{"code": ["PP1"], "path": 1, "fingerprint": 2}]}')
    code, _, err = invoke("lint", plans, "--no-cache")
    assert code == 2 and "is not a planproof baseline" in err
    (tmp_path / "ci/planproof-baseline.json").write_text("{not json")
    assert invoke("lint", plans, "--no-cache")[0] == 2


def test_the_readme_adoption_commands_run(tmp_path):
    import shutil

    from conftest import REPO
    from test_fix import readme_commands, run_planproof

    shutil.copytree(REPO / "fixtures", tmp_path / "fixtures")
    commands = readme_commands("Adopting on an existing repository")
    diff, fixed, written, checked = (run_planproof(c, tmp_path) for c in commands)
    assert diff.returncode == 1 and "Would fix" in diff.stderr
    assert fixed.returncode == 1 and "Fixed 2 findings in 1 file." in fixed.stderr
    assert written.returncode == 0 and "Wrote 2 findings to" in written.stderr
    assert checked.returncode == 0 and "All checks passed" in checked.stdout
    assert "2 findings recorded in fixtures/fixes/planproof-baseline.json not shown." \
        in checked.stderr
    # a new finding: only it is reported
    plan = tmp_path / "fixtures/fixes/.planning/phases/02-export/02-01-PLAN.md"
    plan.write_text(plan.read_text().replace("wave: 1\n", "wave: 1\nwave: 1\n"))
    again = run_planproof(commands[-1], tmp_path)
    assert again.returncode == 0  # a warning: the run does not fail without --strict
    assert [line.split()[1] for line in again.stdout.splitlines() if ".md:" in line] == ["PP111"]
