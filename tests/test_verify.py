"""`planproof verify`: every PP5xx check on real repositories (git init, commits, files) in tmp dirs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from example_positions import assert_reported_at
from verify_helpers import PHASE, SUMMARY, by_code, git, make_repo, plan, verify

from planproof.engine import check_text
from planproof.planning.examples import example_sections
from planproof.rules import all_rules

SOURCE = {
    "src/app/parser.py": '''
        """Parser."""
        from app.lexer import tokenize

        class Parser:
            pass

        def parse(text):
            return tokenize(text)
        ''',
    "src/app/lexer.py": "def tokenize(text):\n    return text.split()\n",
    "src/app/big.py": "".join(f"x{i} = {i}\n" for i in range(50)),
    "tests/test_parser.py": '''
        import pytest

        def test_a():
            pass

        @pytest.mark.parametrize("x", [1, 2, 3])
        def test_b(x):
            pass
        ''',
    "web/api.test.ts": "it('a', () => {});\ntest('b', () => {});\n",
    "docs/": None,
}


@pytest.fixture
def repo(tmp_path):
    files = {k: v for k, v in SOURCE.items() if v is not None}
    root = make_repo(tmp_path / "project", files)
    (root / "docs").mkdir()
    return root


def write_plan(root, text, executed=True, name="01-01"):
    folder = root / PHASE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}-PLAN.md").write_text(text)
    if executed:
        (folder / f"{name}-SUMMARY.md").write_text(SUMMARY)
    return folder / f"{name}-PLAN.md"


def write_doc(root, name, text):
    folder = root / PHASE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return folder / name


# -- artifacts ------------------------------------------------------------------------------

def test_artifacts_that_hold_raise_nothing(repo):
    write_plan(repo, plan(artifacts="""
        - path: "src/app/parser.py"
          provides: "parser"
          contains: "class Parser"
          min_lines: 5
          exports: ["Parser", "parse", "tokenize"]
        - path: "docs/"
          provides: "docs folder"
    """))
    assert verify(repo, select=["PP501", "PP502", "PP503", "PP504", "PP505"]) == []


def test_missing_artifact_executed_is_an_error_with_evidence(repo):
    write_plan(repo, plan(artifacts="""
        - path: "src/app/missing.py"
          provides: "nothing"
    """))
    [finding] = by_code(verify(repo), "PP501")
    assert finding.severity.value == "error"
    assert finding.line == 10 and finding.column == 13
    assert finding.evidence["resolved"] == "src/app/missing.py"
    assert finding.evidence["found"] == "missing"
    assert finding.evidence["expected"] == "a file or directory"


def test_missing_artifact_of_unexecuted_plan_is_info(repo):
    write_plan(repo, plan(artifacts="""
        - path: "src/app/missing.py"
          provides: "nothing"
    """), executed=False)
    [finding] = by_code(verify(repo), "PP501")
    assert finding.severity.value == "info"
    assert "not executed yet" in finding.message


def test_a_plan_is_executed_when_the_tree_pairs_a_summary_with_it(repo):
    """Evidence pairs a PLAN with its SUMMARY as the planning tree does (PP701/PP702): by name,
    else by plan id; `01-01-setup-PLAN.md` with `01-01-SUMMARY.md` is executed, not a promise."""
    artifacts = plan(artifacts="""
        - path: "src/app/missing.py"
          provides: "nothing"
    """)
    write_plan(repo, artifacts, executed=False, name="01-01-setup")
    write_doc(repo, "01-01-SUMMARY.md", SUMMARY)
    [finding] = by_code(verify(repo), "PP501")
    assert finding.severity.value == "error" and "not executed" not in finding.message


def test_directory_where_content_is_claimed(repo):
    write_plan(repo, plan(artifacts="""
        - path: "docs"
          provides: "docs"
          contains: "hello"
    """))
    [finding] = by_code(verify(repo), "PP501")
    assert "is a directory, not a file" in finding.message


def test_contains_missing_and_regex_looking_text(repo):
    write_plan(repo, plan(artifacts="""
        - path: "src/app/parser.py"
          provides: "parser"
          contains: "class Lexer"
        - path: "src/app/lexer.py"
          provides: "lexer"
          contains: "def tok.*text"
    """))
    literal, regexy = by_code(verify(repo), "PP502")
    assert literal.severity.value == "error"
    assert literal.evidence["expected"] == {"contains": "class Lexer"}
    assert regexy.severity.value == "warning"
    assert regexy.evidence["regex_match"]["line"] == 1


def test_min_lines(repo):
    write_plan(repo, plan(artifacts="""
        - path: "src/app/lexer.py"
          provides: "lexer"
          min_lines: 30
        - path: "src/app/big.py"
          provides: "big"
          min_lines: 50
    """))
    [finding] = by_code(verify(repo), "PP503")
    assert finding.evidence["found"]["lines"] == 2
    assert finding.evidence["expected"] == {"min_lines": 30}


def test_exports(repo):
    (repo / "src/app/mod.ts").write_text("export function used() {}\nfunction internal() {}\n")
    write_plan(repo, plan(artifacts="""
        - path: "src/app/parser.py"
          provides: "parser"
          exports: ["Parser", "Missing"]
        - path: "src/app/mod.ts"
          provides: "module"
          exports: ["used", "internal"]
    """))
    missing, not_exported = by_code(verify(repo), "PP504")
    assert missing.severity.value == "error" and "'Missing'" in missing.message
    assert missing.evidence["language"] == "python" and "Parser" in missing.evidence["found"]
    assert not_exported.severity.value == "warning"
    assert "not as a top-level export" in not_exported.message


def test_no_checkable_artifacts(repo):
    write_plan(repo, plan(artifacts="""
        - "the parser module"
        - provides: "something without a path"
    """))
    [finding] = by_code(verify(repo), "PP505")
    assert finding.severity.value == "warning" and finding.evidence["checkable"] == 0
    assert len(finding.evidence["unchecked"]) == 2
    write_plan(repo, plan(extra="must_haves:\n  artifacts: []\n").replace(
        "must_haves:\n  truths:\n    - \"it works\"\n", ""))
    [empty] = by_code(verify(repo), "PP505")
    assert empty.severity.value == "info"


def test_gap_artifacts(repo):
    write_doc(repo, "01-VERIFICATION.md", """---
