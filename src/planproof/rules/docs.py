"""Rule documentation rendered from the registry (for `planproof rule`, docs/rules.md, SARIF)."""

from __future__ import annotations


def _fenced(text: str) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}markdown\n{text}\n{fence}"


def rule_markdown(rule, heading_level: int = 1) -> str:
    hashes = "#" * heading_level
    mode = "`planproof verify` only" if rule.mode == "verify" else "`planproof lint` and `verify`"
    return "\n".join([
        f"{hashes} {rule.code} {rule.name}",
        "",
        f"Default severity: **{rule.severity.value}** · runs in {mode} · scope: {rule.scope}",
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
        "",
        f"{hashes}# Example that passes",
        _fenced(rule.good),
    ])
