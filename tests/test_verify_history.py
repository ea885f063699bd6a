"""Claims judged when they were written: real git repositories built commit by commit in temp dirs.

Each scenario makes the commits a GSD project makes (code, then the SUMMARY that records it, then
later phases) and checks the three verdicts: false when written (the usual PP5xx error, judged at
the recording commit), true when written but changed since (PP532), holds (nothing).
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from planproof import pipeline
from planproof.config import Settings
from verify_helpers import by_code, make_repo, plan

PHASE = ".planning/phases/01-core"
PLAN_PATH = f"{PHASE}/01-01-PLAN.md"
SUMMARY_PATH = f"{PHASE}/01-01-SUMMARY.md"
PARSER = "def parse(text):\n    return text.split()\n"


def git(root: Path, *args: str, when: int = 0) -> str:
    env = {"PATH": os.environ["PATH"], "HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{1775000000 + when * 86400} +0000"
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                           "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                          cwd=root, check=True, capture_output=True, text=True, env=env).stdout.strip()


def commit(root: Path, message: str, files: dict | None = None, delete=(), when: int = 1) -> str:
    root.mkdir(parents=True, exist_ok=True)
    if not (root / ".git").exists():
        git(root, "init", "-q")
    for relative, text in (files or {}).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    for relative in delete:
        git(root, "rm", "-q", "-r", relative)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message, when=when)
    return git(root, "rev-parse", "HEAD")


def summary(key_files: list[str] = (), body: str = "Done.") -> str:
    created = "".join(f"    - {path}\n" for path in key_files)
    return (f'---\nphase: "01"\nplan: "01"\nkey-files:\n  created:\n{created or "    []"}\n---\n\n'
            f"# Summary\n\n{body}\n")


def parser_plan(path: str = "src/parser.py", contains: str = "def parse", body: str = "") -> str:
    return plan(artifacts=f"- path: {path}\n  provides: the parser\n  contains: \"{contains}\"",
                body=body)


def verify(root: Path, as_of: str = "written", select=("PP5",)):
    settings = Settings(select=list(select), jobs=1, cache=False, root=str(root), as_of=as_of)
    return pipeline.run([str(root / ".planning")], settings, "verify").findings


def codes(findings, *wanted):
    return [f for f in findings if f.code in wanted]


def recorded_then_deleted(root: Path) -> dict:
    """01-01 builds src/parser.py and records it; phase 02 deletes it."""
    shas = {"code": commit(root, "feat(01-01): add the parser", {"src/parser.py": PARSER}, when=1)}
    shas["docs"] = commit(root, "docs(01-01): complete the parser plan", {
        PLAN_PATH: parser_plan(), SUMMARY_PATH: summary(["src/parser.py"])}, when=2)
    shas["delete"] = commit(root, "feat(02-01): replace the parser", delete=["src/parser.py"],
                            when=3)
    return shas


def test_file_created_claimed_then_deleted_is_drift_not_an_error(tmp_path):
    shas = recorded_then_deleted(tmp_path)
    findings = verify(tmp_path)
    assert codes(findings, "PP501", "PP522") == []
    drift = codes(findings, "PP532")
    assert sorted(f.evidence["claim_code"] for f in drift) == ["PP501", "PP522"]
    message = drift[0].message
    assert message.startswith(f"src/parser.py existed when 01-01 was completed ({shas['docs'][:7]}, ")
    assert f"deleted in {shas['delete'][:7]} (" in message and "feat(02-01)" in message
    assert drift[0].severity.value == "info"
    assert drift[0].evidence["changed_in"]["plan"] == "02-01"
    assert drift[0].evidence["written"]["commit"] == shas["docs"]


def test_a_file_never_created_is_false_when_written(tmp_path):
    commit(tmp_path, "feat(01-01): something else", {"src/other.py": "x = 1\n"}, when=1)
    docs = commit(tmp_path, "docs(01-01): complete", {
        PLAN_PATH: parser_plan("src/ghost.py"), SUMMARY_PATH: summary(["src/ghost.py"])}, when=2)
    findings = verify(tmp_path)
    [artifact] = codes(findings, "PP501")
    [key_file] = codes(findings, "PP522")
    assert artifact.severity.value == "error" and key_file.severity.value == "error"
    assert artifact.evidence["judged_at"]["commit"] == docs
    assert codes(findings, "PP532") == []


def test_contains_missing_at_the_recording_commit_is_an_error_even_if_added_later(tmp_path):
    commit(tmp_path, "feat(01-01): a stub", {"src/parser.py": "# TODO\n"}, when=1)
    docs = commit(tmp_path, "docs(01-01): complete", {PLAN_PATH: parser_plan(),
                                                       SUMMARY_PATH: summary()}, when=2)
    commit(tmp_path, "fix(01-01): the real parser", {"src/parser.py": PARSER}, when=3)
    [finding] = codes(verify(tmp_path), "PP502", "PP532")
    assert finding.code == "PP502" and finding.evidence["judged_at"]["commit"] == docs


def test_content_changed_since_is_drift_with_the_commit_that_changed_it(tmp_path):
    commit(tmp_path, "feat(01-01): the parser", {"src/parser.py": PARSER}, when=1)
    commit(tmp_path, "docs(01-01): complete", {PLAN_PATH: parser_plan(),
                                               SUMMARY_PATH: summary()}, when=2)
    change = commit(tmp_path, "refactor(03-02): rename parse", {"src/parser.py": "def read(t):\n"},
                    when=3)
    findings = verify(tmp_path)
    [drift] = codes(findings, "PP532", "PP502")
    assert drift.code == "PP532" and drift.evidence["claim_code"] == "PP502"
    assert f"changed in {change[:7]}" in drift.message and "refactor(03-02)" in drift.message


def test_an_archived_phase_resolves_where_its_paths_were(tmp_path):
    context, notes = f"{PHASE}/01-CONTEXT.md", "docs/01-NOTES.md"
    commit(tmp_path, "docs(01): context", {context: "# Context\n",
                                           notes: "# Notes\n\nWhat the parser must read.\n"}, when=1)
    commit(tmp_path, "feat(01-01): the parser", {"src/parser.py": PARSER}, when=2)
    docs = commit(tmp_path, "docs(01-01): complete", {
        PLAN_PATH: parser_plan(body=f"<context>\n@{context}\n@{notes}\n</context>"),
        SUMMARY_PATH: summary(["src/parser.py"])}, when=3)
    (tmp_path / ".planning/milestones/v1.0-phases").mkdir(parents=True)
    git(tmp_path, "mv", PHASE, ".planning/milestones/v1.0-phases/")
    (tmp_path / "docs/old").mkdir()
    git(tmp_path, "mv", notes, "docs/old/01-NOTES.md")
    archive = commit(tmp_path, "chore: archive v1.0", when=4)
    findings = verify(tmp_path)
    assert codes(findings, "PP521", "PP501", "PP522") == []
    # the archived phase's own CONTEXT is found where GSD moved it (issue 15): nothing to say;
    # the notes moved elsewhere are drift, dated by the commit that recorded the plan
    [moved] = codes(findings, "PP532")
    assert moved.evidence["claim_code"] == "PP521"
    assert moved.evidence["written"]["commit"] == docs  # the move did not re-record the plan
    assert moved.evidence["written"]["document_path"] == PLAN_PATH
    assert moved.message.startswith("docs/01-NOTES.md existed when 01-01 was completed (")
    assert f"in {archive[:7]} (" in moved.message


def test_context_references_are_judged_before_the_plan_started(tmp_path):
    """The plan's own work deletes a file its <context> names: the executor read it first."""
    commit(tmp_path, "feat(00-01): old manifest", {"k8s/old.yaml": "kind: X\n"}, when=1)
    start = git(tmp_path, "rev-parse", "HEAD")
    work = commit(tmp_path, "feat(01-01): replace the old manifest", {"src/parser.py": PARSER},
                  delete=["k8s/old.yaml"], when=2)
    docs = commit(tmp_path, "docs(01-01): plan and summary, committed late", {
        PLAN_PATH: parser_plan(body="<context>\n@k8s/old.yaml\n@k8s/never.yaml\n</context>"),
        SUMMARY_PATH: summary(["src/parser.py"])}, when=3)
    findings = verify(tmp_path)
    [never] = codes(findings, "PP521")
    assert "k8s/never.yaml" in never.message and never.evidence["judged_at"]["commit"] == docs
    [drift] = codes(findings, "PP532")
    assert drift.message == (f"k8s/old.yaml existed when 01-01 was started ({start[:7]}, 2026-04-01); "
                             f"deleted in {work[:7]} (2026-04-02, feat(01-01): replace the old "
                             "manifest)")


