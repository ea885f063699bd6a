"""Claims engine: numbers, extraction with positions and context, verdicts, PP4xx rules, CLI."""

from __future__ import annotations

from fractions import Fraction

import pytest

from conftest import codes, dedent, lint_text, shared
from planproof.claims.extract import extract_claims
from planproof.claims.numbers import parse_number, roundings
from planproof.claims.verdict import verdict
from planproof.document import Document


def claims_of(text: str, path: str = "README.md"):
    return extract_claims(Document.from_text(dedent(text), path))


def one(text: str, kind: str, path: str = "README.md"):
    found = [c for c in claims_of(text, path) if c.kind == kind]
    assert len(found) == 1, [(c.kind, c.text) for c in claims_of(text, path)]
    return found[0]


def pp4(text: str, path: str = "README.md"):
    return [f for f in lint_text(text, path) if f.code.startswith("PP4")]


# --- numbers -----------------------------------------------------------------------------------

def test_numbers_keep_what_was_printed():
    num = parse_number("~6,900")
    assert (num.value, num.decimals, num.approximate, num.sign) == (6900.0, 0, True, "")
    num = parse_number("+11.10")
    assert (num.value, num.decimals, num.sign) == (11.1, 2, "+")
    assert parse_number("−3").value == -3.0
    assert parse_number("≈ 1,234.5").decimals == 1
    assert parse_number("12a") is None


def test_roundings_half_up_half_even_truncated():
    assert roundings(Fraction(25, 2), 0) == {"half_up": 13, "half_even": 12, "truncated": 12}
    assert roundings(Fraction(625, 100), 1)["half_even"] == Fraction(62, 10)


# --- extraction ----------------------------------------------------------------------------------

def test_body_claim_has_exact_position_and_context():
    claim = one("""
        # Coverage

        - core/models.py: 97.6% (2401/2439 lines)
    """, "fraction_percent")
    assert (claim.span.line, claim.span.column, claim.span.end_column) == (3, 19, 42)
    assert claim.text == "97.6% (2401/2439 lines)"
    assert claim.subject == "core/models.py"
    assert claim.unit == "lines"
    assert "coverage" in claim.keywords
    assert claim.origin == "list_item"
    assert (claim.numerator.value, claim.denominator.value, claim.percent.decimals) == (2401, 2439, 1)


def test_frontmatter_test_results_use_the_key_paths_the_positions_know():
    from planproof.claims.test_results import extract_test_results

    doc = Document.from_text(dedent("""
        ---
        results:
          1: "5 of 6 tests pass"
          2: "all 9 tests pass"
        ---
        # Summary
    """), "01-01-SUMMARY.md")
    found = [(c.key_path, c.span.line, c.span.column, c.text) for c in extract_test_results(doc)]
    assert found == [("results[1]", 3, 6, "5 of 6 tests pass"),
                     ("results[2]", 4, 6, "all 9 tests pass")]


def test_frontmatter_claim_position_and_sibling_path():
    text = """
        ---
        gaps:
          - truth: "Coverage reaches 28% (from 22.8%, +5.2 percentage points)"
            artifacts:
              - path: "backend/core/models.py"
                coverage: "97.39% on models.py"
        ---
        # Report
    """
    claims = claims_of(text, "12-VERIFICATION.md")
    change = next(c for c in claims if c.kind == "change")
    assert change.key_path == "gaps[0].truth"
    assert change.span.line == 3
    assert dedent(text).split("\n")[2][change.span.column - 1:].startswith("28% (from 22.8%")
    assert (change.before.value, change.after.value, change.delta.value) == (22.8, 28.0, 5.2)
    assert change.delta_unit == "points"
    percent = next(c for c in claims if c.kind == "percent" and c.text == "97.39%")
    assert percent.subject == "models.py"  # named in the string itself
    assert percent.key_path == "gaps[0].artifacts[0].coverage"


