"""verify's speed work must not change a verdict: document facts found in worker processes, and
the verify cache (lint-scope findings and facts kept, evidence always recomputed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planproof import engine, pipeline
from planproof.config import Settings
from planproof.document import Document
from planproof.claims.coverage import coverage_claims
from planproof.claims import test_results
from planproof.claims.verifiable import coverage_relevant
from test_verify_history import PARSER, PLAN_PATH, SUMMARY_PATH, commit, parser_plan, summary
from verify_helpers import by_code, make_repo

COVERED = "# Phase {n} summary\n\nMeasured coverage: 15.70% overall\n"
PLAIN = "# Phase {n} summary\n\nEverything passed; see the plan.\n"


def _tree(root: Path, count: int = 50) -> Path:
    """`count` SUMMARY documents (enough for the process pool), every tenth with a coverage claim."""
    files = {f".planning/phases/{n:02d}-p/{n:02d}-01-SUMMARY.md":
             (COVERED if n % 10 == 3 else PLAIN).format(n=n) for n in range(1, count + 1)}
    files["src/app.py"] = "x = 1\n"
    return make_repo(root, files)


def _run(root: Path, **settings):
    options = dict(cache=False, root=str(root))
    options.update(settings)
    return pipeline.run([str(root / ".planning")], Settings(**options), "verify")


def _dicts(result):
    return [f.to_dict() for f in result.findings]


def test_coverage_claims_found_by_workers_reach_the_tree_rules(tmp_path):
    root = _tree(tmp_path / "repo")
    pooled, serial = _run(root, jobs=2), _run(root, jobs=1)
    assert _dicts(pooled) == _dicts(serial)
    unchecked = sorted(Path(f.path).name for f in pooled.findings if f.code == "PP609")
    assert unchecked == [f"{n:02d}-01-SUMMARY.md" for n in (3, 13, 23, 33, 43)]
    assert all(d.coverage_relevant == (d.path in {f.path for f in pooled.findings
                                                  if f.code == "PP609"})
               for d in pooled.documents)


@pytest.mark.parametrize("frontmatter", [
    'one-liner: "Line coverage reached 85\\x25 overall"',  # the percent sign as a YAML escape
    'one-liner: "Line \\x63overage reached 85% overall"',  # the word as a YAML escape
])
def test_a_claim_spelled_with_yaml_escapes_is_still_a_candidate(frontmatter):
    doc = Document.from_text(f'---\nphase: "01"\n{frontmatter}\n---\n# Summary\n',
                             "01-01-SUMMARY.md")
    assert coverage_claims(doc) and coverage_relevant(doc, Settings())


def test_documents_without_claims_are_not_candidates():
    doc = Document.from_text("# Summary\n\nCoverage will be measured later; 3 tests passed.\n",
                             "01-01-SUMMARY.md")
    assert not coverage_claims(doc) and not coverage_relevant(doc, Settings())


def test_test_result_claims_are_candidates_only_with_junit_files():
    doc = Document.from_text("# Summary\n\nTests: 12/12 passing.\n", "01-01-SUMMARY.md")
    assert test_results.test_claims(doc)
    assert not coverage_relevant(doc, Settings())
    assert coverage_relevant(Document.from_text(doc.text, doc.path), Settings(junit=["r.xml"]))


# --- the verify cache ----------------------------------------------------------------------------

def _cached(root: Path, cache_dir: Path, as_of: str = "written", jobs: int = 1):
    settings = Settings(jobs=jobs, root=str(root), as_of=as_of, cache_dir=str(cache_dir))
    return pipeline.run([str(root / ".planning")], settings, "verify")


@pytest.fixture
def scopes(monkeypatch):
    """The rule scopes each document was checked with (None: every rule)."""
    seen: list = []
    original = engine.check_document

    def spy(doc, selection, ctx, only_mode=None):
        seen.append(only_mode)
        return original(doc, selection, ctx, only_mode)

    monkeypatch.setattr(engine, "check_document", spy)
    return seen


def test_warm_verify_answers_what_an_uncached_run_does(tmp_path):
    root = _tree(tmp_path / "repo")
    cold, warm = (_cached(root, tmp_path / "cache", jobs=2) for _ in range(2))
    assert _dicts(cold) == _dicts(warm) == _dicts(_run(root, jobs=2))
    assert [p for p in (tmp_path / "cache").rglob("docs/*.json")]


def _recorded(root: Path) -> Path:
    commit(root, "feat(01-01): add the parser", {"src/parser.py": PARSER}, when=1)
    commit(root, "docs(01-01): complete the parser plan",
           {PLAN_PATH: parser_plan(), SUMMARY_PATH: summary(["src/parser.py"])}, when=2)
    return root


def test_a_changed_document_is_seen(tmp_path, scopes):
    root = _recorded(tmp_path / "repo")
    assert not by_code(_cached(root, tmp_path / "cache").findings, "PP522")
    (root / SUMMARY_PATH).write_text(summary(["src/parser.py", "src/gone.py"]), encoding="utf-8")
    scopes.clear()
    missing = by_code(_cached(root, tmp_path / "cache").findings, "PP522")
    assert [f.evidence["path"] for f in missing] == ["src/gone.py"]
    assert sorted(scopes, key=str) == [None, "verify"]  # the plan from the cache, not the summary


def test_a_changed_evidence_file_is_seen(tmp_path, scopes):
    root = _recorded(tmp_path / "repo")
    assert not by_code(_cached(root, tmp_path / "cache", as_of="now").findings, "PP502")
    (root / "src/parser.py").write_text("def split(text):\n    return text\n", encoding="utf-8")
    scopes.clear()
    assert by_code(_cached(root, tmp_path / "cache", as_of="now").findings, "PP502")
    assert scopes == ["verify", "verify"]  # both documents answered from the cache


def test_a_new_commit_is_seen(tmp_path, scopes):
    root = _recorded(tmp_path / "repo")
    assert not by_code(_cached(root, tmp_path / "cache").findings, "PP532")
    commit(root, "feat(02-01): replace the parser", delete=["src/parser.py"], when=3)
    scopes.clear()
    drift = by_code(_cached(root, tmp_path / "cache").findings, "PP532")
    assert drift and "deleted" in drift[0].message
    assert scopes == ["verify", "verify"]