def test_a_key_file_the_summary_says_is_not_committed_is_info(tmp_path):
    commit(tmp_path, "feat(01-01): the parser", {"src/parser.py": PARSER}, when=1)
    commit(tmp_path, "docs(01-01): complete", {SUMMARY_PATH: summary(
        ["src/parser.py", "reports/run.csv - load test output (gitignored)", "reports/other.csv"])},
        when=2)
    findings = codes(verify(tmp_path), "PP522")
    assert [(f.severity.value, "not committed" in f.message) for f in findings] == [
        ("info", True), ("error", False)]


def test_drift_names_the_phase_and_plan_the_way_every_message_does(tmp_path):
    """`05-VERIFICATION.md` records phase 5 (not '05'); `5-1-SUMMARY.md` and
    `05-core-02-SUMMARY.md` record plans 05-01 and 05-02, as the planning tree reads them."""
    phase = ".planning/phases/05-core"
    commit(tmp_path, "feat(05-01): the parser", {"src/parser.py": PARSER}, when=1)
    commit(tmp_path, "docs(05): verify", {
        f"{phase}/05-VERIFICATION.md": "---\nstatus: passed\n---\n\n- `src/parser.py` (2 lines): ok\n",
        f"{phase}/5-1-SUMMARY.md": summary(body="- `src/parser.py` (2 lines): the parser"),
        f"{phase}/05-core-02-SUMMARY.md": summary(body="- `src/parser.py` (2 lines): again")},
           when=2)
    commit(tmp_path, "feat(06-01): grow", {"src/parser.py": PARSER + "X = 1\n"}, when=3)
    messages = sorted(f.message for f in codes(verify(tmp_path), "PP532"))
    assert [m.split("; ")[1].split(" (")[0] for m in messages] == [
        "it held when 05-01 was completed", "it held when 05-02 was completed",
        "it held when phase 5 was verified"]


