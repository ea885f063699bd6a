"""The findings of a stub scan, and what every language's scanner shares: TODO/FIXME markers in
comments, placeholder copy in strings, the notes that mark a no-op as deliberate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MARKER = re.compile(r"(?<![\w./-])(TODO|FIXME|XXX|TBD|HACK)(?![\w-])")
# an issue or PR reference: #123, GH-12, ABC-123, a URL, "issue 12", "PR 7"
REFERENCE = re.compile(r"#\d+|\b[A-Z][A-Z0-9]+-\d+\b|https?://|\b(?:issues?|PR|pull)\s*#?\s*\d+", re.I)
PLACEHOLDER = re.compile(
    r"\bcoming soon\b|\bwill (?:be|go|appear) here\b|\blorem ipsum\b|"
    r"\bplaceholder (?:text|content|page|component|data|implementation|value|response|screen|view)\b|"
    r"\b(?:this is|just) (?:a |an )?placeholder\b|"
    r"\bnot yet implemented\b|\bnot implemented yet\b", re.I)
NOOP_NOTE = re.compile(r"no-?op|nothing to do|intentional|deliberately|does nothing|not needed|"
                       r"by design|on purpose|ignored?\b|override|subclass", re.I)


@dataclass(frozen=True, slots=True)
class Stub:
    kind: str  # stub-body | placeholder | marker | todo | empty-return | log-only
    line: int
    name: str  # the function or component, "" at module level
    detail: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "line": self.line, "function": self.name or None,
                "detail": self.detail}


@dataclass(slots=True)
class StubScan:
    language: str
    method: str
    stubs: list[Stub] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def comment_markers(comments, out: list[Stub], name_at=lambda line: "") -> None:
    """TODO/FIXME/XXX/TBD/HACK in comments ((line, text) pairs) without a reference."""
    for line, text in comments:
        found = MARKER.search(text)
        if not found or REFERENCE.search(text):
            continue
        lead = text[:found.start()].strip(" \t#/*!-<>;")
        if lead and not re.match(r"[:(]", text[found.end():]):
            continue  # "possibly a FIXME" in prose: a marker leads its comment or takes a colon
        word = found.group(1)
        if word == "XXX" and re.search(r"XXX[-.]|[-.]XXX|XXXX", text):
            continue  # a format mask such as 555-XXX-XXXX, not a marker
        kind = "todo" if word in ("TODO", "HACK") else "marker"
        out.append(Stub(kind, line, name_at(line), clip(text.strip().lstrip("#/* ").strip())))


def placeholder_text(value: str) -> bool:
    return bool(value) and len(value) <= 400 and PLACEHOLDER.search(value) is not None


def clip(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
