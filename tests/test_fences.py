"""One fenced-code reader for every rule: the cases the five former copies answered differently."""

from planproof import fences
from planproof.claims.body_lines import body_lines
from planproof.document import Document
from planproof.elements import parse_elements
from planproof.evidence.testfiles import is_test_file, is_test_module

DOC = """\
# Plan

1. Run it:
    ```bash
    echo "75% (3/4)"
    ```
```python x```
Inline, not a fence: 1/2 = 50%.
~~~
```
still code <task>
~~~~ not a closer
~~~
After: 2/4 = 50%.
"""


def states(text):
    return [state for _, _, state in fences.classify(text.split("\n"))]


def test_list_indented_fence_is_code():
    assert states("1. a\n    ```\n    x\n    ```\nafter") == [
        "text", "fence", "code", "fence", "text"]


def test_backtick_info_with_a_backtick_is_inline_code_not_a_fence():
    assert states("```python x```\ntext") == ["text", "text"]


def test_closer_needs_same_character_no_info_and_at_least_the_length():
    assert states("~~~~\n~~~\n```\n~~~~ x\n~~~~~\nafter") == [
        "fence", "code", "code", "code", "fence", "text"]


def test_unclosed_fence_runs_to_the_end():
    assert states("```\ncode\nmore") == ["fence", "code", "code"]


def test_every_reader_agrees_on_one_document():
    doc = Document.from_text(DOC, "01-01-PLAN.md")
    prose = [number for number, _ in fences.prose_lines(doc)]
    assert prose == [1, 2, 3, 7, 8, 14, 15]
    assert [n for n, _ in body_lines(doc).lines] == prose
    root = parse_elements(doc.lines)
    assert not any(child.name == "task" for child in root.children)  # `<task>` sits in code


def test_test_files_by_name_and_by_folder():
    assert is_test_module("tests/test_api.py") and is_test_module("pkg/api_test.go")
    assert is_test_module("src/app.spec.ts") and is_test_module("app/tests.py")
    assert not is_test_module("tests/helpers.py") and not is_test_module("src/contest.py")
    assert is_test_file("tests/helpers.py") and is_test_file("conftest.py")
    assert not is_test_file("src/app.py") and not is_test_file("tests/")