def test_nested_list_item_inherits_the_parent_file_and_coverage_context():
    claim = one("""
        1. **COV-02**: core/workflow_engine.py (2260 lines) reaches 50% coverage
           - Current: 12.6% (169/1163 lines)
    """, "fraction_percent")
    assert claim.subject == "core/workflow_engine.py"
    assert "coverage" in claim.keywords
    assert claim.role == "current"


def test_never_reads_code_fences_or_inline_code():
    claims = claims_of("""
        Run `pytest -q  # 3/4 (10%)` first.

        ```
        94/124 passing (12%)
        ```
    """)
    assert claims == []


def test_dates_versions_and_identifiers_are_not_fractions():
    claims = claims_of("""
        Verified on 2026/02/16 with v1/2 of the API, see docs/3/4.md and COV-01/02.
    """)
    assert [c.text for c in claims if c.kind == "fraction"] == []


def test_pairs_need_the_percentage_right_beside_the_fraction():
    claims = claims_of("""
        24/51 ORM tests passing (up from 19/51), 3/6 files at 50%+ (models.py 97.39%).
    """)
    assert [c.kind for c in claims] == ["fraction", "fraction", "fraction", "percent", "percent"]
    assert claims[3].role == "threshold"


def test_change_score_range_arithmetic_and_table_row_kinds():
    claims = claims_of("""
        **Score:** 10/11 truths verified (1 failed, 1 partial)

        - byok_handler.py: 11.27% → 19.66% (+8.39 percentage points)
        - Expected: 25-32% overall
        - **Timeline:** 3 sprints × 2 weeks = 6 weeks total

        | Module | Current % | Target % | Gap |
        |--------|-----------|----------|-----|
        | memory/ | 18-27% | 90% | +63-72 |
    """)
    kinds = [c.kind for c in claims]
    assert kinds.count("score") == 1
    score = next(c for c in claims if c.kind == "score")
    assert score.breakdown == {"failed": 1, "partial": 1}
    assert "change" in kinds and "range" in kinds and "arithmetic" in kinds
    row = next(c for c in claims if c.kind == "table_row")
    assert (row.current.low.value, row.current.high.value, row.gap.high.value) == (18, 27, 72)
    assert row.subject == "memory/"


def test_mojibake_arrows_and_multiplication_signs_still_read():
    claims = claims_of("""
        **Target:** 54.67% â†’ 70% (+15.33 points)

        **Timeline:** 3 sprints Ã— 2 weeks = 6 weeks total
    """)
    assert [c.kind for c in claims] == ["change", "arithmetic"]
    assert all(verdict(c).status == "consistent" for c in claims)


def test_progression_reads_consecutive_list_items():
    claims = claims_of("""
        - Week 0: 6,615 tests
        - Week 2: ~6,900 tests (+285)
        - Week 4: ~7,150 tests (+535)
    """)
    steps = [c for c in claims if c.kind == "progression"]
    assert [s.delta.value for s in steps] == [285, 535]
    assert steps[0].base.value == 6615 and steps[0].unit == "tests"
    assert all(verdict(s).status == "consistent" for s in steps)


# --- verdicts ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "89/90 passing (98.9%)",
    "94/124 passing (75.8%)",
    "1/8 done (12%)",  # 12.5 half-even
    "1/8 done (13%)",  # 12.5 half-up
    "201/202 covered (99%)",  # coverage.py never prints 100 below 100
    "22/23 passing (95.7%)",
    "97.6% (2439/2499 lines)",
    "2/3 complete (66%)",  # truncated
    "24/51 passing (~50%)",  # approximate
])
def test_consistent_percent_fraction_pairs(text):
    claim = one(text, "fraction_percent")
    assert verdict(claim).status == "consistent", verdict(claim).message


def test_inconsistent_pair_shows_the_arithmetic():
    result = verdict(one("94/124 passing (78.5%)", "fraction_percent"))
    assert result.status == "inconsistent"
    assert result.evidence["exact_percent"] == "75.8065"
    assert "not 78.5%" in result.message


