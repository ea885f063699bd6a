"""Frontmatter: find the block at the top of a document and parse it (YAML or TOML).

The block opens on line 1 with `---` (YAML) or `+++` (TOML). A `---` block after a prelude of
blank lines, comments and headings is read too, and reported (PP112); an unclosed block (PP113),
`key: value` lines without fences (PP114) and a block that is not a mapping (PP115) are reported
here. The parsed result is a `planproof.frontmatter_model.Frontmatter`.
"""

from __future__ import annotations

from typing import Any

from planproof import lazyre
from planproof.findings import Span, Violation
from planproof.frontmatter_model import Frontmatter
from planproof.frontmatter_toml import load_toml
from planproof.frontmatter_yaml import load_yaml

YAML_FENCE = lazyre.compile(r"^---[ \t]*$")
YAML_END = lazyre.compile(r"^(---|\.\.\.)[ \t]*$")
TOML_FENCE = lazyre.compile(r"^\+\+\+[ \t]*$")
UNDELIMITED_KEY = lazyre.compile(r"^[A-Za-z_][\w-]*:(\s|$)")
HTML_COMMENT_LINE = lazyre.compile(r"^\s*<!--.*-->\s*$")
HEADING_LINE = lazyre.compile(r"^#{1,6}(\s|$)")


def parse(lines: list[str]) -> Frontmatter:
    """Find and parse frontmatter in the document's lines ('\n'-split, no terminators)."""
    if not lines:
        return Frontmatter()
    if YAML_FENCE.match(lines[0]):
        return _parse_fenced(lines, 0, "yaml")
    if TOML_FENCE.match(lines[0]):
        return _parse_fenced(lines, 0, "toml")
    late = _late_fence(lines)
    if late is not None:
        fm = _parse_fenced(lines, late, "yaml", quiet_unterminated=True)
        if fm.present and isinstance(fm.data, dict):
            fm.problems.insert(0, ("PP112", Violation(
                "frontmatter does not start on the first line; most tools will not see it",
                Span(late + 1, 1),
                hint="move the --- block to the very top of the file, before any comment or heading",
                evidence={"starts_at_line": late + 1})))
            return fm
        return Frontmatter()
    return _undelimited(lines)


def _late_fence(lines: list[str]) -> int | None:
    """A `---` line after a prelude made only of blank lines, HTML comments and headings."""
    in_comment = False
    for index, line in enumerate(lines[:40]):
        stripped = line.strip()
        if in_comment:
            in_comment = "-->" not in stripped
            continue
        if not stripped or HTML_COMMENT_LINE.match(line) or HEADING_LINE.match(stripped):
            continue
        if stripped.startswith("<!--"):
            in_comment = True
            continue
        if YAML_FENCE.match(line) and index > 0:
            following = next((l for l in lines[index + 1 : index + 5] if l.strip()), "")
            return index if UNDELIMITED_KEY.match(following) else None
        return None
    return None


def _undelimited(lines: list[str]) -> Frontmatter:
    """No frontmatter; PP114 when the file opens with `key: value` lines and no fences."""
    keys = 0
    for line in lines:
        if not line.strip():
            break
        if not UNDELIMITED_KEY.match(line):
            return Frontmatter()
        keys += 1
    if keys < 2:
        return Frontmatter()
    fm = Frontmatter()
    fm.problems.append(("PP114", Violation(
        f"the file starts with {keys} `key: value` lines but no --- delimiters; "
        "they are not read as frontmatter",
        Span(1, 1, keys, len(lines[keys - 1]) + 1),
        hint="put a line with --- before and after these lines", evidence={"lines": keys})))
    return fm


def _parse_fenced(lines: list[str], open_index: int, fmt: str,
                  quiet_unterminated: bool = False) -> Frontmatter:
    """The block opened at `open_index`, parsed as `fmt` ("yaml" or "toml")."""
    closing = YAML_END if fmt == "yaml" else TOML_FENCE
    close_index = next((i for i in range(open_index + 1, len(lines)) if closing.match(lines[i])),
                       None)
    if close_index is None:
        if quiet_unterminated:
            return Frontmatter()
        fm = Frontmatter()
        fm.problems.append(("PP113", Violation(
            "frontmatter is opened on line 1 but never closed; the whole file would be read as YAML",
            Span(open_index + 1, 1, open_index + 1, len(lines[open_index]) + 1),
            hint="add a line with --- where the frontmatter ends")))
        return fm
    fm = Frontmatter(format=fmt, start_line=open_index + 1, end_line=close_index + 1,
                     body_start_line=close_index + 2)
    source = "\n".join(lines[open_index + 1 : close_index])
    first_line = open_index + 2
    (load_yaml if fmt == "yaml" else load_toml)(source, first_line, fm)
    if fm.data is not None and not isinstance(fm.data, dict):
        fm.problems.append(("PP115", Violation(
            f"frontmatter is a {_type_name(fm.data)}, not a mapping of keys to values",
            Span(first_line, 1), hint="frontmatter should be `key: value` lines",
            evidence={"type": _type_name(fm.data)})))
    return fm


def _type_name(value: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )
