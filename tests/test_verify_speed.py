"""verify's speed work must not change a verdict: document facts found in worker processes, and
the verify cache (lint-scope findings and facts kept, evidence always recomputed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planproof import engine
from planproof.config import Settings
from planproof.document import Document
from planproof.rules import coverage_claims as claims_module
from planproof.verify_cache import coverage_relevant
from verify_helpers import make_repo

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
    return engine.run([str(root / ".planning")], Settings(**options), "verify")


def _dicts(result):
    return [f.to_dict() for f in result.findings]


def test_coverage_claims_found_by_workers_reach_the_tree_rules(tmp_path):
    root = _tree(tmp_path / "repo")
    pooled, serial = _run(root, jobs=2), _run(root, jobs=1)
    assert _dicts(pooled) == _dicts(serial)
    unchecked = sorted(Path(f.path).name for f in pooled.findings if f.code == "PP609")
    assert unchecked == [f"{n:02d}-01-SUMMARY.md" for n in (3, 13, 23, 33, 43)]
    assert all(d.__dict__["coverage_relevant"] == (d.path in {f.path for f in pooled.findings
                                                               if f.code == "PP609"})
               for d in pooled.documents)


@pytest.mark.parametrize("frontmatter", [
    'one-liner: "Line coverage reached 85\\x25 overall"',  # the percent sign as a YAML escape
    'one-liner: "Line \\x63overage reached 85% overall"',  # the word as a YAML escape
])
def test_a_claim_spelled_with_yaml_escapes_is_still_a_candidate(frontmatter):
    doc = Document.from_text(f'---\nphase: "01"\n{frontmatter}\n---\n# Summary\n',
                             "01-01-SUMMARY.md")
    assert claims_module.coverage_claims(doc) and coverage_relevant(doc, Settings())


def test_documents_without_claims_are_not_candidates():
    doc = Document.from_text("# Summary\n\nCoverage will be measured later; 3 tests passed.\n",
                             "01-01-SUMMARY.md")
    assert not claims_module.coverage_claims(doc) and not coverage_relevant(doc, Settings())


def test_test_result_claims_are_candidates_only_with_junit_files():
    doc = Document.from_text("# Summary\n\nTests: 12/12 passing.\n", "01-01-SUMMARY.md")
    assert claims_module.test_claims(doc)
    assert not coverage_relevant(doc, Settings())
    assert coverage_relevant(Document.from_text(doc.text, doc.path), Settings(junit=["r.xml"]))
