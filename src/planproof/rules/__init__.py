"""The rule registry: every rule's metadata lives in its `@rule(...)` declaration and nowhere else.

Rule modules must stay cheap to import (no markdown, schema or coverage imports at module level)
so that `planproof rules` and `planproof rule CODE` start instantly.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Iterable

from planproof.findings import Severity

# Every module that declares rules. A new rule family adds its module here.
RULE_MODULES = (
    "planproof.rules.reading",
    "planproof.rules.repository",
    "planproof.rules.schema",
    "planproof.rules.structure",
    "planproof.rules.structure_tree",
    "planproof.rules.consistency",
    "planproof.rules.hygiene",
    "planproof.rules.coverage",
    "planproof.rules.suppressions",
    "planproof.rules.tree_rules",
    "planproof.rules.substance",
    "planproof.rules.wiring",
    "planproof.rules.derived",
    "planproof.rules.health",
    "planproof.rules.audits",
)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str  # one line, shown by `planproof rules`
    what: str  # what the rule checks
    why: str  # why it matters
    bad: str  # an example document that triggers the rule
    good: str  # an example document that must not trigger it
    check: Callable
    example_path: str = "01-01-PLAN.md"  # the file name the examples are checked under
    scope: str = "document"  # "document": check(doc, ctx); "tree": check(docs, ctx)
    mode: str = "lint"  # "lint" rules run everywhere; "verify" rules only under `verify`

    @property
    def family(self) -> str:
        return self.code[:3]


_REGISTRY: dict[str, Rule] = {}
_LOADED = False


def rule(code: str, name: str, severity: Severity | str, *, summary: str, what: str, why: str,
         bad: str, good: str, example_path: str = "01-01-PLAN.md", scope: str = "document",
         mode: str = "lint") -> Callable[[Callable], Callable]:
    """Declare a rule. The decorated function yields Violations (document scope) or
    (Document, Violation) pairs (tree scope)."""

    def register(check: Callable) -> Callable:
        if code in _REGISTRY and _REGISTRY[code].check.__qualname__ != check.__qualname__:
            raise ValueError(f"rule code {code} declared twice")
        _REGISTRY[code] = Rule(code, name, Severity(severity), summary.strip(), _dedent(what),
                               _dedent(why), _dedent(bad), _dedent(good), check, example_path,
                               scope, mode)
        return check

    return register


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip("\n")


def all_rules() -> dict[str, Rule]:
    global _LOADED
    if not _LOADED:
        for module in RULE_MODULES:
            importlib.import_module(module)
        _LOADED = True
    return dict(sorted(_REGISTRY.items()))


def get_rule(code: str) -> Rule | None:
    return all_rules().get(code.upper())


def matching(prefixes: Iterable[str]) -> set[str]:
    codes = all_rules()
    return {c for c in codes for p in prefixes if c.startswith(p.upper())}


def unknown_codes(prefixes: Iterable[str]) -> list[str]:
    """Selectors that name no rule (a typo in --select or config)."""
    codes = all_rules()
    return [p for p in prefixes if not any(c.startswith(p.upper()) for c in codes)]


def register_for_test(rule_obj: Rule) -> Callable[[], None]:
    """Add a rule temporarily (tests); returns a function that removes it again."""
    all_rules()
    _REGISTRY[rule_obj.code] = rule_obj
    return lambda: _REGISTRY.pop(rule_obj.code, None)