def test_coverage_line_fraction_mismatch_is_only_explainable():
    result = verdict(one("Line coverage: 97.6% (2401/2439 lines)", "fraction_percent"))
    assert result.status == "explainable"
    assert "branch" in result.message


@pytest.mark.parametrize("text", [
    "9.17% → 20.27% (+11.10 percentage points)",
    "54.67% -> 70% (+15.33 points)",
    "10% → 15% (+50%)",  # relative
    "10% → 15% (+5%)",  # points written as %
    "120 → 150 tests (+30)",
    "from 40% to 35% (-5 points)",
])
def test_consistent_changes(text):
    claim = one(text, "change")
    assert verdict(claim).status == "consistent", verdict(claim).message


def test_open_ended_change_is_left_unchecked():
    """`85%+` and `+5+` are lower bounds: no exact arithmetic to hold them to."""
    assert verdict(one("80% → 85%+ (+5+ points)", "change")).status == "unchecked"


def test_inconsistent_change_and_sign():
    assert verdict(one("9.17% → 20.27% (+12.10 percentage points)", "change")).failed
    assert verdict(one("40% → 35% (+5 points)", "change")).failed


@pytest.mark.parametrize("row, ok", [
    ("| orchestration/ | 22.53% | 90% | +67.47 |", True),
    ("| memory/ | 18-27% | 90% | +63-72 |", True),
    ("| workflows/ | 45-98% | 95% | 0-50 |", True),  # clipped at 0
    ("| done/ | 97% | 95% | 0 |", True),  # clipped
    ("| cli.py | 56% | 80% | +24 |", True),
    ("| cli.py | 56% | 80% | +14 |", False),
    ("| memory/ | 18-27% | 90% | +53-72 |", False),
])
def test_table_gap(row, ok):
    claim = one(f"""
        | Module | Current % | Target % | Gap |
        |--------|-----------|----------|-----|
        {row}
    """, "table_row")
    assert verdict(claim).failed is (not ok), verdict(claim).message


@pytest.mark.parametrize("row, ok", [
    ("| Tests | 80 | 100 | +20 |", True),
    ("| Tests | 80 | 100 | +25% |", True),  # relative
    ("| Tests | 80 | 100 | +20% |", False),  # 20 more tests is +25%, not +20%
    ("| Coverage | 45% | 52% | +7 |", True),
    ("| Coverage | 40% | 50% | +25% |", True),  # relative, written as %
    ("| Coverage | 45% | 52% | +9 |", False),
])
def test_before_after_change_tables(row, ok):
    claim = one(f"""
        | Metric | Before | After | Change |
        |--------|--------|-------|--------|
        {row}
    """, "table_row")
    assert verdict(claim).failed is (not ok), verdict(claim).message



def test_arithmetic_and_progression_failures():
    assert verdict(one("3 sprints × 2 weeks = 7 weeks", "arithmetic")).failed
    assert not verdict(one("51 original + 75 new = 126 total", "arithmetic")).failed
    steps = [c for c in claims_of("""
        - Week 0: 6,615 tests
        - Week 2: ~6,900 tests (+485)
    """) if c.kind == "progression"]
    assert verdict(steps[0]).failed


# --- rules ---------------------------------------------------------------------------------------

def test_pp401_triggers_and_stays_silent_on_tricky_text():
    assert codes(pp4("- Integration: 94/124 passing (78.5%)")) == ["PP401"]
    assert pp4("""
        - 24/51 tests passing (up from 19/51)
        - 3/6 files at 50%+ (models.py 97.39%, cli.py 55.32%)
        - Rated 10/10 by reviewers; release 1/2 ships 2026/02/16
        - 24/51 passing (47%) and 3/6 files done (50%)
        - Score: 3/6 truths verified (50%)
    """) == []


def test_pp401_coverage_lines_is_a_warning():
    findings = pp4("- Line coverage: 12.6% (169/1163 lines)")
    assert codes(findings) == ["PP401"] and findings[0].severity.value == "warning"


