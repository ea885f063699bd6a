"""Property tests (hypothesis) for relations between claims: generated tables with a summary
line, a Total row, stated outcomes and averages stay silent when consistent, and are flagged by
their own rule when exactly one number is perturbed."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings, strategies as st

from planproof.config import Settings
from planproof.engine import check_text

SOME = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINT = Settings(cache=False, jobs=1, select=["PP41", "PP42"])
NOUNS = st.sampled_from([("Artifact", "Artifacts", "verified", "VERIFIED"),
                         ("Key Link", "Key Links", "wired", "WIRED"),
                         ("Requirement", "Requirements", "satisfied", "SATISFIED")])


def codes(text: str, name: str = "03-VERIFICATION.md") -> list[str]:
    return [f.code for f in check_text(text, name, LINT)]


def offset():
    return st.integers(1, 5).flatmap(lambda n: st.sampled_from([n, -n]))


@SOME
@given(NOUNS, st.lists(st.booleans(), min_size=1, max_size=25), st.booleans(),
       st.one_of(st.none(), offset()))
def test_summary_line_and_its_table(noun, passed, above, off):
    singular, plural, verb, mark = noun
    n = sum(passed)
    shown = n if off is None else n + off
    if not 0 <= shown <= len(passed) or (off is not None and shown == n):
        shown = n if off is None else (n - 1 if n > 0 else n + 1)
    summary = f"**{plural}:** {shown}/{len(passed)} {verb}"
    rows = "\n".join(f"| item{i} | detail | {mark if ok else 'MISSING'} |"
                     for i, ok in enumerate(passed))
    table = f"| {singular} | Details | Status |\n|---|---|---|\n{rows}"
    body = f"{summary}\n\n{table}" if above else f"{table}\n\n{summary}"
    found = codes(f"# Verification\n\n### {plural}\n\n{body}\n")
    assert found == ([] if shown == n else ["PP410"])


@SOME
@given(st.lists(st.integers(0, 500), min_size=2, max_size=12), st.booleans(),
       st.one_of(st.none(), offset()), st.sampled_from(["Total", "**TOTAL**", "Overall"]))
def test_total_row(values, fraction, off, label):
    total = sum(values)
    stated = total if off is None else max(0, total + off)
    if off is not None and stated == total:
        stated = total + 1

    def cell(v, whole=None):
        return f"{v}/{v if whole is None else whole}" if fraction else str(v)

    rows = "\n".join(f"| part{i} | {cell(v)} |" for i, v in enumerate(values))
    total_cell = f"{stated}/{total}" if fraction else str(stated)
    text = f"# Tests\n\n| Suite | Tests |\n|---|---|\n{rows}\n| {label} | {total_cell} |\n"
    assert codes(text, "README.md") == ([] if stated == total else ["PP411"])


@SOME
@given(st.integers(0, 400), st.integers(0, 400), st.integers(0, 50), st.integers(0, 30))
def test_outcomes_and_total(passed, failed, skipped, spare):
    total = passed + failed + skipped + spare
    text = f"# Run\n\n- Suite: {total} total / {passed} passed / {failed} failed / {skipped} skipped\n"
    assert codes(text, "README.md") == []
    text = f"# Run\n\n- Suite: {total} total / {passed + spare + 1} passed / {failed} failed / " \
           f"{skipped} skipped\n"
    assert codes(text, "README.md") == ["PP412"]


@SOME
@given(st.lists(st.integers(0, 10000), min_size=3, max_size=8, unique=True),
       st.integers(2, 300))
def test_average_of_listed_percentages(hundredths, shift):
    values = [Fraction(v, 100) for v in hundredths]
    mean = sum(values) / len(values)
    shown = f"{float(round(mean, 2)):.2f}"
    items = ", ".join(f"m{i}.py {float(v):.2f}%" for i, v in enumerate(values))
    text = f"# Coverage\n\n- Files: {items}; {shown}% average\n"
    assert "PP415" not in codes(text, "README.md"), text
    wrong = mean + Fraction(shift, 100) if mean + Fraction(shift, 100) <= 100 \
        else mean - Fraction(shift, 100)
    text = text.replace(f"{shown}% average", f"{float(wrong):.2f}% average")
    assert "PP415" in codes(text, "README.md"), text


@SOME
@given(st.lists(st.integers(1, 60), min_size=2, max_size=15), st.booleans(),
       st.one_of(st.none(), offset()))
def test_count_stated_above_its_parts(counts, as_table, off):
    total = sum(counts)
    stated = total if off is None else max(0, total + off)
    if off is not None and stated == total:
        stated = total + 1
    if as_table:
        rows = "\n".join(f"| test_{i}.py | {c} | PASSED |" for i, c in enumerate(counts))
        parts = f"| Test File | Tests | Result |\n|---|---|---|\n{rows}"
    else:
        parts = "\n".join(f"- test_{i}.py: {c}/{c} passed" for i, c in enumerate(counts))
    text = f"# Run\n\nAll {stated} tests pass:\n\n{parts}\n"
    assert codes(text, "README.md") == ([] if stated == total else ["PP420"])
