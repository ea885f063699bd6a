"""Fixes: every fix is applied to a real file and the file is linted again (the finding is gone,
nothing new appears); only the replaced bytes change; --diff changes nothing; a file changed
since it was read is not overwritten."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

from conftest import dedent
from coverage_helpers import generated
from planproof import fix, pipeline
from planproof.cli.commands import cli
from planproof.config import Settings
from planproof.findings import Finding, Severity
from planproof.rules import all_rules
from verify_helpers import make_repo

RULES = all_rules()


def _settings(**extra) -> Settings:
    return Settings(cache=False, jobs=1, **extra)


def fix_and_relint(path, settings: Settings, mode="lint", unsafe=True):
    """(findings before, outcome, findings after) of a real --fix run on `path`."""
    run = lambda: pipeline.run([str(path)], settings, mode)  # noqa: E731
    before = run().findings
    after, outcome = fix.fix_run(run, settings, unsafe)
    return before, outcome, after.findings


def assert_fixed(code, before, outcome, after, allowed=()):
    assert code in [f.code for f in before]
    assert code in [f.code for f in outcome.files[0].findings] if outcome.files else False
    assert code not in [f.code for f in after], [f.message for f in after if f.code == code]
    new = {(f.code, f.message) for f in after if f.code not in allowed} - {
        (f.code, f.message) for f in before}
    assert not new, f"the fix for {code} brought new findings: {new}"


LINT_FIXES = ["PP110", "PP310", "PP204", "PP205", "PP404"]


@pytest.mark.parametrize("code", LINT_FIXES)
def test_the_bad_example_of_each_fixable_lint_rule_is_fixed(tmp_path, code):
    rule = RULES[code]
    target = tmp_path / rule.example_path
    target.write_text(rule.bad, encoding="utf-8")
    # PP204/PP205 are advice: fixed when opted in. A PP110 document had no frontmatter to check
    # before its fix; afterwards the schema rules see it, so the reading rules are compared.
    settings = _settings(select=["PP1"]) if code == "PP110" else _settings(extend_select=[code])
    assert_fixed(code, *fix_and_relint(target, settings))


YAML_CASES = {
    "colon": ("objective: Fix the login bug: sessions expire\n",
              'objective: "Fix the login bug: sessions expire"\n'),
    "backtick": ("verify: `pytest -q` passes\n", 'verify: "`pytest -q` passes"\n'),
    "at in a flow list": ("tags: [api, @team/web]\n", 'tags: [api, "@team/web"]\n'),
    "colon in a list item": ("notes:\n  - key: a: b\n", 'notes:\n  - key: "a: b"\n'),
    "backslash: single quotes": ("path: C:\\dir: x\n", "path: 'C:\\dir: x'\n"),
    "two errors, two passes": ("a: x: y\nb: `z`\n", 'a: "x: y"\nb: "`z`"\n'),
    "quoted part, then text": ('notes:\n  - "PostHog: Flags" entry\n',
                               'notes:\n  - \'"PostHog: Flags" entry\'\n'),
    "a list item that is a sentence": ("created:\n  - a.md (status: [x] -> [])\n",
                                       'created:\n  - "a.md (status: [x] -> [])"\n'),
}


@pytest.mark.parametrize("case", YAML_CASES)
def test_yaml_values_are_quoted_and_every_other_byte_is_kept(tmp_path, case):
    broken, fixed = YAML_CASES[case]
    body = "# Plan\r\n\r\nText: stays  as it is \r\n"
    head = '\ufeff---\r\nphase: "01"   # a comment\r\n'
    target = tmp_path / "01-01-PLAN.md"
    target.write_bytes((head + broken.replace("\n", "\r\n") + "---\r\n" + body).encode())
    before, outcome, after = fix_and_relint(target, _settings(select=["PP1"]), unsafe=False)
    assert_fixed("PP110", before, outcome, after)
    assert target.read_bytes() == (head + fixed.replace("\n", "\r\n") + "---\r\n" + body).encode()


@pytest.mark.parametrize("text", [
    "objective: Fix the bug: now\n  and later\n",  # the value goes on below: not one line
    "objective: Fix the bug: now # why\n",  # a comment or part of the value? not guessed
    "a:\n  b: c\n  d: e: f: g\n    h: i\n",  # children below
])
def test_yaml_errors_quoting_would_not_clearly_fix_carry_no_fix(tmp_path, text):
    target = tmp_path / "01-01-PLAN.md"
    target.write_text(f"---\n{text}---\n# Plan\n", encoding="utf-8")
    findings = pipeline.run([str(target)], _settings(select=["PP110"])).findings
    assert [f.code for f in findings] == ["PP110"] and findings[0].fix is None


def test_advice_is_fixed_only_when_the_team_opted_in(tmp_path):
    target = tmp_path / "03-01-SUMMARY.md"
    target.write_text(RULES["PP204"].bad, encoding="utf-8")
    _, outcome, after = fix_and_relint(target, _settings())  # opt-in advice: not even run
    assert outcome.fixed == 0 and "PP204" not in [f.code for f in after]
    _, outcome, _ = fix_and_relint(target, _settings(extend_select=["PP204"]))
    assert outcome.fixed == 1 and "key-files:" in target.read_text()


def test_a_number_read_as_octal_is_not_quoted(tmp_path):
    target = tmp_path / "01-01-PLAN.md"
    target.write_text(RULES["PP205"].bad.replace("plan: 01", "plan: 010"), encoding="utf-8")
    findings = pipeline.run([str(target)], _settings(select=["PP205"])).findings
    assert [f.code for f in findings] == ["PP205"] and findings[0].fix is None  # 8, "010" or "08"?


def test_a_canonical_key_already_present_is_not_renamed_over(tmp_path):
    target = tmp_path / "03-01-SUMMARY.md"
    target.write_text(dedent("""
        ---
        phase: "03"
        plan: "01"
        key_files: [a.py]
        key-files: [b.py]
        ---
        """), encoding="utf-8")
    findings = pipeline.run([str(target)], _settings(select=["PP204"])).findings
    assert [f.code for f in findings] == ["PP204"] and findings[0].fix is None


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path):
    target = tmp_path / "01-01-PLAN.md"
    target.write_text("---\nobjective: a: b\n---\n", encoding="utf-8")
    settings = _settings(select=["PP110"])
    result = pipeline.run([str(target)], settings)
    target.write_text("---\nobjective: a: b\n---\nedited meanwhile\n", encoding="utf-8")
    outcome = fix.Outcome()
    assert fix.plan_fixes(result, settings, False, outcome) == []
    assert "changed since it was read" in outcome.refused[str(target)]
    with pytest.raises(fix.Unfixable):
        fix.write_atomically(str(target), b"what was read", b"new")
    assert target.read_text().endswith("edited meanwhile\n")
    assert os.listdir(tmp_path) == ["01-01-PLAN.md"]  # the temporary file is gone


def test_the_write_is_atomic_and_keeps_the_permissions(tmp_path):
    target = tmp_path / "01-01-PLAN.md"
    target.write_text("---\nobjective: a: b\n---\n", encoding="utf-8")
    os.chmod(target, 0o640)
    inode = os.stat(target).st_ino
    fix_and_relint(target, _settings(select=["PP110"]))
    assert target.read_text() == '---\nobjective: "a: b"\n---\n'
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert os.stat(target).st_ino != inode  # replaced by rename, not rewritten in place
    assert os.listdir(tmp_path) == ["01-01-PLAN.md"]


def test_a_file_that_is_not_utf8_is_not_fixed(tmp_path):
    target = tmp_path / "01-01-PLAN.md"
    target.write_bytes(b"---\nobjective: a: b\nname: caf\xe9\n---\n")
    _, outcome, _ = fix_and_relint(target, _settings(select=["PP110"]))
    assert outcome.fixed == 0 and "UTF-8" in outcome.refused[str(target)]
    assert target.read_bytes() == b"---\nobjective: a: b\nname: caf\xe9\n---\n"


# --- the command line -----------------------------------------------------------------------

def test_diff_prints_the_change_writes_nothing_and_exits_1(run_cli, tmp_path):
    target = tmp_path / "01-01-PLAN.md"
    target.write_bytes(b"---\r\nobjective: a: b\r\n---\r\n")
    done = CliRunner().invoke(cli, ["lint", str(target), "--diff", "--no-cache"])
    assert done.exit_code == 1
    assert b'-objective: a: b\r\n+objective: "a: b"\r\n' in done.stdout_bytes
    assert "Would fix 1 finding in 1 file." in done.stderr
    assert target.read_bytes() == b"---\r\nobjective: a: b\r\n---\r\n"
    target.write_text('---\nobjective: "a: b"\n---\n')
    code, output, _ = run_cli("lint", target, "--diff", "--no-cache")
    assert code == 0 and "Nothing to fix." in output


def test_fix_reports_what_it_fixed_and_what_remains(run_cli, tmp_path):
    target = tmp_path / "05-VERIFICATION.md"
    target.write_text(RULES["PP404"].bad.replace("status: gaps_found", "status: gaps_found\n"
                                                 "objective: a: b"), encoding="utf-8")
    code, output, _ = run_cli("lint", target, "--no-cache")
    assert code == 1 and "[*] 1 fixable with --fix" in output
    code, output, _ = run_cli("lint", target, "--fix", "--no-cache")
    assert code == 1  # the score is left: its fix is unsafe
    assert "Fixed 1 finding in 1 file." in output and "PP404" in output
    assert "1 more fix available with --unsafe-fixes." in output
    code, output, _ = run_cli("lint", target, "--diff", "--unsafe-fixes", "--no-cache")
    assert code == 1 and "+score: 2/3 must-haves verified" in output
    code, output, _ = run_cli("lint", target, "--fix", "--unsafe-fixes", "--no-cache")
    assert code == 0 and "Fixed 1 finding" in output and "All checks passed" in output


def test_fixes_are_in_the_json_report_and_survive_the_cache(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANPROOF_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "01-01-PLAN.md"
    target.write_text("---\nobjective: a: b\n---\n", encoding="utf-8")
    expected = {"applicability": "safe", "message": 'quote the value: "a: b"',
                "edits": [{"line": 2, "column": 12, "end_line": 2, "end_column": 16,
                           "content": '"a: b"'}]}
    for _ in range(2):  # the second run is answered from the cache
        _, _, data = run_cli("lint", target, "--format", "json", "--select", "PP110")
        assert data["findings"][0]["fix"] == expected
    code, output, _ = run_cli("lint", target, "--fix", "--select", "PP110")
    assert code == 0 and target.read_text() == '---\nobjective: "a: b"\n---\n'


# --- unsafe fixes that write measured truth (verify) ------------------------------------------

def test_line_and_test_counts_are_rewritten_from_the_repository(tmp_path):
    repo = make_repo(tmp_path / "repo", {
        "src/app.py": "a = 1\nb = 2\nc = 3\n",
        "tests/test_app.py": "def test_a(): pass\ndef test_b(): pass\n",
        ".planning/phases/01-core/01-01-SUMMARY.md": """\
            ---
            phase: "01"
            ---
            # Summary

            - `src/app.py` - the app (1,968 lines)
            - `tests/test_app.py` - ~51 tests
            """})
    settings = _settings(select=["PP5"], root=str(repo))
    doc = repo / ".planning/phases/01-core/01-01-SUMMARY.md"
    before, outcome, after = fix_and_relint(doc, settings, "verify", unsafe=False)
    assert outcome.fixed == 0
    before, outcome, after = fix_and_relint(doc, settings, "verify")
    for code in ("PP540", "PP541"):
        assert code in [f.code for f in before] and code not in [f.code for f in after]
    text = doc.read_text()
    assert "(3 lines)" in text and "~2 tests" in text


@pytest.fixture(scope="module")
def coverage_project(tmp_path_factory):
    return generated(tmp_path_factory, True)


@pytest.mark.parametrize("code", ["PP601", "PP602"])
def test_coverage_claims_are_rewritten_at_their_own_precision(tmp_path, coverage_project, code):
    rule = RULES[code]
    target = tmp_path / rule.example_path
    target.write_text(rule.bad, encoding="utf-8")
    settings = _settings(select=["PP6"], coverage=[str(coverage_project.path("coverage.json"))],
                         root=str(coverage_project.root))
    before, outcome, after = fix_and_relint(target, settings, "verify")
    assert_fixed(code, before, outcome, after, allowed=["PP600"])
    assert "PP600" in [f.code for f in after]  # the rewritten claim is now confirmed


def test_a_coverage_figure_keeps_its_decimals(tmp_path, coverage_project):
    target = tmp_path / "30-README.md"
    target.write_text("# Phase\n\n- `pkg/branchy.py` line coverage: 91.10% (11/13 lines)\n")
    settings = _settings(select=["PP6"], coverage=[str(coverage_project.path("coverage.json"))],
                         root=str(coverage_project.root))
    fix_and_relint(target, settings, "verify")
    assert target.read_text() == "# Phase\n\n- `pkg/branchy.py` line coverage: 92.31% (12/13 lines)\n"


# --- the README's commands --------------------------------------------------------------------

def readme_commands(heading: str) -> list[str]:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```console\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.startswith("planproof ")]


def run_planproof(command: str, cwd) -> "subprocess.CompletedProcess":
    import shlex
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "planproof", *shlex.split(command)[1:],
                           "--no-cache"], cwd=cwd, capture_output=True, text=True)


def test_the_readme_fixes_commands_run(tmp_path):
    import shutil

    from conftest import REPO

    shutil.copytree(REPO / "fixtures", tmp_path / "fixtures")
    plan = tmp_path / "fixtures/fixes/.planning/phases/02-export/02-01-PLAN.md"
    verification = plan.with_name("02-VERIFICATION.md")
    original = plan.read_bytes()
    diff, fix_run, unsafe_diff, verify_diff = (run_planproof(c, tmp_path)
                                               for c in readme_commands("Fixes"))
    assert diff.returncode == 1 and '+objective: "CSV export: one row per entry"' in diff.stdout
    # the truth PP310 reports once the frontmatter parses is in the same diff
    assert '+    - "Exported files open in a spreadsheet: columns' in diff.stdout
    assert "Would fix 2 findings in 1 file." in diff.stderr
    assert fix_run.returncode == 1, fix_run.stderr  # the score is left for --unsafe-fixes
    assert "Fixed 2 findings in 1 file." in fix_run.stderr  # PP110, then the PP310 it revealed
    assert "1 more fix available with --unsafe-fixes." in fix_run.stderr
    fixed = plan.read_text()
    assert original != plan.read_bytes() and "PP404" in fix_run.stdout
    assert '- "Exported files open in a spreadsheet: columns date, category, amount"' in fixed
    assert unsafe_diff.returncode == 1 and "+score: 2/3 must-haves verified" in unsafe_diff.stdout
    assert "score: 3/3" in verification.read_text()  # --diff wrote nothing
    assert verify_diff.returncode == 1, verify_diff.stderr
    assert "+- `tests/test_parser.py` - 6 tests for the parser and the report" in verify_diff.stdout


def test_no_count_is_rewritten_where_the_claim_counts_part_of_the_file(tmp_path):
    """Hand-judged on geo-api: a class's tests, tests added, tests failing and `Plan 01 tests`
    are not the file's count; one line more than `wc -l` is how editors count."""
    repo = make_repo(tmp_path / "repo", {
        "src/app.py": "a = 1\nb = 2\nc = 3\n",
        "tests/test_app.py": "".join(f"def test_{n}(): pass\n" for n in range(9)),
        ".planning/phases/01-core/01-01-SUMMARY.md": """\
            ---
            phase: "01"
            ---
            # Summary

            - `tests/test_app.py` - Added TestLogin class (5 tests)
            - `tests/test_app.py` | checked; `TestLogin` class with 4 tests
            - `tests/test_app.py` - Added TestLoad with 2 tests covering parsing
            - **File:** `tests/test_app.py` - 3 tests failing
            - `tests/test_app.py` - 3 Plan 01 tests + 4 other tests
            - `src/app.py` (4 lines)
            """})
    settings = _settings(select=["PP540", "PP541"], root=str(repo))
    doc = repo / ".planning/phases/01-core/01-01-SUMMARY.md"
    findings = pipeline.run([str(doc)], settings, "verify").findings
    # verify no longer calls most of these lines wrong (a class's count, tests added or failing,
    # wc -l + 1); whatever it still reports about them must carry no fix
    assert findings and all(f.fix is None for f in findings), [
        (f.line, f.message) for f in findings if f.fix]