def test_pp402_pp403_pp407():
    assert codes(pp4("- engine.py: 9.17% → 20.27% (+12.10 percentage points)")) == ["PP402"]
    assert codes(pp4("""
        | Module | Current % | Target % | Gap |
        |--------|-----------|----------|-----|
        | cli.py | 56% | 80% | +14 |
    """)) == ["PP403"]
    assert codes(pp4("**Timeline:** 3 sprints × 2 weeks = 8 weeks")) == ["PP407"]


VERIFICATION = """
    ---
    phase: 05-auth
    status: {status}
    score: {score} must-haves verified
    {extra}
    ---
    # Phase 5 verification

    **Status:** {body_status}
    {body}
"""


def verification(status="passed", score="3/3", extra="", body_status=None, body=""):
    return VERIFICATION.format(status=status, score=score, extra=extra,
                               body_status=body_status or status, body=body)


GAP = 'gaps:\n      - truth: "Users can log out"\n        status: {}'


def test_pp404_score_vs_gaps_and_truth_table():
    findings = pp4(verification("gaps_found", "3/3", GAP.format("failed")), "05-VERIFICATION.md")
    assert "PP404" in codes(findings)
    assert pp4(verification("gaps_found", "2/3", GAP.format("failed")), "05-VERIFICATION.md") == []
    assert pp4(verification("passed", "3/3", GAP.format("resolved")), "05-VERIFICATION.md") == []
    table = ("| # | Truth | Status |\n    |---|---|---|\n    | 1 | a | ✓ VERIFIED |\n"
             "    | 2 | b | ✗ FAILED |")
    assert "PP404" in codes(pp4(verification("gaps_found", "2/2", body=table),
                                "05-VERIFICATION.md"))
    assert "PP404" not in codes(pp4(verification("gaps_found", "1/2", body=table),
                                    "05-VERIFICATION.md"))
    assert codes(pp4("**Score:** 10/11 truths verified (1 failed, 1 partial)")) == ["PP404"]
    assert pp4("**Score:** 9/11 truths verified (1 failed, 1 partial)") == []


def test_pp405_status_vs_content():
    path = "05-VERIFICATION.md"
    assert codes(pp4(verification("passed", "2/3", GAP.format("partial")), path)).count("PP405") == 1
    human = 'human_verification:\n      - test: "Open the page"\n        expected: "It renders"'
    findings = pp4(verification("passed", "3/3", human), path)
    assert codes(findings) == ["PP405"] and findings[0].severity.value == "warning"
    done = human + '\n        result: passed'
    assert pp4(verification("passed", "3/3", done), path) == []
    assert codes(pp4(verification("gaps_found", "3/3"), path)) == ["PP405"]
    assert codes(pp4(verification("human_needed", "3/3"), path)) == ["PP405"]
    assert pp4(verification("human_needed", "3/3", human), path) == []


def test_pp406_frontmatter_vs_body():
    path = "05-VERIFICATION.md"
    assert codes(pp4(verification("passed", body_status="gaps_found"), path)) == ["PP406"]
    assert codes(pp4(verification("passed", body="**Score:** 2/3 truths verified"), path)) \
        == ["PP406"]
    # a different whole (goal truths vs every must-have) is not a contradiction
    assert pp4(verification("passed", "15/15", body="**Score:** 3/3 truths verified"), path) == []
    assert pp4(verification("passed", body_status="PASSED"), path) == []


def test_broken_yaml_frontmatter_is_recovered_for_claims():
    text = """
        ---
        status: gaps_found
        score: 3/3 must-haves verified
        notes:
          - a: "quoted" -> then text 24/51 passing (47%)
        gaps:
          - truth: "x"
            status: failed
        ---
        # Report
    """
    claims = claims_of(text, "05-VERIFICATION.md")
    assert any(c.kind == "fraction_percent" and c.span.line == 5 for c in claims)
    assert "PP404" in codes(pp4(text, "05-VERIFICATION.md"))


