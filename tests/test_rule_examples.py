"""Every registered rule's documented examples are checked: `bad` must trigger the rule at the
position its declaration pins (`at`) and `good` must not trigger it. Rules are picked up from the
registry, so a new rule is covered automatically.

A rule whose examples cannot be checked from text alone must be listed in NOT_TEXT_CHECKABLE
with the reason and the test file that covers it instead (and declares no position).
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

from planproof.config import Settings
from planproof.engine import check_text
from planproof.rules import RULE_MODULES, all_rules
from planproof.rules.docs import rule_markdown

from conftest import REPO
from example_positions import assert_reported_at

NOT_TEXT_CHECKABLE = {
    "PP000": ("raised by the engine when a rule crashes", "test_internal_error.py"),
    "PP101": ("needs bytes that are not UTF-8", "test_reading.py"),
    "PP102": ("needs a NUL byte in a file on disk", "test_reading.py"),
    "PP103": ("needs a file larger than --max-file-size", "test_reading.py"),
    "PP104": ("needs a FIFO, device or dangling symlink on disk", "test_hostile.py"),
    "PP409": ("needs 5,000 claims, too long for the documentation", "test_claims.py"),
    "PP050": ("needs a cache folder holding a symbolic link", "test_hostile_cache.py"),
    "PP051": ("needs a planning folder linked out of the repository", "test_hostile_docs.py"),
}
# verify-mode rules check claims against repository evidence (files, coverage data, git),
# which an example checked from text alone does not have: their own test files build it.
VERIFY_TESTS = {"PP5": "test_verify*.py", "PP6": "test_coverage_rules.py"}

RULES = all_rules()


def _exempt(rule) -> bool:
    return rule.code in NOT_TEXT_CHECKABLE or rule.mode == "verify"


CHECKED = [pytest.param(rule, id=code) for code, rule in RULES.items() if not _exempt(rule)]


def _findings(text: str, rule) -> list:
    return check_text(text, rule.example_path, Settings(cache=False, select=["ALL"]), mode=rule.mode)


@pytest.mark.parametrize("rule", CHECKED)
def test_bad_example_triggers_the_rule_where_declared(rule):
    found = _findings(rule.bad, rule)
    assert "PP000" not in [f.code for f in found], \
        f"{rule.code}: a rule crashed on the bad example: {[f.code for f in found]}"
    assert_reported_at(rule, found)


@pytest.mark.parametrize("rule", CHECKED)
def test_good_example_does_not_trigger_the_rule(rule):
    found = [f.code for f in _findings(rule.good, rule)]
    assert "PP000" not in found, f"{rule.code}: a rule crashed on the good example: {found}"
    assert rule.code not in found, f"{rule.code}'s good example triggers it"


def test_every_rule_is_either_checked_or_exempt_with_a_reason():
    assert len(CHECKED) >= len(RULES) // 2
    assert set(NOT_TEXT_CHECKABLE) <= set(RULES), "an exemption names a rule that does not exist"
    for code, rule in RULES.items():
        assert rule.bad.strip() and rule.good.strip(), f"{code} has an empty example"


def test_exactly_the_exempt_lint_rules_declare_no_position():
    """Verify rules are pinned by their own harnesses (test_verify.py, test_coverage_rules.py)."""
    unpinned = {code for code, rule in RULES.items() if rule.mode == "lint" and rule.at is None}
    assert unpinned == set(NOT_TEXT_CHECKABLE), "only an example no test can run has no position"


def test_the_documentation_says_where_the_bad_example_is_reported():
    assert "Reported at line 4, column 9 of `12-VERIFICATION.md`." in rule_markdown(RULES["PP201"])
    assert "Reported at" not in rule_markdown(RULES["PP101"])  # bytes that are not UTF-8: no text


def test_every_rule_is_declared_by_its_decorator():
    """One declaration style: `@rule(...)` directly above a module-level `def`, never
    `rule(...)(function)` nor a decorator on a nested function."""
    for name in RULE_MODULES:
        tree = ast.parse(Path(importlib.util.find_spec(name).origin).read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and getattr(n.func, "id", None) == "rule"]
        decorators = [d for n in tree.body if isinstance(n, ast.FunctionDef)
                      for d in n.decorator_list if d in calls]
        assert len(decorators) == len(calls), f"{name} calls rule(...) other than as a decorator"


@pytest.mark.parametrize("code", sorted(c for c, r in RULES.items() if _exempt(r)))
def test_each_exempt_rule_is_exercised_by_its_own_tests(code):
    if code in NOT_TEXT_CHECKABLE:
        patterns = [NOT_TEXT_CHECKABLE[code][1]]
    else:
        patterns = [pattern for family, pattern in VERIFY_TESTS.items() if code.startswith(family)]
    assert patterns, f"{code}: a verify rule of a family with no test file named in VERIFY_TESTS"
    files = [path for pattern in patterns for path in (REPO / "tests").glob(pattern)]
    assert any(f'"{code}"' in path.read_text(encoding="utf-8") for path in files), \
        f"{code} is exempt from the example checks but {patterns} never mention it"