def test_a_line_count_right_then_and_wrong_now_is_drift(tmp_path):
    commit(tmp_path, "feat(01-01): the parser", {"src/parser.py": PARSER}, when=1)
    commit(tmp_path, "docs(01-01): complete", {
        SUMMARY_PATH: summary(body="- `src/parser.py` (2 lines): the parser")}, when=2)
    commit(tmp_path, "feat(02-01): grow", {"src/parser.py": PARSER + "X = 1\n"}, when=3)
    findings = verify(tmp_path)
    assert codes(findings, "PP540") == []
    [drift] = codes(findings, "PP532")
    assert drift.evidence["claim_code"] == "PP540"
    assert drift.message.startswith("src/parser.py has 3 lines, the document says 2 lines; it held")
    # the same count, wrong when written: an error
    commit(tmp_path, "docs(01-01): recount", {
        SUMMARY_PATH: summary(body="- `src/parser.py` (7 lines): the parser")}, when=4)
    [wrong] = codes(verify(tmp_path), "PP540", "PP532")
    assert wrong.code == "PP540"


def test_uncommitted_and_modified_documents_are_judged_against_the_work_tree(tmp_path):
    commit(tmp_path, "feat(01-01): the parser", {"src/parser.py": PARSER}, when=1)
    (tmp_path / PHASE).mkdir(parents=True)
    (tmp_path / PLAN_PATH).write_text(parser_plan("src/ghost.py"))
    (tmp_path / SUMMARY_PATH).write_text(summary())
    [new] = codes(verify(tmp_path), "PP501")
    assert new.evidence["judged_at"] == {"work_tree": True, "why": "01-01-PLAN.md is not committed"}
    commit(tmp_path, "docs(01-01): complete", when=2)
    (tmp_path / SUMMARY_PATH).write_text(summary(["src/parser.py"]))
    [edited] = codes(verify(tmp_path), "PP501")
    assert edited.evidence["judged_at"]["why"] == "01-01-SUMMARY.md is modified in the work tree"