phase: "01"
status: gaps_found
score: 1/2 must-haves verified
gaps:
  - truth: "x"
    status: failed
    artifacts:
      - path: "src/app/gone.py"
        issue: "wrong return type"
      - path: "src/app/never.py"
        issue: "file does not exist"
      - path: "src/app/parser.py"
        issue: "stub"
---
""")
    [finding] = by_code(verify(repo), "PP501")
    assert finding.evidence["resolved"] == "src/app/gone.py"


# -- key links ------------------------------------------------------------------------------

def test_key_links(repo):
    write_plan(repo, plan(artifacts="""
        - path: "src/app/parser.py"
          provides: "parser"
        - path: "src/app/lexer.py"
          provides: "lexer"
    """, key_links=r"""
        - from: "src/app/parser.py"
          to: "src/app/lexer.py"
          via: "import"
          pattern: "from app\\.lexer import tokenize"
        - from: "parser.py"
          to: "lexer.py"
          via: "found in 'to' only"
          pattern: "return text\\.split"
        - from: "src/app/parser.py tokenize call"
          to: "src/app/lexer.py"
          via: "no pattern: from mentions to"
        - from: "src/app/parser.py"
          to: "src/app/lexer.py"
          via: "stale"
          pattern: "lexer\\.scan\\("
        - from: "src/app/lexer.py"
          to: "src/app/big.py"
          via: "no mention"
    """))
    findings = verify(repo)
    stale, no_mention = by_code(findings, "PP510")
    assert stale.evidence["searched"] == ["src/app/parser.py", "src/app/lexer.py"]
    assert stale.evidence["expected"] == {"pattern": r"lexer\.scan\("}
    assert "does not mention" in no_mention.message
    assert not by_code(findings, "PP511") and not by_code(findings, "PP512")


def test_key_link_from_missing(repo):
    write_plan(repo, plan(key_links="""
        - from: "src/app/nowhere.py"
          to: "src/app/lexer.py"
          via: "import"
    """))
    [finding] = by_code(verify(repo), "PP510")
    assert "does not exist" in finding.message


def test_invalid_regex_reports_the_error(repo):
    write_plan(repo, plan(key_links="""
        - from: "src/app/parser.py"
          to: "src/app/lexer.py"
          pattern: "tokenize("
    """))
    [finding] = by_code(verify(repo), "PP511")
    assert "missing )" in finding.evidence["regex_error"]
    assert not by_code(verify(repo), "PP510")


def test_catastrophic_regex_does_not_hang(repo):
    (repo / "src/app/aaa.txt").write_text("a" * 40_000 + "!\n")
    write_plan(repo, plan(key_links="""
        - from: "src/app/aaa.txt"
          to: "src/app/lexer.py"
          pattern: "(a+)+$"
        - from: "src/app/aaa.txt"
          to: "src/app/lexer.py"
          pattern: "%s"
    """ % ("x" * 100_000)))
    import time

    start = time.perf_counter()
    findings = by_code(verify(repo), "PP513")
    assert time.perf_counter() - start < 5
    assert sorted(f.evidence["limit"] for f in findings) == ["timeout", "too-long"]


def test_unresolvable_key_links_are_listed_not_passed(repo):
    write_plan(repo, plan(key_links="""
        - from: "Codecov or Coveralls"
          to: "the CI badge"
          pattern: "badge"
        - from: "src/app/parser.py"
          to: "the whole world"
    """))
    findings = by_code(verify(repo), "PP512")
    assert len(findings) == 2 and all(f.severity.value == "info" for f in findings)


# -- files and references -------------------------------------------------------------------

def test_files_modified_of_executed_plans(repo):
    text = plan(files_modified="""
        - src/app/parser.py
        - src/app/vanished.py
        - src/app/old_api.py
        - AUTH-01
    """, body="Delete src/app/old_api.py once the parser lands.")
    write_plan(repo, text)
    vanished, deleted = sorted(by_code(verify(repo), "PP520"), key=lambda f: f.line)
    assert vanished.severity.value == "error" and vanished.evidence["resolved"] == "src/app/vanished.py"
    assert deleted.severity.value == "info" and "deleting" in deleted.message
    write_plan(repo, text, executed=False, name="01-02")
    assert len(by_code(verify(repo), "PP520")) == 2  # the unexecuted 01-02 adds nothing


def test_context_references(repo):
    write_plan(repo, plan(body="""
        <context>
        @.planning/phases/01-core/01-01-PLAN.md
        @src/app/parser.py
        @src/app/ghost.py
        @/lib/components
        @dataclass
        </context>
    """))
    [finding] = by_code(verify(repo), "PP521")
    assert finding.evidence["resolved"] == "src/app/ghost.py"
    assert finding.severity.value == "warning"


@pytest.mark.parametrize("key", ["key-files", "key_files"])
def test_summary_key_files(repo, key):
    write_doc(repo, "01-01-SUMMARY.md", f"""---
