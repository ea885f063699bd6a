"""Body blocks, XML-like elements, @references and document kinds."""

from __future__ import annotations

import pytest

from planproof.document import Document, kind_from_keys, kind_from_name

from conftest import dedent

BODY = dedent("""
    ---
    phase: "01"
    ---
    # Title

    Coverage is 97.6% (2401/2439 lines) and `12/13` in code.

    - [ ] 30-01-PLAN.md
    - [x] 30-02-PLAN.md
      - nested item
    - plain item

    | Module | Current % |
    |--------|-----------|
    | core   | 22.53%    |
    | `x/y`  | 1/2       |

    ```python
    ratio = 3/4  # 75%
    ```

    > quoted 50% claim
""")


@pytest.fixture(scope="module")
def body():
    return Document.from_text(BODY).body


def test_headings_and_paragraphs_have_file_line_numbers(body):
    assert [(b.kind, b.line, b.level) for b in body.headings] == [("heading", 4, 1)]
    paragraph = body.of_kind("paragraph")[0]
    assert paragraph.line == 6


def test_inline_code_is_blanked_but_kept_apart(body):
    paragraph = body.of_kind("paragraph")[0]
    assert "12/13" not in paragraph.text
    assert paragraph.code == ["12/13"]
    assert len(paragraph.text) == len("Coverage is 97.6% (2401/2439 lines) and `12/13` in code.")


def test_offsets_map_back_to_file_columns(body):
    paragraph = body.of_kind("paragraph")[0]
    offset = paragraph.text.index("97.6%")
    assert paragraph.position(offset) == (6, 13)
    quote = body.of_kind("paragraph")[-1]
    assert quote.position(quote.text.index("50%")) == (22, 10)


def test_list_items_carry_checkbox_state_and_depth(body):
    items = [(b.text.split("\n")[0], b.checked, b.level, b.line) for b in body.list_items]
    assert items == [
        ("[ ] 30-01-PLAN.md", False, 1, 8),
        ("[x] 30-02-PLAN.md", True, 1, 9),
        ("nested item", None, 2, 10),
        ("plain item", None, 1, 11),
    ]


def test_table_cells_know_row_column_and_position(body):
    table = body.tables[0]
    assert table.header == ["Module", "Current %"]
    cell = table.rows[1][1]
    assert (cell.text.strip(), cell.row, cell.column, cell.line) == ("22.53%", 1, 1, 15)
    assert cell.position(0) == (15, 12)
    assert table.rows[2][0].code == ["x/y"]


def test_fenced_code_is_kept_apart_from_prose(body):
    code = body.of_kind("code")
    assert [(c.info, c.line) for c in code] == [("python", 18)]
    assert all("3/4" not in b.text for b in body.prose())


TASKS = dedent("""
    ---
    phase: "01"
    ---
    <objective>
    Build it.
    </objective>

    <execution_context>
    @/Users/someone/.claude/workflows/execute-plan.md
    </execution_context>

    <context>
    @.planning/ROADMAP.md
    @src/app.py
    Mentions @scope/pkg inline only.
    </context>

    <tasks>
    <task type="auto" tdd="true">
      <name>Task 1: Build Guide</name>
      <files>docs/GUIDE.md</files>
      <action>Write `List<String>` docs and a <br> break.</action>
      <verify><automated>test -f docs/GUIDE.md</automated></verify>
      <done>Guide exists</done>
    </task>
    <task type="checkpoint:human-verify" gate="blocking">
      <what-built>Guide</what-built>
      <resume-signal>Type approved</resume-signal>
    </task>
    </tasks>

    ```xml
    <task type="auto"><name>not a task</name></task>
    ```
""")


@pytest.fixture(scope="module")
def plan():
    return Document.from_text(TASKS, "01-01-PLAN.md")


def test_elements_form_a_tree_with_attributes_and_positions(plan):
    assert [e.name for e in plan.elements.children] == [
        "objective", "execution_context", "context", "tasks"]
    tasks = list(plan.elements.iter("task"))
    assert [t.attrs for t in tasks] == [{"type": "auto", "tdd": "true"},
                                        {"type": "checkpoint:human-verify", "gate": "blocking"}]
    first = tasks[0]
    assert (first.line, first.end_line) == (19, 25)
    assert [c.name for c in first.children] == ["name", "files", "action", "verify", "done"]
    assert first.child("name").text == "Task 1: Build Guide"
    assert first.child("verify").child("automated").text == "test -f docs/GUIDE.md"
    assert [c.name for c in tasks[1].children] == ["what-built", "resume-signal"]


def test_tags_in_code_and_generics_are_not_elements(plan):
    names = [e.name for e in plan.elements.iter()]
    assert "String" not in names
    assert len([n for n in names if n == "task"]) == 2


def test_references_inside_context_blocks(plan):
    refs = [(r.target, r.line, r.element) for r in plan.references]
    assert refs == [
        ("/Users/someone/.claude/workflows/execute-plan.md", 9, "execution_context"),
        (".planning/ROADMAP.md", 13, "context"),
        ("src/app.py", 14, "context"),
    ]


@pytest.mark.parametrize("path, kind", [
    (".planning/phases/05-x/05-05-PLAN.md", "PLAN"),
    ("15-04a-PLAN.md", "PLAN"),
    ("14-fix-03-PLAN.md", "PLAN"),
    ("84-01a-shared-PLAN.md", "PLAN"),
    ("PLAN.md", "PLAN"),
    ("12-VERIFICATION.md", "VERIFICATION"),
    ("05-01-SUMMARY.md", "SUMMARY"),
    ("02-UAT.md", "UAT"),
    ("02-CONTEXT.md", "CONTEXT"),
    ("02-RESEARCH.md", "RESEARCH"),
    ("02-VALIDATION.md", "VALIDATION"),
    ("02-REVIEW.md", "REVIEW"),
    (".planning/ROADMAP.md", "ROADMAP"),
    ("STATE.md", "STATE"),
    ("PROJECT.md", "PROJECT"),
    ("REQUIREMENTS.md", "REQUIREMENTS"),
    (".planning/research/SUMMARY.md", None),
    ("PAPER_TRADING_PLAN.md", None),
    ("sprint-plan-coverage-85.md", None),
])
def test_kind_from_file_name(path, kind):
    assert kind_from_name(path) == kind


@pytest.mark.parametrize("keys, kind", [
    ({"must_haves": {}}, "PLAN"),
    ({"status": "passed", "score": "3/3"}, "VERIFICATION"),
    ({"key-files": {}}, "SUMMARY"),
    ({"gsd_state_version": 1}, "STATE"),
    ({"title": "x"}, None),
    (["not", "a", "mapping"], None),
])
def test_kind_from_frontmatter_keys(keys, kind):
    assert kind_from_keys(keys) == kind


def test_generic_documents_fall_back_to_generic():
    assert Document.from_text("# Sprint plan\n", "sprint-plan.md").kind == "GENERIC"
    assert Document.from_text("---\nwave: 2\n---\n", "notes.md").kind == "PLAN"
