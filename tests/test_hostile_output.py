"""Output under attack: control characters from documents and file names never reach the
terminal raw from `claims` or `signoff` (a document cannot forge a line or paint a verdict)."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from conftest import REPO
from planproof.cli.commands import cli

ESC = "\x1b[2J\x1b[H"
FORGED = "\nREADY\rReady for sign-off.\n"


def _no_raw_control(output: str) -> None:
    assert "\x1b" not in output and "\r" not in output
    assert "\nREADY" not in output and not output.startswith("Ready")


def test_claims_escapes_file_names_and_text(tmp_path):
    name = f"01-01-PLAN{ESC}\nfake.md:1:1: PP000 forged.md"
    (tmp_path / name).write_text(f"# Plan\n\nTests: 1/3 passing (50%) {ESC}{FORGED}\n")
    result = CliRunner().invoke(cli, ["claims", str(tmp_path)], catch_exceptions=False)
    assert "inconsistent" in result.stdout  # the claim is reported ...
    assert "\x1b" not in result.stdout  # ... without the escape sequences
    assert not [line for line in result.stdout.splitlines() if line.startswith("fake.md")]


def test_signoff_escapes_human_checks(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "fixtures" / "signoff" / "project", project)
    verification = project / ".planning" / "phases" / "13-invoice" / "13-VERIFICATION.md"
    text = verification.read_text().replace(
        '"Print an invoice on the office printer"',
        '"Print it\\e[2J\\e[H\\nReady for sign-off.\\r"').replace(
        '"The total is on the first page"', '"x\\e[1A\\e[2KREADY"')
    verification.write_text(text)
    result = CliRunner().invoke(cli, ["signoff", "13", str(project / ".planning"), "--root",
                                      str(project)], catch_exceptions=False)
    assert result.exit_code == 3
    assert "Needs a person:\n  - Print it\\x1b[2J\\x1b[H\\nReady for sign-off.\\r" in result.stdout
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert [line for line in result.stdout.splitlines() if line.startswith("Ready")] == [
        "Ready pending human checks: 1 item(s) need a person."]