phase: "01"
plan: "01"
{key}:
  created:
    - src/app/parser.py
    - "src/app/ghost.py - the ghost module"
  modified:
    - src/app/lexer.py (tokenizer)
    - tests/test_missing.py
---
""")
    findings = by_code(verify(repo), "PP522")
    assert [f.evidence["resolved"] for f in findings] == ["src/app/ghost.py", "tests/test_missing.py"]


# -- git ------------------------------------------------------------------------------------

def test_commit_hashes(repo):
    head = git(repo, "rev-parse", "--short=7", "HEAD")
    write_doc(repo, "01-01-SUMMARY.md", f"""---
phase: "01"
---
# Summary

1. **Task 1: parser** - `{head}` (feat)
2. **Task 2: lexer** - `0aa0bb1` (feat)

| Task | Commit | Message |
|------|--------|---------|
| 3 | 1cc2dd3 | feat: more |

- Commit 2ee3ff4: FOUND
- Colour `#a1b2c3d` and `a1b2c3d4e5` in backticks next to an alembic revision
- Checksum 9f9f9f9f9f9f in plain prose is not a commit
```
commit 3aa4bb5 inside fenced code is ignored
```
""")
    findings = by_code(verify(repo), "PP530")
    assert sorted(f.evidence["expected"]["commit"] for f in findings) == [
        "0aa0bb1", "1cc2dd3", "2ee3ff4"]
    assert all(f.evidence["checked_with"] == "git cat-file --batch-check" for f in findings)
    assert not by_code(verify(repo), "PP531")


def test_no_git_history_is_one_finding(tmp_path):
    root = make_repo(tmp_path / "nogit", {"a.py": "x = 1\n"}, init=False)
    for name in ("01-01-SUMMARY.md", "01-02-SUMMARY.md"):
        write_doc(root, name, "# Summary\n\n- `abc1234` (feat)\n- commit def5678\n")
    findings = verify(root)
    assert not by_code(findings, "PP530")
    [finding] = by_code(findings, "PP531")
    assert finding.evidence["hashes"] == 2 and len(finding.evidence["documents"]) == 2
    assert finding.severity.value == "warning"


def test_repository_without_commits(tmp_path):
    root = make_repo(tmp_path / "fresh", {"a.py": "x = 1\n"}, commit=False)
    write_doc(root, "01-01-SUMMARY.md", "# Summary\n\n- `abc1234` (feat)\n")
    [finding] = by_code(verify(root), "PP531")
    assert finding.evidence["problem"] == "no-commits"


# -- counts ---------------------------------------------------------------------------------

def test_line_and_test_counts(repo):
    write_doc(repo, "01-01-SUMMARY.md", """---
