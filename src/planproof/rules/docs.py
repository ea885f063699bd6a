"""Rule documentation rendered from the registry (for `planproof rule`, docs/rules.md, SARIF)."""

from __future__ import annotations


def _fenced(text: str) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}markdown\n{text}\n{fence}"


def rule_markdown(rule, heading_level: int = 1) -> str:
    hashes = "#" * heading_level
    mode = "`planproof verify` only" if rule.mode == "verify" else "`planproof lint` and `verify`"
    group = "" if rule.default else " · opt-in (select it by code, family or `ALL`)"
    return "\n".join([
        f"{hashes} {rule.code} {rule.name}",
        "",
        f"Default severity: **{rule.severity.value}** · runs in {mode} · scope: {rule.scope}{group}",
        "",
        rule.summary,
        "",
        f"{hashes}# What it checks",
        rule.what,
        "",
        f"{hashes}# Why it matters",
        rule.why,
        "",
        f"{hashes}# Example that triggers it (`{rule.example_path}`)",
        _fenced(rule.bad),
        *_reported_at(rule),
        "",
        f"{hashes}# Example that passes",
        _fenced(rule.good),
    ])


def _reported_at(rule) -> list[str]:
    """Where the failing example is reported (none for an example described in prose)."""
    if rule.at is None:
        return []
    line, column = rule.at
    return ["", f"Reported at line {line}, column {column} of `{rule.example_path}`."]


DOCS_PATH = "docs/rules.md"
GENERATOR = "python -m planproof.rules.docs --write"


def rules_document(rules=None) -> str:
    """docs/rules.md: an index of every rule, then each rule's documentation."""
    if rules is None:
        from planproof.rules import all_rules

        rules = all_rules()
    rules = sorted(rules.values() if isinstance(rules, dict) else rules, key=lambda r: r.code)
    parts = [
        "# planproof rules",
        "",
        f"<!-- Generated from the rule registry by `{GENERATOR}`; do not edit by hand. -->",
        "",
        "| code | name | severity | mode | summary |",
        "|---|---|---|---|---|",
    ]
    for r in rules:
        summary = r.summary.replace("|", "\\|")
        parts.append(f"| [{r.code}](#{_anchor(r)}) | {r.name} | {r.severity.value} | {r.mode} "
                     f"| {summary} |")
    for r in rules:
        parts += ["", rule_markdown(r, heading_level=2)]
    return "\n".join(parts) + "\n"


def _anchor(rule) -> str:
    return f"{rule.code}-{rule.name}".lower()


def main(argv: list[str] | None = None) -> int:
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m planproof.rules.docs",
                                     description="Generate docs/rules.md from the rule registry.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="write the file")
    group.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    parser.add_argument("--path", default=DOCS_PATH, help=f"target file (default {DOCS_PATH})")
    args = parser.parse_args(argv)
    text = rules_document()
    target = Path(args.path)
    if args.write:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
        return 0
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current != text:
            print(f"{target} is out of date: run `{GENERATOR}`")
            return 1
        print(f"{target} is up to date")
        return 0
    print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
