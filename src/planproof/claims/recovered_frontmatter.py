"""A document's frontmatter read leniently: when YAML fails, the offending lines are blanked
out one at a time (line numbers stay right) until the rest parses, so one bad line does not
hide every other field from the claims and consistency rules."""

from __future__ import annotations

from planproof import frontmatter as fm_parser

MAX_RECOVERY = 10  # YAML errors skipped at most; and never more than a third of the lines


class Recovered:
    """The frontmatter as recovered; `skipped` lists the blanked lines (none when it parsed)."""

    __slots__ = ("frontmatter", "skipped")

    def __init__(self, frontmatter, skipped: list[int]) -> None:
        self.frontmatter = frontmatter
        self.skipped = skipped

    @property
    def data(self) -> dict:
        data = self.frontmatter.data
        return data if isinstance(data, dict) else {}


def frontmatter_of(doc) -> Recovered:
    """The document's frontmatter, recovered around YAML syntax errors when needed."""
    return doc.memo.get("claims.recovered_frontmatter", lambda: _recover(doc))


def _recover(doc) -> Recovered:
    fm = doc.frontmatter
    if not (fm.present and fm.format == "yaml" and fm.data is None
            and any(code == "PP110" for code, _ in fm.problems)):
        return Recovered(fm, [])
    lines = list(doc.lines)
    current = fm
    skipped: list[int] = []
    for _ in range(MAX_RECOVERY):
        errors = [v for code, v in current.problems if code == "PP110"]
        if not errors:
            break
        line = errors[0].span.line
        if not (fm.start_line < line < fm.end_line) or line in skipped:
            break
        skipped.append(line)
        lines[line - 1] = ""
        current = fm_parser.parse(lines)
    limit = max(3, (fm.end_line - fm.start_line - 1) // 3)
    if isinstance(current.data, dict) and len(skipped) <= limit:
        return Recovered(current, sorted(skipped))
    return Recovered(fm, [])