def test_shallow_clone_says_so_once_and_uses_the_work_tree(tmp_path):
    source = tmp_path / "source"
    recorded_then_deleted(source)
    commit(source, "docs: later", {".planning/STATE.md": "# State\n"}, when=4)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{source}", str(clone)],
                   check=True, capture_output=True)
    findings = verify(clone)
    [notice] = codes(findings, "PP533")
    assert notice.evidence["reason"] == "shallow" and notice.evidence["count"] == 2
    assert notice.severity.value == "warning"
    assert [f.code for f in codes(findings, "PP501", "PP522")] == ["PP501", "PP522"]
    assert codes(findings, "PP532") == []


def test_squashed_history_is_judged_at_the_import_commit_and_said_once(tmp_path):
    files = {"src/parser.py": PARSER}
    for phase in ("01-core", "02-api", "03-ui"):
        number = phase[:2]
        for plan_number in ("01", "02"):
            folder = f".planning/phases/{phase}/{number}-{plan_number}"
            files[f"{folder}-PLAN.md"] = parser_plan()
            files[f"{folder}-SUMMARY.md"] = summary(["src/parser.py"])
    squash = commit(tmp_path, "import the project", files, when=1)
    findings = verify(tmp_path)
    [notice] = codes(findings, "PP533")
    assert notice.evidence["reason"] == "squashed" and notice.evidence["count"] == 12
    assert notice.severity.value == "info" and squash[:7] in notice.message
    assert codes(findings, "PP501", "PP502", "PP522", "PP532") == []


def test_as_of_now_and_as_of_a_revision(tmp_path):
    shas = recorded_then_deleted(tmp_path)
    now = verify(tmp_path, as_of="now")
    assert sorted(f.code for f in codes(now, "PP501", "PP522", "PP532")) == ["PP501", "PP522"]
    assert codes(now, "PP501")[0].evidence["judged_at"]["why"] == "--as-of now"
    at_docs = verify(tmp_path, as_of=shas["docs"][:10])
    assert codes(at_docs, "PP501", "PP522", "PP532") == []
    at_delete = verify(tmp_path, as_of="HEAD")
    [artifact] = codes(at_delete, "PP501")
    assert artifact.evidence["judged_at"] == {"commit": shas["delete"], "date": "2026-04-03",
                                              "as_of": "HEAD"}
    [notice] = codes(verify(tmp_path, as_of="no-such-branch"), "PP533")
    assert notice.evidence["reason"] == "bad-revision"


def test_code_merged_from_a_parallel_branch_after_the_summary_holds(tmp_path):
    commit(tmp_path, "docs: start", {".planning/STATE.md": "# State\n"}, when=1)
    git(tmp_path, "checkout", "-q", "-b", "agent")
    commit(tmp_path, "feat(01-01): the parser", {"src/parser.py": PARSER}, when=2)
    git(tmp_path, "checkout", "-q", "main")
    recorded = commit(tmp_path, "docs(01-01): complete", {PLAN_PATH: parser_plan(),
                                                          SUMMARY_PATH: summary(["src/parser.py"])},
                      when=3)
    git(tmp_path, "merge", "-q", "--no-ff", "-m", "Merge branch 'agent'", "agent", when=4)
    assert codes(verify(tmp_path, as_of=recorded), "PP501", "PP522")  # not there when recorded
    assert codes(verify(tmp_path), "PP501", "PP502", "PP522", "PP532") == []


