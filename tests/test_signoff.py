"""`planproof signoff PHASE` end to end through the CLI, on tests/fixtures/signoff/project."""

from __future__ import annotations

import pytest

from conftest import REPO

PROJECT = REPO / "tests" / "fixtures" / "signoff" / "project"
PLANNING = PROJECT / ".planning"


def signoff(run_cli, phase, *extra):
    return run_cli("signoff", phase, PLANNING, "--root", PROJECT, "--format", "json", *extra)


def statuses(report):
    return {check["id"]: check["status"] for check in report["checks"]}


def failed(report):
    return sorted(check["id"] for check in report["checks"] if check["status"] == "fail")


def test_ready_phase(run_cli):
    code, _, report = signoff(run_cli, "12")
    assert code == 0
    assert report["verdict"] == "ready" and report["exit_code"] == 0
    assert report["phase"] == {"number": "12", "folder": str(PLANNING / "phases" / "12-cart")}
    checks = statuses(report)
    for check_id in ("plans-executed", "verification-exists", "verification-status",
                     "verification-consistent", "gaps-closed", "must-haves", "planning-tree",
                     "documents", "human-checks"):
        assert checks[check_id] == "pass", check_id
    executed = next(c for c in report["checks"] if c["id"] == "plans-executed")
    assert [e["plan"] for e in executed["evidence"]] == ["12-01", "12-02"]
    assert all(e["summary_file"].endswith("-SUMMARY.md") for e in executed["evidence"])


def test_decimal_phase_is_not_confused_with_an_archived_one(run_cli):
    code, _, report = signoff(run_cli, "09.1")
    assert (code, report["verdict"]) == (0, "ready")
    assert report["phase"]["folder"].endswith("09.1-hotfix")


