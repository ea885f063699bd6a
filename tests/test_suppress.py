"""Suppression comments: every form, what is not a suppression, and PP890 unused-suppression."""

from __future__ import annotations

import re

import pytest

from conftest import dedent, lint_text
from planproof.config import Settings
from planproof.engine import check_text
from planproof.pipeline import run
from planproof.findings import Violation
from planproof.rules import Rule, register_for_test
from planproof.findings import Severity, Span

MARK = re.compile(r"\bBAD\b")


def _flag_bad_words(doc, ctx):
    """A test rule: every word BAD in the body is a finding at its line and column."""
    for number, text in enumerate(doc.lines, start=1):
        if number < doc.body_start_line:
            continue
        for match in MARK.finditer(text):
            yield Violation("the word BAD", Span(number, match.start() + 1, number, match.end() + 1))


def _flag_tree(docs, ctx):
    for doc in docs:
        for number, text in enumerate(doc.lines, start=1):
            if "TREEBAD" in text:
                yield doc, Violation("tree-level finding", Span(number, 1))


@pytest.fixture(autouse=True)
def registered_test_rules():
    removers = [
        register_for_test(Rule("PP897", "test-bad-word", Severity.ERROR, "s", "w", "y", "b", "g",
                               _flag_bad_words)),
        register_for_test(Rule("PP896", "test-tree", Severity.ERROR, "s", "w", "y", "b", "g",
                               _flag_tree, scope="tree")),
    ]
    yield
    for remove in removers:
        remove()


SELECT = ["PP11", "PP89"]  # reading rules and the test rules: other families stay out of the way


def findings_of(text: str, **settings):
    settings.setdefault("select", SELECT)
    return lint_text(text, "notes.md", **settings)


def found(text: str, **settings) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in findings_of(text, **settings)]


HEAD = "---\nphase: '01'\n---\n"


def test_test_rule_fires_without_suppressions():
    assert found(HEAD + "# Plan\nBAD one\nBAD two\n") == [("PP897", 5), ("PP897", 6)]


def test_disable_next_line_suppresses_only_the_next_content_line():
    text = HEAD + "<!-- planproof-disable-next-line PP897 -->\n\nBAD one\nBAD two\n"
    assert found(text) == [("PP897", 7)]


def test_stacked_next_line_comments_apply_to_the_same_line():
    text = HEAD + ("<!-- planproof-disable-next-line PP897 -->\n"
                   "<!-- planproof-disable-next-line PP896 -->\nBAD TREEBAD\n")
    assert found(text) == []


def test_disable_enable_region_with_codes():
    text = HEAD + dedent("""
        BAD before
        <!-- planproof-disable PP897 -->
        BAD inside
        | a | BAD |
        <!-- planproof-enable PP897 -->
        BAD after
    """)
    assert found(text) == [("PP897", 4), ("PP897", 9)]


def test_disable_without_enable_runs_to_the_end_and_bare_enable_closes_all():
    open_ended = HEAD + "BAD\n<!-- planproof-disable -->\nBAD\n\nBAD\n"
    assert found(open_ended) == [("PP897", 4)]
    closed = HEAD + "<!-- planproof-disable PP897 PP896 -->\nBAD TREEBAD\n<!-- planproof-enable -->\nBAD\n"
    assert found(closed) == [("PP897", 7)]


def test_prefix_and_comma_separated_codes_and_reason():
    text = HEAD + "<!-- planproof-disable-next-line PP89, PP1 -- written on purpose -->\nBAD TREEBAD\n"
    assert found(text) == []


def test_disable_line_in_a_paragraph_and_in_a_table_row():
    text = HEAD + dedent("""
        BAD here <!-- planproof-disable-line PP897 -->
        BAD there

        | claim | BAD <!-- planproof-disable-line --> |
        |---|---|
    """)
    assert found(text) == [("PP897", 5)]


def test_disable_file_anywhere_in_the_document():
    text = HEAD + "BAD\n\nBAD\n\n<!-- planproof-disable-file PP897 -->\n"
    assert found(text) == []
    assert found(HEAD + "BAD TREEBAD\n<!-- planproof-disable-file -->\n") == []


def test_frontmatter_comment_forms():
    text = dedent("""
        ---
        verified: 2025-01-01
        # planproof-disable-next-line PP111 -- the first date is kept on purpose
        verified: 2025-02-01
        status: passed
        status: failed  # planproof-disable-line PP111
        ---
    """)
    assert found(text) == []
    colon_form = "---\na: 1\n# planproof: disable-next-line PP111\na: 2\n---\n"
    assert found(colon_form) == []
    unsuppressed = "---\na: 1\na: 2\n---\n"
    assert found(unsuppressed) == [("PP111", 3)]


def test_directives_in_fenced_indented_and_inline_code_are_examples_not_suppressions():
    text = HEAD + dedent("""
        ```markdown
        <!-- planproof-disable-file -->
        ```

            <!-- planproof-disable-file -->

        Write `<!-- planproof-disable-next-line PP897 -->` above the line.
        BAD
    """)
    assert found(text) == [("PP897", 11)]


def test_unused_suppression_is_reported_at_the_comment():
    text = HEAD + "# Plan\n<!-- planproof-disable-next-line PP897 -->\nall good here\n"
    findings = findings_of(text)
    assert [(f.code, f.line, f.column) for f in findings] == [("PP890", 5, 1)]
    assert "PP897" in findings[0].message and "suppresses nothing" in findings[0].message
    assert findings[0].severity is Severity.WARNING