def test_no_git_repository_is_said_once(tmp_path):
    (tmp_path / PHASE).mkdir(parents=True)
    (tmp_path / PLAN_PATH).write_text(parser_plan())
    (tmp_path / SUMMARY_PATH).write_text(summary())
    (tmp_path / "src").mkdir()
    (tmp_path / "src/parser.py").write_text(PARSER)
    findings = verify(tmp_path)
    [notice] = codes(findings, "PP533")
    assert notice.evidence["reason"] == "no-repository" and notice.severity.value == "info"


@pytest.mark.parametrize("raise_drift", [False, True])
def test_signoff_drift_never_blocks_and_false_when_written_does(tmp_path, run_cli, raise_drift):
    verification = ('---\nphase: "01"\nstatus: passed\n---\n\n# Verification\n\nAll good.\n')
    recorded_then_deleted(tmp_path)
    commit(tmp_path, "docs(01): verify", {f"{PHASE}/01-VERIFICATION.md": verification}, when=4)
    if raise_drift:
        (tmp_path / ".planproof.toml").write_text('[severity]\nPP532 = "warning"\n')
    code, _, report = run_cli("signoff", "01", tmp_path / ".planning", "--root", tmp_path,
                              "--format", "json")
    must = next(c for c in report["checks"] if c["id"] == "must-haves")
    assert must["status"] == "pass" and {n["code"] for n in must["evidence"]} == {"PP532"}
    drift_severity = {f["severity"] for f in report["findings"] if f["code"] == "PP532"}
    assert drift_severity == {"warning" if raise_drift else "info"}
    commit(tmp_path, "docs(01-01): claim more", {
        PLAN_PATH: parser_plan() + "\n", SUMMARY_PATH: summary(["src/parser.py", "src/ghost.py"])},
        when=5)
    code, _, report = run_cli("signoff", "01", tmp_path / ".planning", "--root", tmp_path,
                              "--format", "json")
    must = next(c for c in report["checks"] if c["id"] == "must-haves")
    assert code == 1 and must["status"] == "fail"
    assert {f["code"] for f in must["findings"]} == {"PP501", "PP522"}


def test_as_of_on_the_command_line(tmp_path, run_cli):
    recorded_then_deleted(tmp_path)
    args = ("verify", tmp_path / ".planning", "--root", tmp_path, "--select", "PP5",
            "--format", "json")
    code, _, report = run_cli(*args)
    assert code == 0 and {f["code"] for f in report["findings"]} == {"PP532"}
    code, _, report = run_cli(*args, "--as-of", "now")
    assert code == 1 and {f["code"] for f in report["findings"]} == {"PP501", "PP522"}


def test_without_batch_command_the_answers_are_the_same(tmp_path, monkeypatch):
    """git older than 2.36 has no `cat-file --batch-command`: one `run_git` per batch instead."""
    from planproof.evidence import gitbatch

    recorded_then_deleted(tmp_path)
    commit(tmp_path, "feat(03-01): stub", {"src/parser.py": "# gone\n"}, when=4)
    history_rules = ("PP50", "PP51", "PP52", "PP53", "PP54")
    expected = [(f.code, f.line, f.message) for f in verify(tmp_path, select=history_rules)]
    monkeypatch.setattr(gitbatch, "git_command", lambda args: ["git", "no-such-command"])
    assert [(f.code, f.line, f.message) for f in verify(tmp_path, select=history_rules)] == expected
    assert {code for code, _, _ in expected} == {"PP532"}


