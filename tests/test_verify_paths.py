"""Safe path resolution: every escape attempt is a refusal with a reason, never a read."""

from __future__ import annotations

import os

import pytest
from verify_helpers import PHASE, SUMMARY, by_code, make_repo, plan, verify

from planproof.evidence.paths import PathResolver, clean


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "repo"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("TOP SECRET\n")
    make_repo(root, {"src/app.py": "def main():\n    pass\n", "docs/guide.md": "guide\n",
                     f"{PHASE}/notes.md": "x\n"}, init=False)
    os.symlink(outside / "secret.txt", root / "src" / "leak.txt")
    os.symlink(outside, root / "src" / "outdir")
    os.symlink(outside / "nothing-here", root / "src" / "dangling-out")
    os.symlink(root / "src" / "app.py", root / "src" / "inside.py")
    os.symlink(root / "src" / "loop-a", root / "src" / "loop-b")
    os.symlink(root / "src" / "loop-b", root / "src" / "loop-a")
    return root


@pytest.mark.parametrize("written, reason", [
    ("../../../../outside/secret.txt", "parent-escape"),
    ("src/../../outside/secret.txt", "parent-escape"),
    ("/etc/passwd", "absolute"),
    ("C:\\Windows\\system.ini", "absolute"),
    ("\\\\server\\share\\x", "absolute"),
    ("~/.ssh/id_rsa", "home"),
    ("~root/.profile", "home"),
    ("$HOME/.claude/x.md", "home"),
    ("${HOME}/x.md", "home"),
    ("/Users/alice/project/x.py", "home"),
    ("/home/bob/x.py", "home"),
    ("src/app\x00.py", "nul"),
    ("src/leak.txt", "symlink-escape"),
    ("src/outdir/secret.txt", "symlink-escape"),
    ("src/dangling-out", "symlink-escape"),
    ("src/loop-a", "symlink-loop"),
    ("src/loop-a/deeper.py", "symlink-loop"),
    ("``", "empty"),
    ("a/" * 3000, "invalid"),
])
def test_escapes_are_refused_with_a_reason(tree, written, reason):
    resolved = PathResolver(str(tree)).resolve(written, str(tree / PHASE))
    assert resolved.refused == reason
    assert resolved.abspath is None
    assert not resolved.exists
    assert resolved.evidence()["found"] == "not read"


@pytest.mark.parametrize("written, relative, kind", [
    ("src/app.py", "src/app.py", "file"),
    ("`src/app.py`", "src/app.py", "file"),
    ("src/app.py:12", "src/app.py", "file"),
    ("src/", "src", "dir"),
    ("src/inside.py", "src/inside.py", "file"),  # a link that stays inside the root is fine
    ("./notes.md", f"{PHASE}/notes.md", "file"),  # ./ is relative to the document
    ("../../../src/app.py", "src/app.py", "file"),  # .. that stays inside the root
    ("src/missing.py", "src/missing.py", "missing"),
    (".", ".", "dir"),
])
def test_paths_inside_the_root(tree, written, relative, kind):
    resolved = PathResolver(str(tree)).resolve(written, str(tree / PHASE))
    assert resolved.refused is None
    assert (resolved.relative, resolved.kind) == (relative, kind)


def test_clean_strips_decoration():
    assert clean(" 'src/a.py' ") == "src/a.py"
    assert clean("src/a.py#L10-L20") == "src/a.py"


def test_answers_are_cached(tree):
    resolver = PathResolver(str(tree))
    first = resolver.resolve("src/app.py")
    (tree / "src" / "app.py").unlink()
    assert resolver.resolve("src/app.py") is first


def test_escaping_artifacts_are_findings_not_reads(tree):
    """A symlinked artifact whose target contains the promised text outside the root: PP506,
    and nothing is reported about its content because it is never read."""
    (tree / PHASE / "01-01-PLAN.md").write_text(plan(artifacts="""
        - path: "src/leak.txt"
          provides: "secret"
          contains: "TOP SECRET"
        - path: "../../../../outside/secret.txt"
          provides: "secret"
        - path: "/etc/passwd"
          provides: "users"
        - path: "src/loop-a"
          provides: "loop"
    """))
    (tree / PHASE / "01-01-SUMMARY.md").write_text(SUMMARY)
    findings = verify(tree)
    refused = by_code(findings, "PP506")
    assert sorted(f.evidence["refused"] for f in refused) == [
        "absolute", "parent-escape", "symlink-escape", "symlink-loop"]
    assert all(f.severity.value == "warning" for f in refused)
    assert not by_code(findings, "PP501") and not by_code(findings, "PP502")
    nothing = by_code(findings, "PP505")
    assert len(nothing) == 1 and nothing[0].evidence["checkable"] == 0
    assert refused[0].line > 1  # positioned at the path's value in the frontmatter


def test_home_context_references_are_reported_not_read(tree):
    (tree / PHASE / "01-01-PLAN.md").write_text(plan(body="""
        <context>
        @$HOME/.claude/get-shit-done/workflows/execute-plan.md
        @/Users/alice/.claude/templates/summary.md
        @/lib/utils
        @src/app.py
        @../../../../outside/secret.txt
        </context>
    """))
    findings = verify(tree)
    home = by_code(findings, "PP507")
    assert len(home) == 2 and all(f.severity.value == "info" for f in home)
    assert [f.evidence["refused"] for f in by_code(findings, "PP506")] == ["parent-escape"]
    assert not by_code(findings, "PP521")  # @/lib is an alias, @src/app.py exists
