"""Where a rule's failing example is reported: the one assertion every example harness makes
(as yamllint's `RuleTestCase.check(conf, problem=(line, column))`)."""

from __future__ import annotations

from planproof.findings import Finding


def assert_reported_at(rule, findings) -> None:
    """The first finding of `rule` (in report order) is where its declaration's `at` says, in
    the file its bad example is checked under."""
    mine = sorted((f for f in findings if f.code == rule.code), key=Finding.sort_key)
    assert mine, f"{rule.code}'s bad example does not trigger it (found {[f.code for f in findings]})"
    first = mine[0]
    actual = f"line {first.line}, column {first.column} of {first.path}"
    assert rule.at is not None, f"{rule.code} declares no position: it is reported at {actual}"
    expected = f"line {rule.at[0]}, column {rule.at[1]} of {rule.example_path}"
    assert ((first.line, first.column) == rule.at and first.path == rule.example_path), \
        f"{rule.code}'s bad example is reported at {actual}; its declaration says {expected}"
