"""The command line end to end: discovery, exit codes, text and JSON output, parallel parity."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from planproof.cli.commands import cli
from planproof.discovery import DiscoveryError, discover

GOOD = "---\nphase: '01'\nplan: '01'\n---\n# Plan\n"
BAD = "---\nphase: '01'\nobjective: broken: yes\n---\n# Plan\n"


def test_discovery_finds_md_in_hidden_folders_and_skips_vendored_trees(tmp_path, write):
    for relative in [".planning/phases/01-a/01-01-PLAN.md", ".planning/ROADMAP.md", "docs/x.md",
                     ".git/x.md", "node_modules/p/README.md", "env/lib/x.md", "notes.txt"]:
        write(relative, GOOD)
    write("env/pyvenv.cfg", "home = /usr\n")
    found = [s.path for s in discover([str(tmp_path)])]
    relative = [os.path.relpath(p, tmp_path) for p in found]
    assert relative == [".planning/ROADMAP.md", ".planning/phases/01-a/01-01-PLAN.md", "docs/x.md"]


def test_discovery_excludes_globs_and_dedupes(tmp_path, write):
    write("a/01-01-PLAN.md", GOOD)
    write("b/01-02-PLAN.md", GOOD)
    plan = str(tmp_path / "a/01-01-PLAN.md")
    found = discover([str(tmp_path), plan], exclude=["b"])
    assert [s.abspath for s in found] == [plan]
    assert discover([str(tmp_path)], exclude=["*-PLAN.md"]) == []


def test_default_path_is_dot_planning_when_present(tmp_path, write, monkeypatch):
    write(".planning/01-01-PLAN.md", GOOD)
    write("other.md", GOOD)
    monkeypatch.chdir(tmp_path)
    assert [s.path for s in discover([])] == [os.path.join(".planning", "01-01-PLAN.md")]


def test_missing_path_is_a_usage_error(run_cli, tmp_path):
    with pytest.raises(DiscoveryError):
        discover([str(tmp_path / "nope")])
    code, output, _ = run_cli("lint", tmp_path / "nope")
    assert code == 2
    assert "path does not exist" in output


def test_exit_codes_and_text_output(run_cli, write):
    good = write("p/01-01-PLAN.md", GOOD)
    bad = write("q/01-01-PLAN.md", BAD)
    code, output, _ = run_cli("lint", good, "--select", "PP1")
    assert code == 0
    assert "All checks passed (1 file checked)." in output
    code, output, _ = run_cli("lint", bad, "--select", "PP1")
    assert code == 1
    assert f"{bad}:3:18: PP110 YAML syntax error" in output
    assert "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file." in output


def test_warnings_fail_only_with_strict(run_cli, write):
    doc = write("01-01-PLAN.md", "---\nphase: '01'\nphase: '02'\n---\n")
    assert run_cli("lint", doc, "--select", "PP111")[0] == 0
    assert run_cli("lint", doc, "--select", "PP111", "--strict")[0] == 1
    assert run_cli("lint", doc, "--select", "PP111", "--strict", "--exit-zero")[0] == 0


def test_unknown_rule_code_is_a_usage_error(run_cli, write):
    doc = write("01-01-PLAN.md", GOOD)
    code, output, _ = run_cli("lint", doc, "--select", "PP9Z")
    assert code == 2
    assert "PP9Z" in output


def test_json_contract(run_cli, write, tmp_path):
    write("t/01-01-PLAN.md", BAD)
    write("t/02-VERIFICATION.md", GOOD)
    code, _, data = run_cli("lint", tmp_path / "t", "--format", "json", "--select", "PP1")
    assert code == 1
    assert set(data) == {"version", "files", "documents", "findings", "summary"}
    assert data["files"] == 2
    assert [d["kind"] for d in data["documents"]] == ["PLAN", "VERIFICATION"]
    finding = data["findings"][0]
    assert set(finding) == {"code", "name", "severity", "path", "line", "column", "end_line",
                            "end_column", "message", "hint", "evidence", "fix"}
    assert (finding["code"], finding["severity"], finding["line"]) == ("PP110", "error", 3)
    assert finding["path"] == str(tmp_path / "t" / "01-01-PLAN.md")
    assert data["summary"] == {"errors": 1, "warnings": 0, "info": 0}


def test_relative_paths_stay_relative(run_cli, write, tmp_path, monkeypatch):
    write("rel/01-01-PLAN.md", BAD)
    monkeypatch.chdir(tmp_path)
    _, _, data = run_cli("lint", "rel", "--format", "json", "--select", "PP1")
    assert data["findings"][0]["path"] == os.path.join("rel", "01-01-PLAN.md")


def test_output_file(run_cli, write, tmp_path):
    doc = write("01-01-PLAN.md", BAD)
    out = tmp_path / "report.json"
    code, stdout, _ = run_cli("lint", doc, "--format", "json", "-o", out, "--select", "PP1")
    assert code == 1 and stdout == ""
    assert json.loads(out.read_text())["summary"]["errors"] == 1


def test_parallel_output_is_identical_to_serial(run_cli, write, tmp_path):
    for index in range(60):
        write(f"tree/{index:02d}-01-PLAN.md", BAD if index % 3 else GOOD)
    # --no-cache: otherwise the second run would be answered from the first run's cache
    serial = run_cli("lint", tmp_path / "tree", "-j", "1", "--format", "json", "--no-cache")
    parallel = run_cli("lint", tmp_path / "tree", "-j", "2", "--format", "json", "--no-cache")
    assert serial == parallel
    assert serial[2]["summary"]["errors"] >= 40


def test_rules_and_rule_documentation(run_cli):
    code, output, _ = run_cli("rules")
    assert code == 0 and "PP110  yaml-syntax-error" in output
    code, output, _ = run_cli("rule", "pp110")
    assert code == 0
    for part in ("# PP110 yaml-syntax-error", "## What it checks", "## Why it matters",
                 "## Example that triggers it", "## Example that passes"):
        assert part in output
    assert run_cli("rule", "PP999")[0] == 2


def _subprocess(*args, cwd=None):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd)


def test_python_dash_m_and_version():
    from planproof import __version__

    done = _subprocess("-m", "planproof", "--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"planproof {__version__}"


def test_version_is_answered_before_click_is_imported():
    """What the `planproof` console script runs (pyproject's [project.scripts] entry)."""
    import tomllib

    from conftest import REPO

    script = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]["planproof"]
    module, function = script.split(":")
    probe = (f"import sys; from {module} import {function} as main; main(['--version']); "
             "print('CLICK', 'click' in sys.modules)")
    done = _subprocess("-c", probe)
    assert done.returncode == 0 and "CLICK False" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("args", [["rules"], ["rules", "--format", "json", "PP4"], ["rule", "PP110"],
                                  ["rule", "PPX"]])
