"""planproof over the 509 real planning documents in ../shared/corpus (read-only test data)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from planproof.config import Settings
from planproof.pipeline import run

from conftest import SHARED, shared

CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="module")
def corpus_result():
    return run([str(shared("corpus")), str(shared("seeds"))], Settings())


def test_every_document_is_read_without_an_internal_error(corpus_result):
    assert corpus_result.files >= 509
    internal = [f for f in corpus_result.findings if f.code == "PP000"]
    assert internal == []


def _yaml_error_line(path) -> int | None:
    """Line of the YAML error in the file, per pure-Python PyYAML (an independent parser)."""
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    if not lines or not re.match(r"^---\s*$", lines[0]):
        return None
    end = next((i for i in range(1, len(lines)) if re.match(r"^(---|\.\.\.)\s*$", lines[i])), None)
    if end is None:
        return None
    try:
        yaml.load("\n".join(lines[1:end]), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return exc.problem_mark.line + 2
    return None


def test_each_unparseable_frontmatter_gets_exactly_one_finding_at_its_line(corpus_result):
    parse_findings = Counter()
    lines = {}
    for finding in corpus_result.findings:
        if finding.code == "PP110":
            parse_findings[finding.path] += 1
            lines[finding.path] = finding.line
    expected = {}
    for path in sorted(CORPUS.rglob("*.md")):
        line = _yaml_error_line(path)
        if line is not None:
            expected[str(path)] = line
    assert expected, "the corpus is known to contain broken frontmatter"
    corpus_findings = {p: n for p, n in parse_findings.items() if p.startswith(str(CORPUS))}
    assert set(corpus_findings) == set(expected)
    assert all(count == 1 for count in corpus_findings.values())
    assert {p: lines[p] for p in expected} == expected
