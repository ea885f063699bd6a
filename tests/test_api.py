"""The public API (`planproof.__all__`): what it offers, that it stays cheap to import, that the
command line runs through it, and that the package ships `py.typed`."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

import planproof
from conftest import REPO

BAD_PLAN = "---\nphase: '01'\n---\n# Plan\n\n- 3/4 tasks done (80%)\n"
PROJECT = REPO / "tests" / "fixtures" / "signoff" / "project"


def test_every_public_name_resolves():
    for name in planproof.__all__:
        assert getattr(planproof, name) is not None, name
    assert sorted(planproof.__all__) == dir(planproof)
    with pytest.raises(AttributeError):
        planproof.lint_paths  # noqa: B018  one name for one thing: `lint`


def test_import_planproof_is_cheap():
    probe = ("import sys, planproof; heavy = [m for m in ('click', 'planproof.engine', "
             "'planproof.rules', 'yaml', 'markdown_it') if m in sys.modules]; print(heavy)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_lint_and_verify_return_results(tmp_path):
    (tmp_path / "01-01-PLAN.md").write_text(BAD_PLAN)
    settings = planproof.Settings(select=["PP4"], cache=False)
    linted = planproof.lint([str(tmp_path)], settings)
    assert isinstance(linted, planproof.Result) and linted.files == 1
    assert [f.code for f in linted.findings] == ["PP401"]
    assert linted.findings[0].severity is planproof.Severity.ERROR and linted.exit_code() == 1
    assert isinstance(linted.findings[0], planproof.Finding)
    verified = planproof.verify([str(tmp_path)], planproof.Settings(select=["PP4"], cache=False,
                                                                    root=str(tmp_path)))
    assert [f.code for f in verified.findings] == ["PP401"]
    with pytest.raises(planproof.DiscoveryError):
        planproof.lint([str(tmp_path / "missing")], settings)


def test_load_settings_reads_the_configuration_file(tmp_path):
    (tmp_path / ".planproof.toml").write_text('ignore = ["PP401"]\n')
    (tmp_path / "01-01-PLAN.md").write_text(BAD_PLAN)
    settings = planproof.load_settings([str(tmp_path)])
    assert settings.ignore == ["PP401"] and settings.config_file.endswith(".planproof.toml")
    assert "PP401" not in [f.code for f in planproof.lint([str(tmp_path)], settings).findings]
    (tmp_path / ".planproof.toml").write_text('select = ["XX9"]\n')
    with pytest.raises(planproof.ConfigError):
        planproof.load_settings([str(tmp_path)])


def test_load_settings_takes_one_path_alone_as_lint_does(tmp_path, monkeypatch):
    # was: a str was read as a list of one-character paths, so the search started at "s"
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / ".planproof.toml").write_text('ignore = ["PP401"]\n')
    monkeypatch.chdir(tmp_path)
    assert planproof.load_settings("svc").ignore == ["PP401"]
    assert planproof.load_settings(tmp_path / "svc").ignore == ["PP401"]


def test_check_text_checks_a_document_in_memory():
    assert "PP401" in [f.code for f in planproof.check_text(BAD_PLAN, "01-01-PLAN.md")]


def test_signoff_gives_the_verdict():
    settings = planproof.Settings(root=str(PROJECT))
    result = planproof.signoff("12", [str(PROJECT / ".planning")], settings)
    assert isinstance(result, planproof.Signoff)
    assert result.verdict == "ready" and result.exit_code() == 0
    with pytest.raises(planproof.SignoffError):
        planproof.signoff("99", [str(PROJECT / ".planning")], settings)


@pytest.mark.parametrize("command", ["lint", "verify"])
def test_the_command_line_runs_through_the_api(command, tmp_path, monkeypatch, run_cli):
    (tmp_path / "01-01-PLAN.md").write_text(BAD_PLAN)
    calls = []
    real = getattr(planproof, command)
    monkeypatch.setattr(planproof, command,
                        lambda *args, **kwargs: calls.append((args, kwargs)) or real(*args, **kwargs))
    code, _, _ = run_cli(command, tmp_path, "--select", "PP4", "--no-cache")
    assert code == 1 and len(calls) == 1 and calls[0][0][0] == [str(tmp_path)]
    if command == "lint":  # `--with-tree` is lint's (the pre-commit hook)
        code, _, _ = run_cli(command, tmp_path / "01-01-PLAN.md", "--with-tree", "--select", "PP4")
        assert code == 1 and calls[1][1] == {"with_tree": True}


def test_signoff_command_runs_through_the_api(monkeypatch, run_cli):
    calls = []
    real = planproof.signoff
    monkeypatch.setattr(planproof, "signoff", lambda *args: calls.append(args) or real(*args))
    code, _, _ = run_cli("signoff", "12", PROJECT / ".planning", "--root", PROJECT)
    assert code == 0 and calls and calls[0][0] == "12"


def test_the_wheel_ships_py_typed(tmp_path):
    """PEP 561: type checkers use planproof's annotations only when py.typed is installed."""
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
                   cwd=REPO, check=True, capture_output=True, env={**os.environ})
    wheel = next(tmp_path.glob("planproof-*.whl"))
    assert "planproof/py.typed" in zipfile.ZipFile(wheel).namelist()


def test_paths_may_be_one_path_or_path_objects(tmp_path):
    (tmp_path / "01-01-PLAN.md").write_text(BAD_PLAN)
    settings = planproof.Settings(select=["PP4"], cache=False)
    for given in (str(tmp_path), tmp_path, [tmp_path], (str(tmp_path / "01-01-PLAN.md"),)):
        assert [f.code for f in planproof.lint(given, settings).findings] == ["PP401"], given


def test_with_tree_reports_the_given_file_judged_against_its_tree(tmp_path):
    phase = tmp_path / ".planning" / "phases" / "03-x"
    phase.mkdir(parents=True)
    summary = phase / "03-01-SUMMARY.md"
    summary.write_text("---\nphase: 03-x\nplan: 1\n---\n# Summary\n")
    (phase / "03-02-PLAN.md").write_text("---\nphase: 03-x\nplan: 2\n---\n# Plan\n")
    settings = planproof.Settings(select=["PP7"], cache=False)
    alone = planproof.lint(summary, settings)
    in_tree = planproof.lint(summary, settings, with_tree=True)
    assert alone.findings == []  # a lone SUMMARY cannot know its PLAN is missing
    assert {f.code for f in in_tree.findings} == {"PP702"}
    assert {f.path for f in in_tree.findings} == {str(summary)}
    assert [d.path for d in in_tree.documents] == [str(summary)]


def test_claims_command_runs_through_the_api(tmp_path, monkeypatch, run_cli):
    (tmp_path / "01-01-PLAN.md").write_text(BAD_PLAN)
    calls = []
    real = planproof.lint
    monkeypatch.setattr(planproof, "lint", lambda *args: calls.append(args) or real(*args))
    code, out, _ = run_cli("claims", tmp_path)
    assert code == 1 and "PP401" in out
    assert len(calls) == 1 and calls[0][0] == [str(tmp_path)] and calls[0][1].select == ["PP4"]