def test_a_missing_verification_is_named_as_gsd_names_the_phase(run_cli, tmp_path):
    """Phase 9.1's report is `09.1-VERIFICATION.md` (planning.ids.format_phase), not `9.1-...`."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    (project / ".planning/phases/09.1-hotfix/09.1-VERIFICATION.md").unlink()
    _, _, report = run_cli("signoff", "09.1", project / ".planning", "--root", project,
                           "--format", "json")
    check = next(c for c in report["checks"] if c["id"] == "verification-exists")
    assert check["status"] == "fail" and "no 09.1-VERIFICATION.md in " in str(check)


def test_pending_human_checks(run_cli):
    code, output, report = signoff(run_cli, "13")
    assert code == 3
    assert report["verdict"] == "ready-pending-human"
    assert failed(report) == []
    assert report["human_checks"] == [{
        "path": str(PLANNING / "phases" / "13-invoice" / "13-VERIFICATION.md"), "line": 7,
        "test": "Print an invoice on the office printer",
        "expected": "The total is on the first page", "why_human": "needs a physical printer"}]
    code, _, report = signoff(run_cli, "13", "--allow-human")
    assert code == 0 and report["verdict"] == "ready-pending-human" and report["exit_code"] == 0


def test_pending_human_checks_text(run_cli):
    code, output, _ = run_cli("signoff", "13-invoice", PLANNING, "--root", PROJECT)
    assert code == 3
    assert "READY PENDING HUMAN CHECKS" in output
    assert "Needs a person:\n  - Print an invoice on the office printer" in output


@pytest.mark.parametrize("phase, reasons, evidence_code", [
    ("14", ["plans-executed"], "PP701"),                          # a plan without SUMMARY
    ("15", ["gaps-closed", "verification-status"], None),         # gaps_found, an open gap
    ("16", ["must-haves"], "PP501"),                              # artifact not in the repository
    ("17", ["verification-exists"], None),                        # executed, never verified
    ("18", ["gaps-closed", "verification-consistent"], "PP405"),  # 'passed' with an open gap
])
def test_not_ready(run_cli, phase, reasons, evidence_code):
    code, _, report = signoff(run_cli, phase)
    assert code == 1
    assert report["verdict"] == "not-ready"
    assert failed(report) == reasons
    if evidence_code:
        cited = [f["code"] for c in report["checks"] if c["status"] == "fail" for f in c["findings"]]
        assert evidence_code in cited


def test_not_ready_text_names_every_reason(run_cli):
    code, output, _ = run_cli("signoff", "15", PLANNING, "--root", PROJECT)
    assert code == 1
    assert output.startswith(f"Phase 15 ({PLANNING / 'phases' / '15-refunds'}): NOT READY")
    assert "[  FAIL] VERIFICATION status is passed: status: gaps_found" in output
    assert "gap: Refunds are credited to the original card (failed)" in output
    assert output.rstrip().endswith("Not ready: 2 check(s) failed (verification-status, gaps-closed).")


def test_gap_evidence_in_json(run_cli):
    _, _, report = signoff(run_cli, "15")
    gaps = next(c for c in report["checks"] if c["id"] == "gaps-closed")
    assert gaps["evidence"] == [{
        "path": str(PLANNING / "phases" / "15-refunds" / "15-VERIFICATION.md"), "line": 7,
        "truth": "Refunds are credited to the original card", "status": "failed",
        "reason": "refund() is never called from checkout"}]


def test_folder_path_as_phase(run_cli):
    code, _, report = run_cli("signoff", PLANNING / "phases" / "12-cart", PLANNING,
                              "--root", PROJECT, "--format", "json")
    assert code == 0 and report["verdict"] == "ready"


@pytest.mark.parametrize("phase, message", [
    ("42", "no phase '42'"),
    ("nope", "no phase 'nope'"),
])
def test_unknown_phase_is_a_usage_error(run_cli, phase, message):
    code, output, _ = run_cli("signoff", phase, PLANNING, "--root", PROJECT)
    assert code == 2
    assert message in output and "12-cart" in output


def test_missing_path_is_a_usage_error(run_cli, tmp_path):
    code, output, _ = run_cli("signoff", "12", tmp_path / "absent")
    assert code == 2 and "does not exist" in output


def test_report_to_file(run_cli, tmp_path):
    target = tmp_path / "signoff.json"
    code, output, _ = run_cli("signoff", "12", PLANNING, "--root", PROJECT, "--format", "json",
                              "-o", target)
    import json

    assert code == 0 and output == ""
    assert json.loads(target.read_text())["verdict"] == "ready"


def test_cross_document_warning_blocks_and_stale_checkbox_does_not(run_cli, tmp_path):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    roadmap = project / ".planning" / "ROADMAP.md"
    # phase 12's plans unchecked in the ROADMAP although executed: a note (PP707), still ready
    roadmap.write_text(roadmap.read_text().replace("- [x] 12-01: cart", "- [ ] 12-01: cart"))
    code, _, report = run_cli("signoff", "12", project / ".planning", "--root", project, "--format", "json")
    assert code == 0
    tree = next(c for c in report["checks"] if c["id"] == "planning-tree")
    assert [n["code"] for n in tree["evidence"]] == ["PP707"]
    # a requirement mapped to phase 12 that no plan of phase 12 lists: not ready (PP711)
    requirements = project / ".planning" / "REQUIREMENTS.md"
    requirements.write_text(requirements.read_text()
                            + "| CART-03 | Phase 12 | Pending |\n")
    text = requirements.read_text().replace("- [x] **CART-02**: Customers check out\n",
                                            "- [x] **CART-02**: Customers check out\n"
                                            "- [ ] **CART-03**: Customers save carts\n")
    requirements.write_text(text)
    code, _, report = run_cli("signoff", "12", project / ".planning", "--root", project, "--format", "json")
    assert code == 1
    assert failed(report) == ["planning-tree"]
    tree = next(c for c in report["checks"] if c["id"] == "planning-tree")
    assert [f["code"] for f in tree["findings"]] == ["PP711"]


def test_default_paths_from_the_project_folder(run_cli, monkeypatch):
    monkeypatch.chdir(PROJECT)
    code, output, _ = run_cli("signoff", "12", "--root", ".")
    assert code == 0
    assert output.startswith("Phase 12 (.planning/phases/12-cart): READY")


def test_a_crashing_rule_makes_the_verdict_an_internal_error(run_cli):
    from planproof.findings import Severity
    from planproof.rules import Rule, register_for_test

    def explode(docs, ctx):
        raise RuntimeError("boom")

    remove = register_for_test(Rule("PP799", "explodes", Severity.ERROR, "test", "", "", "", "",
                                    explode, scope="tree"))
    try:
        code, output, _ = run_cli("signoff", "12", PLANNING, "--root", PROJECT)
    finally:
        remove()
    assert code == 2
    assert "internal error" in output


def test_coverage_claims_are_checked_against_real_coverage_data(run_cli, tmp_path):
    import json
    import shutil
    import subprocess
    import sys

    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    (project / "run_cart.py").write_text('import sys\nsys.path.insert(0, "src")\n'
                                         "from shop.cart import Cart\nCart()\n")
    for command in (["run", "--data-file=.coverage", "run_cart.py"],
                    ["json", "--data-file=.coverage", "-o", "coverage.json", "-q"]):
        subprocess.run([sys.executable, "-m", "coverage", *command], cwd=project, check=True)
    measured = json.loads((project / "coverage.json").read_text())["files"]["src/shop/cart.py"]
    percent = measured["summary"]["percent_covered"]  # add_item() never ran
    assert percent < 100
    summary = project / ".planning" / "phases" / "12-cart" / "12-01-SUMMARY.md"
    original = summary.read_text()

    def verdict(claim):
        summary.write_text(original + f"\nCoverage of `src/shop/cart.py`: {claim}\n")
        return run_cli("signoff", "12", project / ".planning", "--root", project,
                       "--coverage", project / "coverage.json", "--format", "json")

    code, _, report = verdict("100%")
    assert code == 1 and failed(report) == ["coverage-and-tests"]
    assert report["inputs"]["coverage"] == [str(project / "coverage.json")]
    check = next(c for c in report["checks"] if c["id"] == "coverage-and-tests")
    assert [f["code"] for f in check["findings"]] == ["PP601"]
    code, _, report = verdict(f"{percent:g}%")
    assert code == 0 and report["verdict"] == "ready"