phase: "01"
---
# Summary

- `src/app/big.py` - constants (50 lines)
- `src/app/lexer.py` - tokenizer (12 lines)
- `src/app/big.py` is ~48 lines
- `src/app/big.py` is ~40 lines
- `src/app/parser.py` has 5+ lines
- `src/app/lexer.py` (10 lines deleted)
- `tests/test_parser.py` - 4 tests
- `tests/test_parser.py` - 9 tests
- `web/api.test.ts` - 2 tests
- `web/api.test.ts` - 3 tests (full suite: 40 tests)

| Artifact | Expected | Status | Details |
|----------|----------|--------|---------|
| `src/app/big.py` | min 30 lines | VERIFIED | 52 lines |
""")
    findings = verify(repo)
    lines = by_code(findings, "PP540")
    assert [(f.evidence["resolved"], f.evidence["expected"]["lines"]) for f in lines] == [
        ("src/app/lexer.py", 12), ("src/app/big.py", 40), ("src/app/big.py", 52)]
    assert lines[0].evidence["found"] == {"lines": 2, "counted_as": "wc -l"}
    tests = by_code(findings, "PP541")
    assert [f.evidence["expected"]["tests"] for f in tests] == [9]
    assert tests[0].evidence["found"]["tests"] == 4


def test_test_count_lower_bound_does_not_refute_more(repo):
    (repo / "tests/test_dyn.py").write_text(
        "import pytest\nCASES = [1, 2, 3]\n@pytest.mark.parametrize('x', CASES)\ndef test_a(x): pass\n"
        "def test_b(): pass\n")
    write_doc(repo, "01-01-SUMMARY.md", "# Summary\n\n- `tests/test_dyn.py` - 4 tests\n"
                                        "- `tests/test_dyn.py` - 1 test\n")
    [finding] = by_code(verify(repo), "PP541")
    assert finding.evidence["found"] == {"tests": 2, "lower_bound": True,
                                         "counted_as": "static python test count"}
    assert "at least 2" in finding.message


# -- nothing is executed --------------------------------------------------------------------

def test_verify_commands_are_listed_never_run(repo, tmp_path):
    sentinel = tmp_path / "SENTINEL"
    write_plan(repo, plan(body=f"""
        <tasks>
        <task type="auto">
          <name>Task 1</name>
          <verify><automated>touch {sentinel}</automated></verify>
        </task>
        <task type="checkpoint:human-verify">
          <how-to-verify>Open the app and click Save</how-to-verify>
        </task>
        </tasks>
    """))
    write_doc(repo, "01-VERIFICATION.md", """---
phase: "01"
status: human_needed
score: 1/1 must-haves verified
human_verification:
  - test: "Log in"
    expected: "Dashboard shows"
    why_human: "visual"
