"""`planproof rules` and `planproof rule CODE`: the rule registry, printed without click.

They are answered before click is imported (`fast_path`): an editor or a shell completion asks
for them often, and the registry needs nothing but the rule modules.
"""

from __future__ import annotations

import sys

LIST_FORMATS = ("text", "json")


def error(message: str) -> int:
    print(f"planproof: error: {message}", file=sys.stderr)
    return 2


def list_rules(prefixes: list[str], fmt: str = "text") -> int:
    """Every rule (or those matching PREFIXES, e.g. PP4): code, name, severity, summary."""
    from planproof.rules import all_rules, unknown_codes

    rules = all_rules()
    if prefixes:
        unknown = unknown_codes(prefixes)
        if unknown:
            return error(f"no rule matches {', '.join(unknown)} (see `planproof rules`)")
        rules = {c: r for c, r in rules.items() if c.startswith(tuple(p.upper() for p in prefixes))}
    if fmt == "json":
        import json

        print(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.value,
                           "summary": r.summary, "mode": r.mode, "default": r.default}
                          for r in rules.values()], indent=2))
        return 0
    for r in rules.values():
        mode = (" (verify)" if r.mode == "verify" else "") + ("" if r.default else " (opt-in)")
        print(f"{r.code}  {r.name:<32} {r.severity.value:<8} {r.summary}{mode}")
    return 0


def show_rule(code: str) -> int:
    """A rule's documentation (CODE or name): what, why, a failing and a passing example."""
    from planproof.rules import all_rules, get_rule
    from planproof.rules.docs import rule_markdown

    found = get_rule(code) or next((r for r in all_rules().values() if r.name == code.lower()),
                                   None)
    if found is None:
        return error(f"no rule {code!r} (see `planproof rules`)")
    print(rule_markdown(found))
    return 0


def fast_path(args: list[str]) -> int | None:
    """The exit code of `rules [--format F] [PREFIX...]` or `rule CODE`, answered here; None
    for anything else (help, a mistake, another command): click parses and reports those."""
    if args[:1] == ["rule"] and len(args) == 2 and not args[1].startswith("-"):
        return show_rule(args[1])
    if args[:1] != ["rules"]:
        return None
    fmt, prefixes, rest = "text", [], args[1:]
    while rest:
        word = rest.pop(0)
        if word == "--format" and rest and rest[0] in LIST_FORMATS:
            fmt = rest.pop(0)
        elif word.startswith("--format=") and word.partition("=")[2] in LIST_FORMATS:
            fmt = word.partition("=")[2]
        elif word.startswith("-"):
            return None
        else:
            prefixes.append(word)
    return list_rules(prefixes, fmt)