# --- seeds, corpus, CLI --------------------------------------------------------------------------

def test_seed_findings():
    import planproof
    from planproof.config import Settings

    result = planproof.lint([str(shared("seeds"))], Settings(select=["PP4"], jobs=1))
    found = sorted((f.path.rsplit("/", 1)[-1], f.line, f.code, f.severity.value)
                   for f in result.findings)
    assert ("12-VERIFICATION.md", 6, "PP404", "error") in found
    readme = [f for f in found if f[0] == "30-README.md" and f[2] < "PP410"]
    assert [f[1:3] for f in readme] == [(14, "PP401"), (18, "PP401"), (19, "PP407"),
                                        (23, "PP401"), (28, "PP401"), (32, "PP401"),
                                        (37, "PP401"), (43, "PP401")]
    assert {f[3] for f in readme} == {"warning"}
    assert not [f for f in found if f[0] in ("sprint-plan-coverage-85.md", "05-05-PLAN.md")
                and f[2] < "PP410"]
    related = [f[:3] for f in found if "PP410" <= f[2] < "PP418"]  # contradictions between claims
    assert [f[1:3] for f in found if f[2] in ("PP418", "PP419")] == [
        (121, "PP419"), (122, "PP419"), (739, "PP418"), (740, "PP418"), (741, "PP418")]
    assert related == [("12-VERIFICATION.md", 121, "PP413"), ("12-VERIFICATION.md", 122, "PP413"),
                       ("12-VERIFICATION.md", 140, "PP415"),
                       ("30-README.md", 9, "PP416"), ("sprint-plan-coverage-85.md", 53, "PP417"),
                       ("sprint-plan-coverage-85.md", 57, "PP417")]


def test_claims_command_text_and_json(write, run_cli):
    path = write("README.md", """
        # Results

        - 94/124 passing (78.5%)
        - 89/90 passing (98.9%)
    """)
    code, output, _ = run_cli("claims", path)
    assert code == 1
    assert "fraction_percent '94/124 passing (78.5%)'" in output and "-> inconsistent" in output
    assert "-> consistent" in output and "PP401" in output
    code, _, data = run_cli("claims", path, "--format", "json")
    claims = data["files"][0]["claims"]
    assert [c["verdict"]["status"] for c in claims] == ["inconsistent", "consistent"]
    assert claims[0]["line"] == 3 and claims[0]["values"]["percent"]["decimals"] == 1
    assert data["files"][0]["findings"][0]["code"] == "PP401"


def test_claims_command_exit_zero_when_consistent(write, run_cli):
    path = write("README.md", "- 89/90 passing (98.9%)\n")
    assert run_cli("claims", path)[0] == 0


def test_guards_against_different_wholes_and_sign_conventions():
    # coverage percentage beside a count of files is not the same ratio
    assert pp4("- Coverage 45% (3/6 files)") == []
    # a pass count beside a coverage figure is not a pair
    assert pp4("- 4/5 tests pass (90% coverage)") == []
    # lower-is-better metric with gap written as current − target
    assert pp4("""
        | Metric | Current | Target | Gap |
        |--------|---------|--------|-----|
        | Latency | 120 | 100 | +20 |
    """) == []
    # list items that are parts, not steps of a sequence
    assert pp4("""
        - Unit: 45 tests
        - Integration: 12 tests (+3)
    """) == []
    # item-level statuses in the body are not the report's status
    text = verification("gaps_found", "2/3", GAP.format("failed"), body_status="gaps_found")
    text = text.replace("**Status:** gaps_found", "### Gap 1\n    **Status:** failed")
    assert "PP406" not in codes(pp4(text, "05-VERIFICATION.md"))