def test_a_new_commit_is_seen_by_the_next_run_in_the_same_process(tmp_path):
    commit(tmp_path, "feat(01-01): the parser", {"src/parser.py": PARSER}, when=1)
    commit(tmp_path, "docs(01-01): complete", {SUMMARY_PATH: summary(["src/parser.py"])}, when=2)
    assert codes(verify(tmp_path), "PP522", "PP532") == []
    commit(tmp_path, "feat(02-01): drop the parser", delete=["src/parser.py"], when=3)
    [drift] = codes(verify(tmp_path), "PP522", "PP532")
    assert drift.code == "PP532"


def test_a_planning_document_committed_after_the_plan_that_read_it_is_not_an_error(tmp_path):
    verification = ".planning/research/01-VERIFICATION.md"
    commit(tmp_path, "feat(01-01): the parser", {"src/parser.py": PARSER}, when=1)
    body = f"<context>\n@{verification}\n@{PHASE}/01-NEVER.md\n</context>"
    commit(tmp_path, "docs(01-01): complete", {PLAN_PATH: parser_plan(body=body),
                                               SUMMARY_PATH: summary()}, when=2)
    added = commit(tmp_path, "docs(01): verification, committed late",
                   {verification: '---\nphase: "01"\nstatus: passed\n---\n# Verification\n'}, when=3)
    [never] = codes(verify(tmp_path), "PP521", "PP532")
    assert never.code == "PP521" and "01-NEVER.md" in never.message
    (tmp_path / ".planning/milestones/v1.0-phases").mkdir(parents=True)
    git(tmp_path, "mv", PHASE, ".planning/milestones/v1.0-phases/")
    git(tmp_path, "mv", ".planning/research", ".planning/old-research")
    commit(tmp_path, "chore: archive v1.0", when=4)
    findings = sorted(codes(verify(tmp_path), "PP521", "PP532"), key=lambda f: f.code)
    assert [f.code for f in findings] == ["PP521", "PP532"]
    assert findings[1].message.startswith(f"{verification} was committed only after 01-01 was "
                                          f"completed (") and f"in {added[:7]} (" in findings[1].message


def test_a_git_that_fails_is_not_called_a_repository_without_commits(tmp_path):
    root = make_repo(tmp_path / "r", {"a.txt": "a\n", ".planning/01-01-SUMMARY.md":
                                      "---\nphase: '01'\nkey-files:\n  created: [a.txt]\n---\n"})
    with open(root / ".git" / "config", "a") as config:
        config.write("[core\n")  # git refuses to run with a broken config
    [notice] = by_code(verify(root, select=("PP533",)), "PP533")
    assert notice.evidence["reason"] == "git-failed" and "bad config" in notice.evidence["detail"]


def test_a_dotted_phase_matches_its_commit_tags_written_without_the_leading_zero(tmp_path):
    """`feat(9.1-01)` is work of plan 09.1-01: commit tags and file names are read as one id."""
    phase = ".planning/phases/09.1-hotfix"
    commit(tmp_path, "feat(00-01): old manifest", {"k8s/old.yaml": "kind: X\n"}, when=1)
    start = git(tmp_path, "rev-parse", "HEAD")
    commit(tmp_path, "feat(9.1-01): replace the old manifest", {"src/parser.py": PARSER},
           delete=["k8s/old.yaml"], when=2)
    commit(tmp_path, "docs(09.1-01): plan and summary", {
        f"{phase}/09.1-01-PLAN.md": parser_plan(body="<context>\n@k8s/old.yaml\n</context>"),
        f"{phase}/09.1-01-SUMMARY.md": summary(["src/parser.py"])}, when=3)
    findings = verify(tmp_path)
    assert codes(findings, "PP521") == []
    [drift] = codes(findings, "PP532")
    assert drift.message.startswith(f"k8s/old.yaml existed when 09.1-01 was started ({start[:7]}, ")
