"""Frontmatter: positions of every key path, and each parsing finding with its hint."""

from __future__ import annotations

import pytest

from planproof.document import Document
from planproof.findings import Span

from conftest import dedent
from conftest import lint_text as _lint_text


def lint_text(text, path="01-01-PLAN.md"):
    return _lint_text(text, path, select=["PP1"])  # other families have their own tests

PLAN = dedent("""
    ---
    phase: 05-coverage
    plan: 05
    must_haves:
      truths:
        - "Docs exist"
      artifacts:
        - path: "docs/a.md"
          provides: "A"
        - path: docs/b.md
        - path: 'docs/c.md'
          contains: "# C"
    ---
    # Body
""")


def test_every_key_path_maps_to_its_line_and_column_in_the_file():
    fm = Document.from_text(PLAN, "05-05-PLAN.md").frontmatter
    assert fm.span("phase", value=False) == Span(2, 1, 2, 6)
    assert fm.span("phase") == Span(2, 8, 2, 19)
    assert fm.span("must_haves.truths[0]") == Span(6, 7, 6, 19)
    assert fm.span("must_haves.artifacts[2].path", value=False) == Span(11, 7, 11, 11)
    assert fm.span("must_haves.artifacts[2].path") == Span(11, 13, 11, 24)
    assert fm.span("must_haves.artifacts[2].contains").line == 12


def test_span_of_an_unwritten_key_falls_back_to_its_parent():
    fm = Document.from_text(PLAN, "05-05-PLAN.md").frontmatter
    assert fm.span("must_haves.artifacts[1].contains") == fm.span("must_haves.artifacts[1]")
    assert fm.span("nothing.here") == Span(1, 1)


def test_dates_stay_strings_and_plan_numbers_keep_their_type():
    doc = Document.from_text("---\ncompleted: 2025-01-15\nverified: 2025-02-15T20:15:00Z\nplan: 05\n---\n")
    assert doc.meta == {"completed": "2025-01-15", "verified": "2025-02-15T20:15:00Z", "plan": 5}


def test_body_starts_after_the_closing_fence():
    doc = Document.from_text(PLAN, "05-05-PLAN.md")
    assert doc.body_start_line == 14
    assert doc.body.headings[0].line == 14


@pytest.mark.parametrize("line, hint_part", [
    ("objective: Fix it: now", "': ' without quotes"),
    ("objective: `code` first", "backtick"),
    ("tags: [three.js, @types/three]", "'@'"),
    ('path: "C:\\Users\\x"', "backslash"),
    ('- gap: "Coverage" -> closed', "quoted part"),
])
def test_yaml_errors_are_reported_at_their_position_with_a_hint(line, hint_part):
    findings = lint_text(f"---\nphase: '01'\n{line}\n---\n# Plan\n")
    assert [f.code for f in findings] == ["PP110"]
    assert findings[0].line == 3
    assert hint_part in findings[0].hint


def test_scalar_key_with_indented_children_gets_its_own_hint():
    findings = lint_text("---\nre_verification: true\n  previous_status: gaps_found\n---\n")
    assert [(f.code, f.line) for f in findings] == [("PP110", 3)]
    assert "value and indented children" in findings[0].hint


@pytest.mark.parametrize("yaml_only_break", ["\x85", "\u2028", "\u2029"])
def test_a_line_break_only_yaml_sees_does_not_shift_positions(yaml_only_break):
    """YAML 1.1 also breaks lines at NEL, LS and PS; planproof's lines break at '\n' only, so
    positions follow the character, not the parser's line count (found by test_properties:
    PP110 pointed past the end of its line)."""
    broken = lint_text(f"---\n0{yaml_only_break}\nphase: 01\n---\n")
    assert [(f.code, f.line, f.column) for f in broken] == [("PP110", 3, 6)]
    doc = Document.from_text(f"---\ntitle: 'a{yaml_only_break}b'\nphase: '01'\n---\n")
    assert doc.frontmatter.positions["phase"].key == Span(3, 1, 3, 6)


def test_valid_frontmatter_has_no_parse_findings():
    assert lint_text(PLAN, "05-05-PLAN.md") == []


def test_duplicate_key_reported_on_the_second_occurrence():
    findings = [f for f in lint_text("---\nverified: a\nstatus: passed\nverified: b\n---\n")
                if f.code == "PP111"]
    assert [(f.line, f.column) for f in findings] == [(4, 1)]
    assert "line 2" in findings[0].message
    assert not [f for f in lint_text("---\nverified: a\nstatus: passed\n---\n") if f.code == "PP111"]


def test_duplicate_keys_in_nested_mappings_are_found():
    text = "---\nmust_haves:\n  artifacts:\n    - path: a\n      path: b\n---\n"
    findings = [f for f in lint_text(text) if f.code == "PP111"]
    assert [(f.line, f.column) for f in findings] == [(5, 7)]
    assert findings[0].evidence["key"] == "must_haves.artifacts[0].path"


def test_frontmatter_after_a_comment_or_heading_is_read_and_reported():
    doc = Document.from_text("<!-- generated -->\n# Title\n---\nphase: '01'\nplan: '02'\n---\nBody\n",
                             "01-02-PLAN.md")
    assert doc.meta == {"phase": "01", "plan": "02"}
    assert [(code, v.span.line) for code, v in doc.problems] == [("PP112", 3)]


def test_a_thematic_break_after_prose_is_not_frontmatter():
    doc = Document.from_text("# Research\n\n**Domain:** x\n\n---\n\n## Summary\n")
    assert not doc.frontmatter.present
    assert doc.problems == []


def test_unterminated_frontmatter():
    findings = lint_text("---\nphase: '01'\n# Plan\n")
    assert [(f.code, f.line) for f in findings] == [("PP113", 1)]


def test_undelimited_key_value_lines():
    findings = lint_text("status: passed\nphase: 13\nplan: 01\n\n# Verification\n",
                         "13-VERIFICATION.md")
    assert [(f.code, f.line, f.end_line) for f in findings] == [("PP114", 1, 3)]
    assert lint_text("Status: see below\n\n# Title\n") == []


def test_frontmatter_that_is_not_a_mapping():
    findings = lint_text("---\n- a\n- b\n---\n")
    assert [(f.code, f.line) for f in findings] == [("PP115", 2)]
    assert "list" in findings[0].message


def test_toml_frontmatter_is_read_and_its_errors_reported():
    doc = Document.from_text('+++\nphase = "01"\nwave = 2\n+++\n# Plan\n', "01-01-PLAN.md")
    assert doc.meta == {"phase": "01", "wave": 2}
    assert doc.frontmatter.span("wave").line == 3
    findings = lint_text('+++\nphase = "01"\nwave = 2 3\n+++\n')
    assert [(f.code, f.line) for f in findings] == [("PP116", 3)]


def test_alias_bomb_is_refused_quickly():
    rows = ["a: &a [" + ", ".join(["x"] * 10) + "]"]
    for name, prev in zip("bcdefghi", "abcdefgh"):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    doc = Document.from_text("---\n" + "\n".join(rows) + "\n---\n")
    assert [code for code, _ in doc.problems] == ["PP117"]
    assert doc.meta == {}


def test_deep_nesting_is_refused():
    doc = Document.from_text("---\nx: " + "[" * 500 + "]" * 500 + "\n---\n")
    assert [code for code, _ in doc.problems] == ["PP117"]
