"""Every registered rule's documented examples are checked: `bad` must trigger the rule and
`good` must not. Rules are picked up from the registry, so a new rule is covered automatically.

A rule whose examples cannot be checked from text alone must be listed in NOT_TEXT_CHECKABLE
with the reason and the test file that covers it instead.
"""

from __future__ import annotations

import pytest

from planproof.config import Settings
from planproof.engine import check_text
from planproof.rules import all_rules

NOT_TEXT_CHECKABLE = {
    "PP000": "raised by the engine when a rule crashes; tests/test_cli.py and "
             "tests/test_suppress.py register a crashing rule",
    "PP101": "needs bytes that are not UTF-8; tests/test_reading.py",
    "PP102": "needs a NUL byte in a file on disk; tests/test_reading.py",
    "PP103": "needs a file larger than --max-file-size; tests/test_reading.py",
    "PP104": "needs a FIFO, device or dangling symlink on disk; tests/test_hostile.py",
}
VERIFY_REASON = ("verify-mode rules check claims against repository evidence (files, coverage "
                 "data, git), which examples checked from text alone do not have; tests/test_verify*.py")

RULES = all_rules()


def _skip_reason(rule) -> str | None:
    if rule.code in NOT_TEXT_CHECKABLE:
        return NOT_TEXT_CHECKABLE[rule.code]
    if rule.mode == "verify":
        return VERIFY_REASON
    return None


def _params():
    for code, rule in RULES.items():
        reason = _skip_reason(rule)
        marks = [pytest.mark.skip(reason=f"{code}: {reason}")] if reason else []
        yield pytest.param(rule, id=code, marks=marks)


def _codes(text: str, rule) -> list[str]:
    return [f.code for f in check_text(text, rule.example_path, Settings(cache=False),
                                       mode=rule.mode)]


@pytest.mark.parametrize("rule", list(_params()))
def test_bad_example_triggers_the_rule(rule):
    found = _codes(rule.bad, rule)
    assert "PP000" not in found, f"{rule.code}: a rule crashed on the bad example: {found}"
    assert rule.code in found, f"{rule.code}'s bad example does not trigger it (found {found})"


@pytest.mark.parametrize("rule", list(_params()))
def test_good_example_does_not_trigger_the_rule(rule):
    found = _codes(rule.good, rule)
    assert "PP000" not in found, f"{rule.code}: a rule crashed on the good example: {found}"
    assert rule.code not in found, f"{rule.code}'s good example triggers it"


def test_every_rule_is_either_checked_or_exempt_with_a_reason():
    assert len(RULES) >= 10
    checked = [c for c, r in RULES.items() if _skip_reason(r) is None]
    assert len(checked) >= len(RULES) // 2
    assert set(NOT_TEXT_CHECKABLE) <= set(RULES), "an exemption names a rule that does not exist"
    for code, rule in RULES.items():
        assert rule.bad.strip() and rule.good.strip(), f"{code} has an empty example"
