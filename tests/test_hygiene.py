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
    from planproof.pipeline import run

    result = run([str(shared("seeds")), str(shared("corpus"))],
                 Settings(select=["PP801"], cache=False))
    assert sorted(f.path.rsplit("/", 1)[-1] for f in result.findings) == [
        "30-README.md", "sprint-plan-coverage-85.md"]


# --- mojibake quoted on purpose (issue 15) ------------------------------------------------------

BUG_REPORT = """
    # Bug 412: garbled arrows in the export

    Users saw `â†’` where the export should show →, and the title read "CafÃ©" instead of Café.
    The support ticket quoted it as “Ã— 3” and «â€”».

    ```text
    Status: âœ… done
    ```
    """


def test_mojibake_in_code_or_quotations_is_not_reported():
    assert pp801(BUG_REPORT) == []


def test_real_mojibake_beside_a_quote_is_reported_and_the_hint_spares_the_quote():
    text = BUG_REPORT + "    Next step: fix the exporter â†’ release 2.1\n"
    [finding] = pp801(text)
    assert (finding.line, finding.message) == (
        9, "text was decoded with the wrong encoding (mojibake): 'â†’' stands for '→'")
    assert finding.evidence["quoted_left_alone"] == 5
    assert "do not re-decode the whole file" in finding.hint and "lines 9;" in finding.hint
    assert "encode('cp1252')" not in finding.hint
    # following the hint (replacing the reported sequences only) keeps every quote intact
    lines = text.splitlines()
    lines[finding.line - 1] = lines[finding.line - 1].replace("â†’", "→")
    assert "`â†’`" in "\n".join(lines) and '"CafÃ©"' in "\n".join(lines)


def test_unquoted_mojibake_keeps_the_whole_file_hint():
    [finding] = pp801("# Plan\n\nCoverage 9% â†’ 20%\n")
    assert "encode('cp1252').decode('utf-8')" in finding.hint
