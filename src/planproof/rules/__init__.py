"""The rule registry: every rule's metadata lives in its `@rule(...)` declaration and nowhere else.

Rule modules must stay cheap to import (no markdown, schema or coverage imports at module level)
so that `planproof rules` and `planproof rule CODE` start instantly.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import Callable, Iterable

from planproof.findings import Severity

# Every module that declares rules. A new rule family adds its module here.
RULE_MODULES = (
    "planproof.rules.run_problems",
    "planproof.rules.text_decoding",
    "planproof.rules.frontmatter_syntax",
    "planproof.rules.repository.artifact_rules",
    "planproof.rules.repository.link_rules",
    "planproof.rules.repository.file_rules",
    "planproof.rules.repository.commits",
    "planproof.rules.repository.prose_rules",
    "planproof.rules.drift",
    "planproof.rules.frontmatter_shape",
    "planproof.rules.plan_tasks",
    "planproof.rules.plan_files",
    "planproof.rules.must_haves",
    "planproof.rules.plan_ids",
    "planproof.rules.internal_consistency",
    "planproof.rules.relations",
    "planproof.rules.hygiene",
    "planproof.rules.coverage",
    "planproof.rules.suppressions",
    "planproof.rules.plan_summaries",
    "planproof.rules.roadmap_phases",
    "planproof.rules.roadmap_checklists",
    "planproof.rules.requirement_trace",
    "planproof.rules.state_position",
    "planproof.rules.verification",
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
    default: bool = True  # False: opt-in (convention advice), outside the default selection
    # (line, column), 1-based, of the rule's first finding on `bad` (in `example_path`'s section
    # of a multi-file example); None only for a `bad` that no test can run (described in prose,
    # or needing bytes, files or data that text cannot hold)
    at: tuple[int, int] | None = None

    @property
    def family(self) -> str:
        return self.code[:3]


# The registry is global on purpose: declaring a rule is importing its module. It is complete
# once every module of RULE_MODULES is imported (importing one twice does nothing).
_REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity | str, *, summary: str, what: str, why: str,
         bad: str, good: str, at: tuple[int, int] | None = None,
         example_path: str = "01-01-PLAN.md", scope: str = "document", mode: str = "lint",
         default: bool = True) -> Callable[[Callable], Callable]:
    """Declare a rule. The decorated function yields Violations (document scope) or
    (Document, Violation) pairs (tree scope). `at` pins where `bad` is reported (line, column);
    `default=False` puts it in the opt-in group."""

    def register(check: Callable) -> Callable:
        if code in _REGISTRY and _REGISTRY[code].check.__qualname__ != check.__qualname__:
            raise ValueError(f"rule code {code} declared twice")
        _REGISTRY[code] = Rule(code, name, Severity(severity), summary.strip(), _dedent(what),
                               _dedent(why), _dedent(bad), _dedent(good), check, example_path,
                               scope, mode, default, at)
        return check

    return register


def dedent(text: str) -> str:
    """`textwrap.dedent(text)` for space-indented text, without its regular expressions (or the
    import of textwrap): every rule's texts are dedented when rule modules load (start-up)."""
    lines = text.split("\n")
    if any("\t" in line[:len(line) - len(line.lstrip())] for line in lines):
        import textwrap

        return textwrap.dedent(text)
    indent = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    return "\n".join(line[indent:] if line.strip() else "" for line in lines)


def _dedent(text: str) -> str:
    return dedent(text).strip("\n")


def _registry() -> dict[str, Rule]:
    """The registry, every rule module imported."""
    for module in RULE_MODULES:
        if module not in sys.modules:
            importlib.import_module(module)
    return _REGISTRY


def all_rules() -> dict[str, Rule]:
    return dict(sorted(_registry().items()))


def get_rule(code: str) -> Rule | None:
    return _registry().get(code.upper())


def matching(prefixes: Iterable[str]) -> set[str]:
    codes = all_rules()
    return {c for c in codes for p in prefixes if c.startswith(p.upper())}


def unknown_codes(prefixes: Iterable[str]) -> list[str]:
    """Selectors that name no rule (a typo in --select or config)."""
    codes = all_rules()
    return [p for p in prefixes
            if p.upper() != ALL and not any(c.startswith(p.upper()) for c in codes)]


# Selecting: `PP` (the default) is the default set; `ALL` adds the opt-in rules; any longer
# prefix or code (`PP2`, `PP205`) selects what it names, opt-in rules included (as in ruff).
ALL = "ALL"
DEFAULT_SET = "PP"


def selection_rank(rule_obj: Rule, selectors: Iterable[str]) -> int:
    """How specifically `selectors` choose `rule_obj` (0: not at all); the longest match wins
    against --ignore. `ALL` ranks like `PP`; `PP` alone never chooses an opt-in rule."""
    best = 0
    for selector in selectors:
        selector = selector.upper()
        if selector == ALL:
            best = max(best, len(DEFAULT_SET))
        elif rule_obj.code.startswith(selector) and (rule_obj.default or selector != DEFAULT_SET):
            best = max(best, len(selector))
    return best


def explicitly_selected(selectors: Iterable[str]) -> set[str]:
    """Codes a selector names more precisely than the default set (`PP5`, `PP550`): their info
    findings are shown by default, since the user asked for them."""
    named = [s.upper() for s in selectors if s.upper() not in (ALL, DEFAULT_SET)]
    return {code for code in all_rules() if code.startswith(tuple(named))} if named else set()


def register_for_test(rule_obj: Rule) -> Callable[[], None]:
    """Add a rule temporarily (tests); returns a function that removes it again."""
    _registry()[rule_obj.code] = rule_obj
    return lambda: _REGISTRY.pop(rule_obj.code, None)
