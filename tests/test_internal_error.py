"""A rule that raises: the run goes on, PP000 names the rule and the file, exit code 2, and the
user sees a traceback only with --debug. Everything goes through the real command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from planproof.cli.commands import cli
from planproof.findings import Severity
from planproof.rules import Rule, register_for_test

CRASH_CODE = "PP098"


def _crash_on_second_plan(doc, ctx):
    if "02-01" in doc.path:
        raise ZeroDivisionError("planted failure")
    return ()


def _crash_tree(docs, ctx):
    yield from ()
    raise KeyError("planted tree failure")


def _rule(code: str, name: str, check, scope: str = "document") -> Rule:
    return Rule(code, name, Severity.ERROR, "raises on purpose (test)", "raises", "tests",
                "(none)", "(none)", check, scope=scope)


@pytest.fixture
def crashing_rule():
    remove = register_for_test(_rule(CRASH_CODE, "crashes-on-purpose", _crash_on_second_plan))
    yield
    remove()


@pytest.fixture
def tree(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    duplicate = "---\nphase: '01'\nplan: '01'\nphase: '01'\n---\n# Plan\n"
    (docs / "01-01-PLAN.md").write_text(duplicate)
    (docs / "02-01-PLAN.md").write_text(duplicate.replace("'01'", "'02'"))
    return docs


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_crashing_rule_is_pp000_and_the_run_goes_on(crashing_rule, tree):
    result = invoke("lint", str(tree), "--format", "json", "--no-cache", "-j", "1")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    [internal] = [f for f in report["findings"] if f["code"] == "PP000"]
    assert internal["path"].endswith("02-01-PLAN.md")
    assert CRASH_CODE in internal["message"] and "crashes-on-purpose" in internal["message"]
    assert "ZeroDivisionError: planted failure" in internal["message"]
    assert internal["evidence"]["rule"] == CRASH_CODE
    assert "traceback" not in internal["evidence"]
    # every other rule still ran, on both files, including the one the crash happened on
    duplicates = sorted(f["path"].rsplit("/", 1)[-1] for f in report["findings"]
                        if f["code"] == "PP111")
    assert duplicates == ["01-01-PLAN.md", "02-01-PLAN.md"]
    assert "Traceback" not in result.output and "Traceback" not in result.stderr


def test_text_output_names_rule_and_file_without_traceback(crashing_rule, tree):
    result = invoke("lint", str(tree), "--no-cache", "-j", "1")
    assert result.exit_code == 2
    line = next(l for l in result.stdout.splitlines() if " PP000 " in l)
    assert line.startswith(str(tree / "02-01-PLAN.md") + ":1:1:")
    assert CRASH_CODE in line
    assert "--debug" in result.stdout  # the hint says how to see more
    assert "Traceback" not in result.output


def test_debug_prints_the_traceback(crashing_rule, tree):
    result = invoke("lint", str(tree), "--no-cache", "-j", "1", "--debug")
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert "ZeroDivisionError: planted failure" in result.stderr
    assert "_crash_on_second_plan" in result.stderr
    assert "Traceback" not in result.stdout  # the report itself stays clean


def test_exit_zero_does_not_hide_an_internal_error(crashing_rule, tree):
    assert invoke("lint", str(tree), "--no-cache", "-j", "1", "--exit-zero").exit_code == 2


def test_a_crashing_tree_rule_is_pp000_too(tree):
    remove = register_for_test(_rule("PP097", "tree-crashes-on-purpose", _crash_tree, "tree"))
    try:
        result = invoke("lint", str(tree), "--format", "json", "--no-cache", "-j", "1")
    finally:
        remove()
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    [internal] = [f for f in report["findings"] if f["code"] == "PP000"]
    assert "PP097" in internal["message"] and "KeyError" in internal["message"]
    assert len([f for f in report["findings"] if f["code"] == "PP111"]) == 2
    assert "Traceback" not in result.output


def test_a_crash_outside_any_rule_is_one_line_and_exit_2(tree, monkeypatch, capsys):
    """An exception in the run itself (not in a rule) is not a traceback either."""
    from planproof import pipeline
    from planproof.cli import main

    def broken(*args, **kwargs):
        raise MemoryError("planted engine failure")

    monkeypatch.setattr(pipeline, "run", broken)
    with pytest.raises(SystemExit) as exit_info:
        main(["lint", str(tree), "--no-cache"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "planproof: internal error: MemoryError: planted engine failure" in err
    assert "Traceback" not in err and "--debug" in err
    with pytest.raises(SystemExit) as exit_info:  # --debug: the traceback, and still exit 2
        main(["lint", str(tree), "--no-cache", "--debug"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "MemoryError: planted engine failure" in err


def test_the_crash_is_not_cached(tree, tmp_path):
    """A result with PP000 is incomplete: once the rule is fixed, the next run checks again
    instead of replaying the crash from the cache."""
    cache = tmp_path / "cache"
    remove = register_for_test(_rule(CRASH_CODE, "crashes-on-purpose", _crash_on_second_plan))
    try:
        first = invoke("lint", str(tree), "--cache-dir", str(cache), "-j", "1")
    finally:
        remove()
    assert first.exit_code == 2 and " PP000 " in first.stdout
    second = invoke("lint", str(tree), "--cache-dir", str(cache), "-j", "1")
    assert second.exit_code != 2 and " PP000 " not in second.stdout
    assert " PP111 " in second.stdout
