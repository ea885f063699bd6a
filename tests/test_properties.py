"""Property tests (hypothesis): whatever a document contains, lint and the claims engine never
raise and never report PP000, and every finding and claim lies inside the file; claims generated
to be consistent are never flagged by PP4xx, and the same claims with one number perturbed are.

Example counts are moderate so the whole file runs in a few seconds.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from planproof import pipeline
from planproof.config import Settings
from planproof.document import Document
from planproof.engine import check_text

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINT = Settings(cache=False, jobs=1)
NAMES = ["01-01-PLAN.md", "01-01-SUMMARY.md", "01-VERIFICATION.md", "ROADMAP.md", "STATE.md",
         "README.md", "REQUIREMENTS.md", "01-UAT.md"]


def assert_sound(findings, lines: list[str]) -> None:
    """No internal error, and every finding starts and ends inside the file."""
    assert not [f for f in findings if f.code == "PP000"], [f.message for f in findings
                                                            if f.code == "PP000"]
    count = max(len(lines), 1)
    for f in findings:
        json.dumps(f.to_dict(), allow_nan=False, default=str)  # strict JSON: no Infinity/NaN
        for line, column in ((f.line, f.column), (f.end_line, f.end_column)):
            assert 1 <= line <= count, (f.code, f.message, line, count)
            length = len(lines[line - 1]) if lines else 0
            assert 1 <= column <= length + 1, (f.code, f.message, line, column, length)


def assert_claims_sound(doc: Document) -> None:
    from planproof.claims.extract import extract_claims
    from planproof.claims.verdict import verdict

    count = max(len(doc.lines), 1)
    for claim in extract_claims(doc):
        verdict(claim)  # never raises
        span = claim.span
        assert 1 <= span.line <= count and 1 <= span.last_line <= count, (claim.text, span)
        assert 1 <= span.column <= doc.line_length(span.line) + 1, (claim.text, span)


def file_lines(text: str) -> list[str]:
    """The file's lines as a reader counts them (CR, LF and CRLF all end a line, BOM dropped),
    also for documents that were not read (binary): their findings point into the file."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def check(text: str, name: str = "01-01-PLAN.md") -> None:
    findings = check_text(text, name, LINT)
    doc = Document.from_text(text, name)
    assert_sound(findings, file_lines(text))
    if not doc.skipped:
        assert_claims_sound(doc)


# -- arbitrary text and bytes -----------------------------------------------------------------

@FAST
@given(text=st.text(max_size=400), name=st.sampled_from(NAMES))
def test_any_text(text, name):
    check(text, name)