def test_only_the_unused_code_of_a_comment_is_reported():
    text = HEAD + "<!-- planproof-disable-next-line PP897 PP111 -->\nBAD\n"
    findings = findings_of(text)
    assert [(f.code, f.line) for f in findings] == [("PP890", 4)]
    assert "PP111" in findings[0].message and "PP897" not in findings[0].message


def test_tree_rule_suppressions_are_judged_only_where_the_tree_was_read(tmp_path, write):
    unused = HEAD + "<!-- planproof-disable-next-line PP896 -->\nnothing here\n"
    path = write("plans/notes.md", unused)
    settings = Settings(cache=False, select=SELECT)
    from_directory = run([str(tmp_path / "plans")], settings)
    assert [(f.code, f.line) for f in from_directory.findings] == [("PP890", 4)]
    # a file given alone (as pre-commit does): tree rules did not see the tree, so no verdict
    assert run([str(path)], settings).findings == []


def test_unknown_codes_malformed_directives_and_stray_enable_are_reported():
    text = HEAD + dedent("""
        <!-- planproof-disable-next-line PP999 -->
        BAD
        <!-- planproof-disable-next-line typo -->
        <!-- planproof-ignore PP897 -->
        <!-- planproof-enable -->
    """)
    messages = [(f.code, f.line, f.message) for f in findings_of(text)]
    codes = [m[:2] for m in messages]
    assert ("PP890", 4) in codes and ("PP897", 5) in codes
    assert any(line == 4 and "PP999" in msg and "no rule" in msg for _, line, msg in messages)
    assert any(line == 6 and "'typo' is not a rule code" in msg for _, line, msg in messages)
    assert any(line == 7 and "unknown directive 'planproof-ignore'" in msg for _, line, msg in messages)
    assert any(line == 8 and "no open" in msg for _, line, msg in messages)


def test_unrelated_planproof_comments_are_left_alone():
    text = HEAD + "<!-- planproof-generated: do not edit -->\n# Plan\n"
    assert found(text) == []


def test_suppression_of_a_rule_that_did_not_run_is_not_called_unused():
    text = HEAD + "<!-- planproof-disable-next-line PP897 -->\nnothing\n"
    assert found(text, select=["PP1"]) == []
    assert found(text, ignore=["PP897"]) == []
    # a bare suppression covers every rule: only judged when every rule ran (verify rules
    # do not run under lint)
    bare = HEAD + "<!-- planproof-disable-next-line -->\nnothing\n"
    assert found(bare) == []  # a bare one is judged only when every rule ran
    assert found(bare, select=["PP"]) == []  # lint: the verify rules did not run


def test_bare_suppression_is_unused_when_every_rule_ran(tmp_path):
    from planproof.config import Settings
    from planproof.pipeline import run

    (tmp_path / "notes.md").write_text(HEAD + "<!-- planproof-disable-next-line -->\nnothing\n")
    settings = Settings(select=["ALL"], root=str(tmp_path), cache=False, jobs=1)
    verified = run([str(tmp_path)], settings, mode="verify")
    assert [(f.code, f.line) for f in verified.findings if f.code == "PP890"] == [("PP890", 4)]


def test_pp890_can_be_ignored_and_is_not_itself_suppressible():
    text = HEAD + "<!-- planproof-disable-next-line PP897 -->\nnothing\n"
    assert found(text, ignore=["PP890"]) == []
    assert found(text, per_file_ignores={"*.md": ["PP890"]}) == []
    still = text + "<!-- planproof-disable-file PP890 -->\n"
    assert ("PP890", 4) in found(still)


def test_severity_override_applies_to_pp890():
    text = HEAD + "<!-- planproof-disable-next-line PP897 -->\nnothing\n"
    (finding,) = findings_of(text, severity={"PP890": "error"})
    assert finding.severity is Severity.ERROR


def test_internal_errors_cannot_be_suppressed():
    def boom(doc, ctx):
        raise RuntimeError("boom")

    remove = register_for_test(Rule("PP895", "test-boom", Severity.ERROR, "s", "w", "y", "b", "g",
                                    boom))
    try:
        assert ("PP000", 1) in found("<!-- planproof-disable-file -->\n# x\n")
    finally:
        remove()


def test_tree_findings_and_full_runs_respect_suppressions(tmp_path, write):
    write("a/notes.md", HEAD + "<!-- planproof-disable-next-line PP896 -->\nTREEBAD\nTREEBAD\n")
    write("b/notes.md", HEAD + "<!-- planproof-disable-file PP896 -->\nTREEBAD\n")
    result = run([str(tmp_path)], Settings(cache=False, select=SELECT))
    assert [(f.code, f.path.split("/")[-2], f.line) for f in result.findings] == [
        ("PP896", "a", 6)]


def test_the_same_outcome_with_a_process_pool(tmp_path, write):
    for index in range(50):
        frontmatter = "a: 1\n# planproof-disable-next-line PP111\na: 2\n" if index % 2 else "a: 1\na: 2\n"
        write(f"p/{index:02d}-notes.md", f"---\n{frontmatter}---\n")
    serial = run([str(tmp_path)], Settings(jobs=1, cache=False, select=["PP11"]))
    parallel = run([str(tmp_path)], Settings(jobs=2, cache=False, select=["PP11"]))
    assert [f.to_dict() for f in serial.findings] == [f.to_dict() for f in parallel.findings]
    assert [f.code for f in serial.findings] == ["PP111"] * 25


def test_check_text_is_the_library_entry_for_suppressions():
    findings = check_text(HEAD + "BAD <!-- planproof-disable-line PP897 -->\n", "notes.md",
                          Settings(select=SELECT))
    assert findings == []