def test_rules_and_rule_are_answered_without_click(args):
    probe = ("import sys; from planproof.cli import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit as exit:\n    code = exit.code\n"
             "print('CLICK', 'click' in sys.modules, code)")
    done = _subprocess("-c", probe, *args)
    expected = "2" if args[-1] == "PPX" else "0"
    assert f"CLICK False {expected}" in done.stdout, (args, done.stdout, done.stderr)


def test_version_and_rule_docs_do_not_import_heavy_stacks():
    probe = ("import sys; from planproof.cli import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "heavy = [m for m in ('jsonschema', 'pydantic', 'markdown_it', 'coverage', 'yaml')"
             " if m in sys.modules]\nprint('HEAVY', heavy)")
    for args in (["--version"], ["rule", "PP110"], ["rules"]):
        done = _subprocess("-c", probe, *args)
        assert "HEAVY []" in done.stdout, (args, done.stdout, done.stderr)


def test_library_api_is_what_the_cli_uses(write, tmp_path):
    import planproof

    write("01-01-PLAN.md", BAD)
    result = planproof.lint([str(tmp_path)])
    assert "PP110" in [f.code for f in result.findings]
    assert result.exit_code() == 1


def test_an_empty_run_is_not_a_pass(tmp_path, monkeypatch):
    """No document: verify and signoff have nothing to prove (exit 2); lint warns on stderr and
    exits 0 (as ruff does); nothing is written, not even the cache folder."""
    empty = tmp_path / "empty"
    (empty / "src").mkdir(parents=True)
    (empty / "src" / "app.py").write_text("x = 1\n")
    cache = tmp_path / "cache"
    monkeypatch.chdir(empty)
    runner = CliRunner()
    verified = runner.invoke(cli, ["verify", str(empty), "--cache-dir", str(cache)])
    assert verified.exit_code == 2
    assert "no planning documents (*.md) found under" in verified.output  # stderr, click < 8.2 mixes
    signed = runner.invoke(cli, ["signoff", "1", str(empty)])
    assert signed.exit_code == 2 and "nothing to sign off" in signed.output
    linted = runner.invoke(cli, ["lint", str(empty), "--cache-dir", str(cache)])
    assert linted.exit_code == 0
    assert "warning: no planning documents (*.md) found under" in linted.output
    assert not cache.exists() and sorted(p.name for p in empty.iterdir()) == ["src"]


def test_format_choices_are_the_reporter_registries():
    """Adding a reporter to a registry is all it takes to offer it on the command line."""
    from planproof.cli.commands import cli
    from planproof.report import (CLAIMS_REPORTER_BY_NAME, REPORTER_BY_NAME,
                                  SIGNOFF_REPORTER_BY_NAME, reporter)

    def choices(command):
        option = next(p for p in cli.commands[command].params if p.name == "fmt")
        return list(option.type.choices)

    assert choices("lint") == choices("verify") == list(REPORTER_BY_NAME)
    assert choices("claims") == list(CLAIMS_REPORTER_BY_NAME)
    assert choices("signoff") == list(SIGNOFF_REPORTER_BY_NAME)
    for registry in (REPORTER_BY_NAME, CLAIMS_REPORTER_BY_NAME, SIGNOFF_REPORTER_BY_NAME):
        assert all(callable(reporter(registry, name)) for name in registry)