---
""")
    findings = by_code(verify(repo), "PP550")
    assert not sentinel.exists()
    checks = {f.path.rsplit("/", 1)[-1]: f.evidence["manual_checks"] for f in findings}
    assert checks["01-01-PLAN.md"][0]["text"] == f"touch {sentinel}"
    assert [c["kind"] for c in checks["01-01-PLAN.md"]] == ["command", "human"]
    assert checks["01-VERIFICATION.md"][0]["text"].startswith("test: Log in")
    assert all(f.severity.value == "info" for f in findings)


# -- roots ----------------------------------------------------------------------------------

def test_root_defaults_to_the_git_top_level(repo, monkeypatch, tmp_path):
    write_plan(repo, plan(artifacts="""
        - path: "src/app/parser.py"
          provides: "parser"
          contains: "class Nope"
    """))
    monkeypatch.chdir(tmp_path)
    [finding] = by_code(verify(repo, explicit_root=False), "PP502")
    assert finding.evidence["root"] == os.path.relpath(repo, tmp_path)


def test_root_without_git_is_the_current_directory(tmp_path, monkeypatch):
    root = make_repo(tmp_path / "plain", {"src/a.py": "x = 1\n"}, init=False)
    write_plan(root, plan(artifacts="""
        - path: "src/a.py"
          provides: "a"
          contains: "y = 2"
    """))
    monkeypatch.chdir(root)
    [finding] = by_code(verify(root, explicit_root=False), "PP502")
    assert finding.evidence["root"] == "."


# -- command line ---------------------------------------------------------------------------

def test_cli_verify_json(repo, run_cli):
    write_plan(repo, plan(artifacts="""
        - path: "src/app/missing.py"
          provides: "x"
    """))
    code, _, data = run_cli("verify", repo / ".planning", "--root", repo, "--select", "PP5",
                            "--format", "json")
    assert code == 1
    assert [f["code"] for f in data["findings"]] == ["PP501"]
    assert data["findings"][0]["evidence"]["resolved"] == "src/app/missing.py"


def test_cli_verify_root_must_exist(repo, run_cli, tmp_path):
    code, output, _ = run_cli("verify", repo / ".planning", "--root", tmp_path / "nope")
    assert code == 2 and "does not exist" in output


def test_lint_does_not_run_verify_rules(repo, run_cli):
    write_plan(repo, plan(artifacts="""
        - path: "src/app/missing.py"
          provides: "x"
    """))
    _, _, data = run_cli("lint", repo / ".planning", "--select", "PP5", "--format", "json")
    assert data["findings"] == []


DEMO = os.path.join(os.path.dirname(__file__), "..", "fixtures", "demo")


def demo_repository(target) -> str:
    """The demo project as a git repository of its own, its SUMMARY naming its first commit
    instead of `a19e146` (a commit of planproof's history, absent from shallow clones)."""
    shutil.copytree(DEMO, target)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "demo")
    first = git(target, "rev-parse", "--short=7", "HEAD")
    summary = target / ".planning" / "phases" / "01-parser" / "01-01-SUMMARY.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("a19e146", first),
                       encoding="utf-8")
    git(target, "commit", "-q", "-am", "docs(01-01): summary names its commit")
    return str(target)


def test_demo_project_is_deterministic(run_cli, tmp_path):
    demo = demo_repository(tmp_path / "demo")
    args = ("verify", os.path.join(demo, ".planning"), "--root", demo, "--select", "PP5",
            "--format", "json")
    code, first, data = run_cli(*args)
    _, second, _ = run_cli(*args)
    assert code == 1 and first == second
    found = sorted((f["code"], f["severity"]) for f in data["findings"])
    assert found == [("PP501", "error"), ("PP503", "error"), ("PP504", "error"),
                     ("PP507", "info"), ("PP510", "warning"), ("PP522", "error"),
                     ("PP530", "error"), ("PP541", "warning"), ("PP550", "info"),
                     ("PP550", "info"), ("PP576", "warning")]


