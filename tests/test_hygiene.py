"""PP8xx hygiene: mojibake."""

from __future__ import annotations

import pytest

from planproof.rules.hygiene import repaired

from conftest import lint_text, shared


def pp801(text):
    return [f for f in lint_text(text, "sprint-plan.md") if f.code == "PP801"]


def test_mojibake_is_reported_once_with_its_repair_and_every_line():
    findings = pp801("# Plan\n\nCoverage 9% â†’ 20% âœ…\nok\n3 Ã— 2 weeks\n")
    assert [(f.line, f.column, f.end_column) for f in findings] == [(3, 13, 16)]
    assert "'â†’' stands for '→'" in findings[0].message
    assert findings[0].evidence["lines"] == [3, 5]
    assert findings[0].evidence["sequences"] == 3


@pytest.mark.parametrize("text", [
    "Coverage 9% → 20% ✅ and 3 × 2 weeks",
    "Ångström, café, naïve, São Paulo, Zürich, Øresund, garçon",
    "Prices: 5 € — “quoted” ‘text’ • bullet … ellipsis",
])
def test_correct_text_in_any_language_is_not_mojibake(text):
    assert pp801(f"# Plan\n\n{text}\n") == []


def test_repair_only_when_the_bytes_really_were_utf8():
    assert repaired("â†’") == "→"
    assert repaired("Ã©") == "é"
    assert repaired("é") is None


def test_the_sprint_plan_seed_is_caught_and_the_corpus_is_clean():
    from planproof.config import Settings
    from planproof.engine import run

    result = run([str(shared("seeds")), str(shared("corpus"))],
                 Settings(select=["PP801"], cache=False))
    assert sorted(f.path.rsplit("/", 1)[-1] for f in result.findings) == [
        "30-README.md", "sprint-plan-coverage-85.md"]