def test_pp408_progress_bar():
    state = """
        ---
        progress:
          total_plans: 13
          completed_plans: 13
          percent: 0
        ---
        # State

        Progress: [{bar}] {percent}%
    """
    assert pp4(state.format(percent=0, bar="░" * 10), "STATE.md") == []  # counts are PP721's
    assert pp4(state.format(percent=46, bar="█████░░░░░"), "STATE.md") == []
    assert pp4(state.format(percent=46, bar="████░░░░░░"), "STATE.md") == []
    assert pp4(state.format(percent=100, bar="#" * 10), "STATE.md") == []
    bad_bar = pp4(state.format(percent=46, bar="██░░░░░░░░"), "STATE.md")
    assert codes(bad_bar) == ["PP408"] and "2 of 10 cells" in bad_bar[0].message


def test_target_lines_against_the_current_counts():
    text = """
        1. core/workflow_engine.py reaches 50% coverage
           - Current: 12.6% (169/1163 lines)
           - Target: 50% (+{needed} lines)
    """
    claim = one(text.format(needed=413), "target_lines")
    assert (claim.covered.value, claim.total.value, claim.needed.value) == (169, 1163, 413)
    assert claim.subject == "core/workflow_engine.py"
    assert verdict(claim).status == "consistent"
    assert codes(pp4(text.format(needed=412))) == ["PP401"]  # only the 12.6% vs 169/1163 warning
    findings = [f for f in pp4(text.format(needed=407)) if f.code == "PP407"]
    assert len(findings) == 1 and findings[0].severity.value == "warning"
    assert findings[0].evidence["expected_needed"] == "412.5"
    plain = """
        - Done: 12.5% (100/800 lines)
        - Target: 50% (+200 lines)
    """
    assert codes(pp4(plain)) == ["PP407"]  # 400 − 100 = 300, no coverage context: an error
    assert pp4(plain.replace("+200", "+300")) == []


SILENT = """
    # Notes

    - Phase 2 of 5 (40%)
    - Plans: 3/3 complete (100%)
    - Coverage went from 45% to 52% (+7pp)
    - Reduced bundle size from 1.2 MB to 900 KB (-25%)
    - Latency improved 250 → 200 (-20%)
    - Accuracy 90% → 95% (+5.6%)
    - Error rate 2% → 1% (-50%)
    - Coverage 80% → 85% (+5)
    - Tests: 100 → 120 (+20%)
    - Score: 7/8 truths verified (87.5%)
    - 7/8 done (88%), 7/8 done (87%), 2/3 (67%), 1/3 (33.3%), 1/6 (16.7%), 1/6 (17%)
    - 5 × 3 = 15 tests, 2 x 4 = 8, 1,234 + 766 = 2,000, 0.1 + 0.2 = 0.3
    - Estimated: 2h × 3 = 6h, 10 / 3 = 3.33
    - 2/3 tasks with coverage (85%)
    - 85% of plans (17/20)
    - 3/5 plans, overall (45%)
    - Rated 10/10; 24/7 support (99.9% uptime); version 1/2; 2026/02/16; 12/31/2025
    - ~50% (12/25 tests)
    - 1/8 (12.5%), 1/16 (6.2%), 1/16 (6.3%)
    - Coverage: 99% (201/202 lines), 1% (1/1001 lines)
    - p95: 200ms → 150ms (-25%)
    - 10:00 → 11:30 (+1.5h)
    - 95% → 90% (-5 points)
    - 40% → 35% (5 points down)

    | Metric | Current | Target | Gap |
    |---|---|---|---|
    | Latency (ms) | 120 | 100 | -20 |
    | Coverage | 97% | 95% | 0 |
    | Coverage | 97% | 95% | -2 |
    | Tests | 1,200 | 1,500 | +300 |
    | Coverage | ~60% | 80% | ~20 |

    - Week 1: 100 tests
    - Week 2: 120 tests (+20)
    - Week 3: 150 tests (+30)
"""