def test_missing_commit_in_a_shallow_clone_is_a_warning_with_the_fetch_hint(tmp_path):
    origin = make_repo(tmp_path / "origin", {"a.txt": "a\n"})
    first = git(origin, "rev-parse", "--short=7", "HEAD")
    (origin / ".planning").mkdir()
    (origin / ".planning" / "01-01-SUMMARY.md").write_text(
        f"---\nphase: '01'\n---\n# Summary\n\n- Task 1 - `{first}` (feat)\n")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "summary")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(shallow))
    [finding] = by_code(verify(shallow), "PP530")
    assert finding.severity.value == "warning"
    assert "shallow clone" in finding.hint and first in finding.message


# -- rule documentation examples ------------------------------------------------------------

PROSE_EXAMPLES = {  # verify rules whose failing example is prose, and the test that covers it
    "PP513": "needs a file of 40,000 characters: test_verify_evidence.py (catastrophic pattern)",
    "PP532": "needs a history where the file is deleted after the claim: test_verify_history.py",
    "PP533": "needs a shallow clone or a squashed history: test_verify_history.py",
}
OUTSIDE_GIT = {"PP531"}  # its failing example is verified in a folder that is no git repository


def run_example(rule, text: str, root, in_git: bool = True) -> list:
    """An example as documented: its files (documents too) written under `root` and committed to
    a new git repository unless `in_git` is false, its documents checked in verify mode there."""
    from planproof.config import Settings

    files = {"README.md": "x\n", **dict(example_sections(text))}
    make_repo(root, files, init=in_git)
    return check_text(text, rule.example_path, Settings(select=[rule.code], root=str(root)),
                      mode="verify")


@pytest.mark.parametrize("code", [c for c, r in all_rules().items() if r.mode == "verify"
                                  and c.startswith("PP5")])
def test_rule_examples(code, monkeypatch, tmp_path):
    """Every verify rule's examples run for real, against the files they show; the bad one is
    reported where the rule declares (`at`)."""
    rule = all_rules()[code]
    for name, text, in_git in (("bad", rule.bad, code not in OUTSIDE_GIT), ("good", rule.good, True)):
        root = tmp_path / name
        root.mkdir()
        monkeypatch.chdir(root)
        if name == "bad" and code in PROSE_EXAMPLES:
            assert text.startswith("(") and rule.at is None
            continue
        found = [f for f in run_example(rule, text, root, in_git) if f.code == code]
        if name == "bad":
            assert_reported_at(rule, found)
        assert bool(found) == (name == "bad"), (name, text, found)
        assert json.dumps([f.to_dict() for f in found])  # evidence stays serialisable


def test_every_verify_example_is_real_or_documented_as_prose():
    for code, rule in all_rules().items():
        if rule.mode == "verify" and code.startswith("PP5"):
            assert not rule.good.startswith("("), code
            assert rule.bad.startswith("(") == (code in PROSE_EXAMPLES), code
            assert (rule.at is None) == (code in PROSE_EXAMPLES), f"{code}: only prose has no position"


def test_json_lists_manual_checks_at_top_level(repo, run_cli):
    write_plan(repo, plan(body="""
        <tasks>
        <task type="auto">
          <name>Task 1</name>
          <verify><automated>npm test</automated></verify>
        </task>
        </tasks>
    """))
    _, _, data = run_cli("verify", repo / ".planning", "--root", repo, "--select", "PP550",
                         "--format", "json")
    [check] = data["manual_checks"]
    assert check["kind"] == "command" and check["text"] == "npm test"
    assert check["path"].endswith("01-01-PLAN.md") and check["line"] == 16
    _, _, linted = run_cli("lint", repo / ".planning", "--format", "json")
    assert "manual_checks" not in linted


def test_declaring_the_rules_loads_no_repository_judge():
    """`planproof rules` declares PP5xx without loading the pass that judges the claims (nor the
    git history, snapshots or stub scanners it reads): those load on the first verify check."""
    probe = ("import sys\nfrom planproof.rules import all_rules\nall_rules()\n"
             "print(' '.join(m for m in sys.modules if m.startswith('planproof.')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert "planproof.rules.repository.artifact_rules" in loaded
    for judge in ("planproof.rules.repository.document_pass", "planproof.rules.repository.when_written",
                  "planproof.evidence.timeline", "planproof.evidence.history",
                  "planproof.evidence.stubs", "planproof.evidence.source_index"):
        assert judge not in loaded, judge
