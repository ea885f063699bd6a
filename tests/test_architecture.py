"""ARCHITECTURE.md's worked example is real: its rule is declared, documented and checked
exactly as the page says, so the page cannot drift from the code."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from example_positions import assert_reported_at
from planproof import fences, rules
from planproof.config import Settings
from planproof.engine import check_text
from planproof.findings import Span, Violation
from planproof.rules import all_rules, rule
from planproof.rules.docs import rule_markdown

PAGE = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")


@pytest.fixture
def worked_example():
    section = PAGE.split("## Worked example: adding a rule", 1)[1]
    code = re.search(r"````python\n(.*?)````", section, re.S).group(1)
    namespace = {"rule": rule, "fences": fences, "Violation": Violation, "Span": Span}
    all_rules()
    exec(compile(code, "ARCHITECTURE.md", "exec"), namespace)
    try:
        yield all_rules()["PP899"]
    finally:
        rules._REGISTRY.pop("PP899", None)


def findings(text, path):
    return check_text(text, path, Settings(cache=False, select=["PP899"]))


def test_the_worked_example_rule_works_as_the_page_says(worked_example):
    assert_reported_at(worked_example, findings(worked_example.bad, worked_example.example_path))
    assert findings(worked_example.good, worked_example.example_path) == []
    assert "Reported at line 5, column 1" in rule_markdown(worked_example)


def test_the_page_names_modules_that_exist():
    named = set(re.findall(r"`([\w/]+\.py)`", PAGE))
    assert {"engine.py", "rules/hygiene.py", "evidence/session.py"} <= named
    for module in named:
        assert any(path.is_file() for path in (REPO / "src" / "planproof" / module, REPO / "src" / module,
                                               REPO / module)), module