LOUD = [
    ("- Plans: 3/4 complete (80%)", "PP401"),
    ("- Coverage went from 45% to 52% (+9pp)", "PP402"),
    ("- Latency improved 250 → 200 (-30%)", "PP402"),
    ("- Score: 4/5 (85%)", "PP401"),
    ("- 5 × 3 = 16 tests", "PP407"),
    ("- 1,234 + 766 = 2,100", "PP407"),
    ("- 95% → 90% (+5 points)", "PP402"),
    ("- 1/3 (34%)", "PP401"),
    ("| Metric | Current | Target | Gap |\n|---|---|---|---|\n| Tests | 1,200 | 1,500 | +400 |",
     "PP403"),
    ("- Week 1: 100 tests\n- Week 2: 120 tests (+25)", "PP407"),
]


def test_a_page_of_consistent_and_unrelated_numbers_stays_silent():
    assert pp4(SILENT) == []


@pytest.mark.parametrize("text, code", LOUD)
def test_each_contradiction_is_caught_once(text, code):
    assert codes(pp4(text)) == [code]


def test_repeated_identical_claims_keep_their_own_positions():
    text = """
        ---
        notes: |
          1/2 done (50%)
          1/2 done (50%)
        ---
        # T

        - 1/2 done (50%) and 1/2 done (50%)
    """
    spans = [(c.span.line, c.span.column) for c in claims_of(text)]
    assert spans == [(3, 3), (4, 3), (8, 3), (8, 22)]


def test_huge_line_of_claims_is_read_in_one_pass():
    claims = claims_of("- " + "5% " * 3000)
    assert len(claims) == 3000
    assert claims[-1].span.column == 3 + 3 * 2999


def test_overrides_make_open_gaps_unreliable():
    extra = GAP.format("failed") + '\n    overrides_applied: 1'
    assert pp4(verification("passed", "3/3", extra), "05-VERIFICATION.md") == []


def test_odd_frontmatter_values_never_crash_and_a_score_above_its_total_is_reported():
    odd = """
        ---
        status: 123
        score: 5
        gaps: none
        human_verification: none
        progress: {percent: abc, total_plans: x}
        ---
        # x
    """
    assert pp4(odd, "01-VERIFICATION.md") == []
    assert pp4(odd.replace("status: 123", "status: passed"), "01-VERIFICATION.md") == []
    big = pp4("---\nscore: 12/11 must-haves verified\n---\n# x\n", "01-VERIFICATION.md")
    assert codes(big) == ["PP404"] and "more verified items" in big[0].message


def test_lint_fast_path_skips_the_markdown_parse_when_nothing_is_checkable():
    from planproof.claims.checkable import claims_for_checks

    doc = Document.from_text(dedent("""
        # Plan

        - Ship `src/app.py` by 2026/02/16, 3/4 of the team, 80% confidence
    """), "01-01-PLAN.md")
    assert [c.kind for c in claims_for_checks(doc)] == []
    assert "body" not in doc.__dict__  # the markdown block tree was never built
    assert [c.kind for c in extract_claims(doc)] == ["fraction", "percent"]


def test_lint_fast_path_finds_what_the_full_extraction_finds(monkeypatch):
    from planproof.claims import checkable

    texts = [dedent(SILENT)] + [dedent(text) for text, _ in LOUD]
    fast = [codes(check_text_pp4(t)) for t in texts]
    monkeypatch.setattr(checkable, "needs_body", lambda doc: True)
    full = [codes(check_text_pp4(t)) for t in texts]
    assert fast == full
    assert sum(map(len, full)) >= len(LOUD)


def test_lint_fast_path_on_the_seeds(monkeypatch):
    from planproof.claims import checkable

    texts = [p.read_text(encoding="utf-8") for p in sorted(shared("seeds").glob("*.md"))]
    fast = [codes(check_text_pp4(t)) for t in texts]
    monkeypatch.setattr(checkable, "needs_body", lambda doc: True)
    assert fast == [codes(check_text_pp4(t)) for t in texts]
    assert sum(map(len, fast)) >= 9  # the seeds' known PP4xx findings (test_seed_findings)


def check_text_pp4(text: str):
    from planproof.config import Settings
    from planproof.engine import check_text

    return check_text(text, "05-VERIFICATION.md", Settings(select=["PP4"]))