def test_a_symlinked_document_is_fixed_through_the_link(tmp_path):
    real = tmp_path / "real" / "01-01-PLAN.md"
    real.parent.mkdir()
    real.write_text("---\nobjective: a: b\n---\n", encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "01-01-PLAN.md").symlink_to(real)
    fix_and_relint(plans / "01-01-PLAN.md", _settings(select=["PP110"]))
    assert (plans / "01-01-PLAN.md").is_symlink()
    assert real.read_text() == '---\nobjective: "a: b"\n---\n'


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: permissions do not stop writes")
def test_a_read_only_document_is_not_fixed(tmp_path):
    target = tmp_path / "01-01-PLAN.md"
    target.write_text("---\nobjective: a: b\n---\n", encoding="utf-8")
    os.chmod(target, 0o444)
    _, outcome, _ = fix_and_relint(target, _settings(select=["PP110"]))
    assert outcome.fixed == 0 and "not writable" in outcome.refused[str(target)]
    assert target.read_text() == "---\nobjective: a: b\n---\n"


def test_an_unwritable_baseline_is_a_usage_error(tmp_path, run_cli):
    target = tmp_path / "01-01-PLAN.md"
    target.write_text("# Plan\n", encoding="utf-8")
    (tmp_path / "file").write_text("")
    code, output, _ = run_cli("lint", target, "--no-cache", "--write-baseline",
                              tmp_path / "file" / "baseline.json")
    assert code == 2 and "cannot write the baseline" in output


def test_a_fix_that_does_not_remove_its_finding_is_applied_once(tmp_path):
    """A rule whose fix leaves the finding (a bug) must not rewrite the file pass after pass."""
    from planproof.engine import Result
    from planproof.findings import Edit, Fix

    target = tmp_path / "notes.md"
    target.write_text("# Notes\n", encoding="utf-8")
    stuck = Finding("PP999", "stuck", Severity.ERROR, str(target), 1, 1, 1, 2, "always",
                    fix=Fix((Edit(1, 1, 1, 1, "#"),), "add a hash"))
    runs = []

    def run():
        runs.append(1)
        return Result([pipeline.run([str(target)], _settings()).documents[0]], [stuck])

    _, outcome = fix.fix_run(run, _settings(), False)
    assert target.read_text() == "## Notes\n" and outcome.fixed == 1 and len(runs) == 2
