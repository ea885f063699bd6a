"""Checks a person or CI must run (PP550): `<verify>` commands, human checks and a VERIFICATION's
`human_verification` items, listed with their lines. planproof never runs them."""

from __future__ import annotations

import re

from planproof.findings import Span
from planproof.rules.repository.verdicts import Verdicts

MAX_TEXT = 2000


def list_manual_checks(v: Verdicts) -> None:
    checks = sorted(_element_checks(v.doc) + _frontmatter_checks(v), key=lambda c: c["line"])
    if not checks:
        return
    for check in checks:
        check["text"] = check["text"][:MAX_TEXT]
    kinds = {k: sum(1 for c in checks if c["kind"] == k) for k in ("command", "human")}
    summary = " and ".join(f"{n} {'command' if k == 'command' else 'human check'}"
                           f"{'s' if n != 1 else ''}" for k, n in kinds.items() if n)
    v.report("PP550", f"{summary} must be run by a person or CI; planproof never runs them",
             Span(checks[0]["line"], 1), "run them, and record the result in the VERIFICATION or UAT",
             {"manual_checks": checks})


def _element_checks(doc) -> list[dict]:
    checks = []
    for element in doc.elements.iter():
        if element.name == "verify":
            automated = [c for c in element.children if c.name == "automated"]
            humans = list(element.iter("human-check"))
            checks += [{"line": c.line, "kind": "command", "text": c.text} for c in automated]
            checks += [{"line": c.line, "kind": "human", "text": _element_text(c)} for c in humans]
            if not automated and not humans and element.text:
                checks.append({"line": element.line, "kind": "command", "text": element.text})
        elif element.name == "how-to-verify":
            checks.append({"line": element.line, "kind": "human", "text": element.text})
    return checks


def _frontmatter_checks(v: Verdicts) -> list[dict]:
    items = v.doc.meta.get("human_verification")
    if not isinstance(items, list):
        return []
    checks = []
    for index, item in enumerate(items):
        text = _item_text(item)
        if text:
            checks.append({"line": v.span(f"human_verification[{index}]").line, "kind": "human",
                           "text": text})
    return checks


def _element_text(element) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", element.content)).strip()


def _item_text(item) -> str:
    if isinstance(item, str):
        return item.strip()
    if isinstance(item, dict):
        return " | ".join(f"{k}: {v}" for k, v in item.items() if v not in (None, ""))
    return ""