def test_line_reader_tables_headings_and_fences():
    from planproof.claims.body_lines import body_lines

    doc = Document.from_text(dedent("""
        # Report

        | # | Truth | Status |
        ---|---|---
        | 1 | a `x|y` | VERIFIED |
        | 2 | b | FAILED |

        ```
        | x | y |
        |---|---|
        # not a heading
        ```
        **Status:** passed
    """), "05-VERIFICATION.md")
    lines = body_lines(doc)
    assert [(t.line, t.header, [r[1][2] for r in t.rows]) for t in lines.tables] == [
        (3, ["#", "Truth", "Status"], ["VERIFIED", "FAILED"])]
    assert lines.headings == [(1, 1, "Report")]
    assert (13, "**Status:** passed") in lines.lines


def test_claims_stop_at_the_limit_and_say_so():
    import time

    from planproof.claims.scanner import MAX_CLAIMS

    many = "# Data\n\n" + "1/2 (50%) " * (MAX_CLAIMS + 500) + "\n"
    start = time.perf_counter()
    findings = lint_text(many, "notes.md")
    assert time.perf_counter() - start < 30  # generous: ~1 s here; unbounded it took minutes
    assert [(f.code, f.line) for f in findings if f.code == "PP409"] == [("PP409", 1)]
    few = "# Data\n\n" + "1/2 (50%) " * 100 + "\n"
    assert "PP409" not in codes(lint_text(few, "notes.md"))


def test_claims_command_honours_the_configuration(write, run_cli, tmp_path):
    """`claims` runs through the engine as lint does: the configuration's ignore, exclude and
    severity apply (it used to build its own selection and ignore the configuration)."""
    path = write("README.md", "- 94/124 passing (78.5%)\n")
    write("skipped/README.md", "- 94/124 passing (78.5%)\n")
    write(".planproof.toml", 'ignore = ["PP401"]\nexclude = ["skipped"]\n')
    code, _, data = run_cli("claims", tmp_path, "--format", "json")
    assert code == 0 and [f["path"] for f in data["files"]] == [str(path)]
    assert data["files"][0]["findings"] == []
    assert data["files"][0]["claims"][0]["verdict"]["status"] == "inconsistent"  # still shown
    write(".planproof.toml", '[severity]\nPP401 = "warning"\n')
    code, _, data = run_cli("claims", path, "--format", "json")
    assert code == 0 and data["files"][0]["findings"][0]["severity"] == "warning"
    code, _, data = run_cli("claims", path, "--format", "json", "--ignore", "PP401")
    assert data["files"][0]["findings"] == []


def test_claims_command_uses_each_paths_own_configuration(write, run_cli, tmp_path):
    """Two folders with configuration files of their own: each is judged by its own, as lint
    judges them (`claims` used to take the first path's settings for every path)."""
    strict = write("svc-a/README.md", "- 94/124 passing (78.5%)\n")
    lenient = write("svc-b/README.md", "- 94/124 passing (78.5%)\n")
    write("svc-a/.planproof.toml", "")
    write("svc-b/.planproof.toml", 'ignore = ["PP401"]\n')
    code, _, data = run_cli("claims", tmp_path / "svc-a", tmp_path / "svc-b", "--format", "json")
    findings = {f["path"]: [x["code"] for x in f["findings"]] for f in data["files"]}
    assert code == 1 and findings == {str(strict): ["PP401"], str(lenient): []}


def test_claims_command_honours_suppression_comments(write, run_cli):
    path = write("README.md", """
        <!-- planproof-disable-next-line PP401 -- the report rounds differently -->
        - 94/124 passing (78.5%)
    """)
    code, output, _ = run_cli("claims", path)
    assert code == 0 and "PP401" not in output and "0 PP4xx findings" in output
    code, output, _ = run_cli("claims", path, "--select", "PP5")  # no claims rule: PP4 stays
    assert "PP890" not in output