@FAST
@given(body=st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_after_valid_frontmatter(body):
    check("---\nphase: '01'\nplan: '01'\n---\n" + body)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


@SOME
@given(data=st.binary(max_size=400), prefix=st.sampled_from([b"", b"---\n", b"+++\n",
                                                              b"\xef\xbb\xbf---\n"]))
def test_any_bytes_on_disk(folder, data, prefix):
    path = folder / "01-01-PLAN.md"
    path.write_bytes(prefix + data)
    result = pipeline.run([str(path)], LINT)
    assert len(result.documents) == 1
    assert_sound(result.findings, file_lines((prefix + data).decode("utf-8", "replace")))


# -- YAML-ish frontmatter and markdown structures -----------------------------------------------

KEYS = ["phase", "plan", "type", "wave", "depends_on", "files_modified", "autonomous",
        "must_haves", "truths", "artifacts", "key_links", "path", "provides", "contains",
        "min_lines", "exports", "from", "to", "via", "pattern", "status", "score", "gaps",
        "reason", "verified", "requirements-completed", "key-files", "created", "modified",
        "progress", "percent", "human_verification", "a", "b"]
SCALARS = ["01", "'01'", '"1.2"', "3/6", "3/6 must-haves verified", "75.8%", "passed",
           "gaps_found", "human_needed", "true", "null", "~", "2025-01-01", "[]", "{}",
           "src/app.py", "../../etc/passwd", "'(a+)+$'", "&anchor x", "*anchor", "!!str 5",
           "!!binary AAAA", "|", ">-", "'it''s'", '"\\x00"', '"unterminated', "[a, [b, {c: d}]]",
           "94/124 passing (75.8%)", "9% -> 20% (+11 points)", "1e400", "-0", ".inf", "-.inf",
           ".nan", "0x1F"]


@st.composite
def yaml_lines(draw) -> str:
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        indent = " " * draw(st.sampled_from([0, 0, 2, 4, 6, 1, 3]))
        shape = draw(st.integers(0, 5))
        key, value = draw(st.sampled_from(KEYS)), draw(st.sampled_from(SCALARS))
        if shape == 0:
            rows.append(f"{indent}{key}: {value}")
        elif shape == 1:
            rows.append(f"{indent}{key}:")
        elif shape == 2:
            rows.append(f"{indent}- {value}")
        elif shape == 3:
            rows.append(f"{indent}- {key}: {value}")
        elif shape == 4:
            rows.append(f"{indent}? {key}")
        else:
            rows.append(indent + draw(st.text(max_size=20)))
    return "\n".join(rows)


MARKDOWN = ["# Plan", "## Tasks", "- item", "  - nested", "- [ ] todo", "- [x] done", "1. step",
            "> quote", "> > deeper", "```", "```python", "~~~", "    indented code", "<task>",
            '<task type="checkpoint:human-verify">', "</task>", "<name>Do it</name>",
            "<action>", "</action>", "<tasks>", "</tasks>", "<context>", "@src/app.py",
            "@../../etc/passwd", "</context>", "<verify>rm -rf /</verify>", "<!-- comment",
            "-->", "| a | b | gap |", "|---|---|---|", "| 50% | 80% | 30% |", "| 1 | 2 |",
            "Coverage: 94/124 (75.8%)", "Score: 3/6 must-haves verified (50%)",
            "9.17% → 20.27% (+11.10 percentage points)", "3 sprints × 2 weeks = 6 weeks",
            "**Status:** passed", "Status: gaps_found", "`inline 1/2 (90%)`", "18-27%",
            "---", "+++", "", "\t", "\\", "<", "`", "|"]


@FAST
@given(front=yaml_lines(), body=st.lists(st.sampled_from(MARKDOWN), max_size=25),
       fence=st.sampled_from(["---", "+++", ""]), name=st.sampled_from(NAMES),
       newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_structured_documents(front, body, fence, name, newline):
    parts = [fence, front, fence] if fence else [front]
    text = newline.join(parts + body) + newline
    check(text, name)


@SOME
@given(depth=st.integers(1, 400), opener=st.sampled_from(["[", "{a: ", "- ", "> ", "<a>",
                                                          "* ", "1. "]))
def test_nesting_at_any_depth(depth, opener):
    nested = opener * depth + "x"
    check("---\nk: " + nested + "\n---\n" + nested + "\n")


# -- consistent claims stay silent, perturbed ones are flagged ----------------------------------

PP4 = Settings(select=["PP4"], cache=False, jobs=1)


def pp4(text: str) -> list[str]:
    return [f.code for f in check_text("# Report\n\n" + text + "\n", "README.md", PP4)]


def printed(value: Decimal, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def rounded(numerator: int, denominator: int, decimals: int) -> Decimal:
    exact = Decimal(100 * numerator) / Decimal(denominator)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@st.composite
def fractions(draw):
    denominator = draw(st.integers(1, 50_000))
    numerator = draw(st.integers(0, denominator))
    return numerator, denominator, draw(st.integers(0, 2))


NOUNS = ["tests passing", "checks passed", "must-haves verified", "requirements complete"]


@FAST
@given(fraction=fractions(), noun=st.sampled_from(NOUNS), percent_first=st.booleans(),
       up=st.booleans())
def test_fraction_and_percent(fraction, noun, percent_first, up):
    numerator, denominator, decimals = fraction
    percent = rounded(numerator, denominator, decimals)
    unit = Decimal(1).scaleb(-decimals)
    wrong = percent + 2 * unit if up or percent < 2 * unit else percent - 2 * unit

    def line(value: Decimal) -> str:
        if percent_first:
            return f"- Suite: {printed(value, decimals)}% ({numerator:,}/{denominator:,} {noun})"
        return f"- Suite: {numerator:,}/{denominator:,} {noun} ({printed(value, decimals)}%)"

    assert pp4(line(percent)) == []
    assert "PP401" in pp4(line(wrong))


@FAST
@given(before=st.integers(0, 10_000), after=st.integers(0, 10_000), decimals=st.integers(0, 2),
       arrow=st.sampled_from(["→", "->"]), off=st.integers(3, 50), up=st.booleans())
def test_before_after_delta(before, after, decimals, arrow, off, up):
    assume(before != after)
    scale = Decimal(1).scaleb(-decimals)
    old, new = Decimal(before) * scale, Decimal(after) * scale
    delta = new - old
    wrong = delta + off * scale if up else delta - off * scale
    assume(wrong != 0)

    def line(change: Decimal) -> str:
        sign = "+" if change > 0 else "-"
        return (f"- engine.py: {printed(old, decimals)}% {arrow} {printed(new, decimals)}% "
                f"({sign}{printed(abs(change), decimals)} percentage points)")

    assert pp4(line(delta)) == []
    assert "PP402" in pp4(line(wrong))


@SOME
@given(before=st.integers(1, 5_000), gain=st.integers(1, 5_000), off=st.integers(1, 100))
def test_counts_before_after(before, gain, off):
    after = before + gain
    assert pp4(f"- total: {before:,} → {after:,} tests (+{gain:,})") == []
    assert "PP402" in pp4(f"- total: {before:,} → {after:,} tests (+{gain + off:,})")


@SOME
@given(current=st.integers(0, 9_999), target=st.integers(0, 10_000), decimals=st.integers(0, 2),
       off=st.integers(3, 500), up=st.booleans())
def test_table_gap(current, target, decimals, off, up):
    scale = Decimal(1).scaleb(-decimals)
    now, goal = Decimal(current) * scale / 100, Decimal(target) * scale / 100
    now, goal = now.quantize(scale), goal.quantize(scale)
    assume(goal > now)
    gap = goal - now
    wrong = gap + off * scale if up or gap <= off * scale else gap - off * scale

    def table(value: Decimal) -> str:
        return ("| Module | Current % | Target % | Gap |\n|---|---|---|---|\n"
                f"| core/ | {printed(now, decimals)}% | {printed(goal, decimals)}% | "
                f"+{printed(value, decimals)} |")

    assert pp4(table(gap)) == []
    assert "PP403" in pp4(table(wrong))


@SOME
@given(a=st.integers(1, 500), b=st.integers(1, 500), off=st.integers(1, 50), up=st.booleans())
def test_stated_product(a, b, off, up):
    product = a * b
    wrong = product + off if up or product <= off else product - off
    assert pp4(f"**Timeline:** {a:,} sprints × {b:,} weeks = {product:,} weeks total") == []
    assert "PP407" in pp4(f"**Timeline:** {a:,} sprints × {b:,} weeks = {wrong:,} weeks total")
