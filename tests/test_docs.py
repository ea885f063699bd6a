"""Rule documentation: docs/rules.md is generated from the registry and must be in sync; the
`rules` and `rule CODE` commands print what the registry says."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO
from planproof.rules import all_rules
from planproof.rules.docs import GENERATOR, main, rules_document

DOCS = REPO / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date():
    assert DOCS.is_file(), f"docs/rules.md is missing: run `{GENERATOR}`"
    in_sync = DOCS.read_text(encoding="utf-8") == rules_document()
    assert in_sync, f"docs/rules.md is out of date with the rule registry: run `{GENERATOR}`"


def test_generated_document_lists_and_documents_every_rule():
    text = rules_document()
    for code, rule in all_rules().items():
        assert f"| [{code}](#{code.lower()}-{rule.name}) |" in text
        assert f"\n## {code} {rule.name}\n" in text
        assert rule.bad in text and rule.good in text


def test_generator_check_and_write(tmp_path, capsys):
    target = tmp_path / "rules.md"
    assert main(["--check", "--path", str(target)]) == 1
    assert "out of date" in capsys.readouterr().out
    assert main(["--write", "--path", str(target)]) == 0
    assert main(["--check", "--path", str(target)]) == 0
    target.write_text(target.read_text() + "edited by hand\n")
    assert main(["--check", "--path", str(target)]) == 1


def test_generator_runs_as_a_module(tmp_path):
    out = subprocess.run([sys.executable, "-m", "planproof.rules.docs", "--write", "--path",
                          str(tmp_path / "r.md")], capture_output=True, text=True, check=True)
    assert "wrote" in out.stdout and (tmp_path / "r.md").read_text() == rules_document()


def test_rules_command_lists_every_rule(run_cli):
    code, output, _ = run_cli("rules")
    assert code == 0
    lines = output.splitlines()
    assert len(lines) == len(all_rules())
    assert any(line.startswith("PP890  unused-suppression") for line in lines)
    code, output, _ = run_cli("rules", "--format", "json")
    listed = json.loads(output)
    assert [r["code"] for r in listed] == list(all_rules())


def test_rule_command_prints_what_why_and_both_examples(run_cli):
    code, output, _ = run_cli("rule", "pp890")
    assert code == 0
    for part in ("# PP890 unused-suppression", "## What it checks", "## Why it matters",
                 "## Example that triggers it", "## Example that passes",
                 "planproof-disable-next-line PP111"):
        assert part in output
    code, output, _ = run_cli("rule", "PP9999")
    assert code == 2 and "PP9999" in output


def test_rules_command_filters_by_prefix_and_rule_accepts_a_name(run_cli):
    code, output, _ = run_cli("rules", "pp11")
    listed = [line.split()[0] for line in output.splitlines()]
    assert code == 0 and listed == [c for c in all_rules() if c.startswith("PP11")]
    assert run_cli("rules", "PP99")[0] == 2
    code, output, _ = run_cli("rule", "unused-suppression")
    assert code == 0 and output.startswith("# PP890 unused-suppression")


def test_every_rule_documents_itself(run_cli):
    for code, rule in all_rules().items():
        exit_code, output, _ = run_cli("rule", code)
        assert exit_code == 0 and output.startswith(f"# {code} {rule.name}\n")
        assert rule.summary and rule.what and rule.why, f"{code} lacks documentation"
