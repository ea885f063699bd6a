"""A claim is judged when its line was written: a document edited again later (a section appended
to an audit) does not re-date its older lines. Real git repositories built commit by commit."""

from __future__ import annotations

from planproof.evidence import history
from test_verify_history import PARSER, codes, commit, verify

AUDIT = ".planning/v1.0-MILESTONE-AUDIT.md"
CLAIM = "- `src/parser.py` (2 lines): the parser\n"
GROWN = PARSER + "X = 1\n"


def audit(*sections: str, claim: str = CLAIM) -> str:
    return "# Milestone v1.0 audit\n\n" + "".join(sections) + "## Artifacts\n\n" + claim


def test_a_line_true_when_written_in_an_older_version_is_drift(tmp_path):
    """#44: the line comes from commit 1 (true then), the file grows in commit 2, the audit only
    gets a section in commit 3 (above the line, so its number moves too)."""
    written = commit(tmp_path, "docs(v1.0): audit", {"src/parser.py": PARSER, AUDIT: audit()},
                     when=1)
    grown = commit(tmp_path, "fix: grow the parser", {"src/parser.py": GROWN}, when=2)
    appended = commit(tmp_path, "docs: tech debt", {
        AUDIT: audit("## Tech debt\n\n- none\n\n")}, when=3)
    findings = verify(tmp_path)
    assert codes(findings, "PP540") == []
    [drift] = codes(findings, "PP532")
    assert drift.line == 9  # line 5 when it was written
    assert drift.evidence["claim_code"] == "PP540"
    assert drift.evidence["written"]["commit"] == written
    assert drift.evidence["changed_in"]["commit"] == grown
    assert drift.message.startswith("src/parser.py has 3 lines, the document says 2 lines; it held "
                                    f"when its line was written ({written[:7]}")
    assert appended not in drift.message


def test_a_line_false_when_first_written_still_fails(tmp_path):
    commit(tmp_path, "docs(v1.0): audit", {"src/parser.py": PARSER,
                                           AUDIT: audit(claim=CLAIM.replace("2 lines", "7 lines"))},
           when=1)
    commit(tmp_path, "fix: grow the parser", {"src/parser.py": GROWN}, when=2)
    appended = commit(tmp_path, "docs: tech debt", {
        AUDIT: audit("## Tech debt\n\n", claim=CLAIM.replace("2 lines", "7 lines"))}, when=3)
    [wrong] = codes(verify(tmp_path), "PP540", "PP532")
    assert wrong.code == "PP540"
    assert wrong.evidence["judged_at"]["commit"] == appended


def test_a_line_changed_at_the_last_commit_is_judged_there(tmp_path):
    commit(tmp_path, "docs(v1.0): audit", {"src/parser.py": PARSER, AUDIT: audit()}, when=1)
    commit(tmp_path, "fix: grow the parser", {"src/parser.py": GROWN}, when=2)
    rewritten = commit(tmp_path, "docs: recheck", {
        AUDIT: audit(claim=CLAIM.replace("the parser", "the parser, rechecked"))}, when=3)
    [wrong] = codes(verify(tmp_path), "PP540", "PP532")
    assert wrong.code == "PP540"
    assert wrong.evidence["judged_at"]["commit"] == rewritten


def test_a_document_moved_and_edited_keeps_its_older_lines_dated(tmp_path):
    padding = "".join(f"- requirement R{n}: satisfied\n" for n in range(12))
    written = commit(tmp_path, "docs(v1.0): audit", {
        "src/parser.py": PARSER, AUDIT: audit(padding)}, when=1)
    commit(tmp_path, "fix: grow the parser", {"src/parser.py": GROWN}, when=2)
    archived = AUDIT.replace(".planning/", ".planning/milestones/")
    commit(tmp_path, "chore: archive v1.0", {archived: audit(padding + "- one more\n\n")},
           delete=[AUDIT], when=3)
    [drift] = codes(verify(tmp_path), "PP540", "PP532")
    assert drift.code == "PP532"
    assert drift.evidence["written"]["commit"] == written


def test_only_the_newest_versions_are_read(tmp_path, monkeypatch):
    """Bounded: with room for one earlier version, the line is dated by the oldest version read
    (commit 3, after the file grew), so the claim fails there and stays an error."""
    commit(tmp_path, "docs(v1.0): audit", {"src/parser.py": PARSER, AUDIT: audit()}, when=1)
    commit(tmp_path, "fix: grow the parser", {"src/parser.py": GROWN}, when=2)
    commit(tmp_path, "docs: a", {AUDIT: audit("## A\n\n")}, when=3)
    commit(tmp_path, "docs: b", {AUDIT: audit("## A\n\n", "## B\n\n")}, when=4)
    assert codes(verify(tmp_path), "PP540", "PP532")[0].code == "PP532"
    monkeypatch.setattr(history, "MAX_VERSIONS", 2)
    assert [f.code for f in codes(verify(tmp_path), "PP540", "PP532")] == ["PP540"]
