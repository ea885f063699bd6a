"""Frontmatter: find the block, parse it, and map every key path to its position in the file.

YAML is composed with libyaml (CSafeLoader) when available so that every node keeps its mark;
timestamps stay strings so the data is JSON-compatible and schema validation sees what was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from planproof.findings import Span, Violation

YAML_FENCE = re.compile(r"^---[ \t]*$")
YAML_END = re.compile(r"^(---|\.\.\.)[ \t]*$")
TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")
UNDELIMITED_KEY = re.compile(r"^[A-Za-z_][\w-]*:(\s|$)")
HTML_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")
HEADING_LINE = re.compile(r"^#{1,6}(\s|$)")

MAX_NODES = 100_000
MAX_DEPTH = 200


@dataclass(frozen=True, slots=True)
class KeyPosition:
    key: Span
    value: Span


def _packed(position: KeyPosition) -> tuple:
    return (*position.key.as_tuple(), *position.value.as_tuple())


def _unpacked(raw: tuple) -> KeyPosition:
    return KeyPosition(Span(*raw[:4]), Span(*raw[4:]))


class Positions(dict):
    """Key path -> KeyPosition, kept as plain int tuples: a plan has hundreds of positions and
    under -j every document crosses a process boundary, where small objects are slow to pickle."""

    def __setitem__(self, path: str, position: KeyPosition) -> None:
        super().__setitem__(path, _packed(position))

    def setdefault(self, path: str, position):
        if path not in self:
            self[path] = position
        return self[path]

    def put(self, path: str, packed: tuple[int, ...]) -> None:
        """Store key and value spans given as (line, column, end_line, end_column) * 2."""
        dict.__setitem__(self, path, packed)

    def __getitem__(self, path: str) -> KeyPosition:
        return _unpacked(super().__getitem__(path))

    def get(self, path: str, default=None):
        raw = super().get(path)
        return default if raw is None else _unpacked(raw)

    def items(self):
        return ((path, _unpacked(raw)) for path, raw in super().items())

    def values(self):
        return (_unpacked(raw) for raw in super().values())

    def __reduce__(self):
        return (_restore_positions, (dict(super().items()),))


def _restore_positions(raw: dict) -> Positions:
    positions = Positions()
    dict.update(positions, raw)  # C-level: the tuples go in as they are
    return positions


@dataclass
class Frontmatter:
    data: Any = None
    format: str | None = None  # "yaml" | "toml" | None
    start_line: int = 0  # line of the opening fence (1-based); 0 when there is none
    end_line: int = 0  # line of the closing fence
    body_start_line: int = 1
    positions: Positions = field(default_factory=Positions)
    problems: list[tuple[str, Violation]] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return self.format is not None

    def span(self, key_path: str, *, value: bool = True) -> Span:
        """Where `key_path` is written, falling back to its nearest written parent."""
        path = key_path
        while path:
            pos = self.positions.get(path)
            if pos is not None:
                return pos.value if value else pos.key
            path = _parent_path(path)
        if self.start_line:
            return Span(self.start_line, 1)
        return Span(1, 1)


def _parent_path(path: str) -> str:
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path.rpartition(".")[0]


def child_path(parent: str, key: Any) -> str:
    if isinstance(key, int) and not isinstance(key, bool):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


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
            fm.problems.insert(
                0,
                (
                    "PP112",
                    Violation(
                        "frontmatter does not start on the first line; most tools will not see it",
                        Span(late + 1, 1),
                        hint="move the --- block to the very top of the file, before any comment or heading",
                        evidence={"starts_at_line": late + 1},
                    ),
                ),
            )
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
    fm.problems.append(
        (
            "PP114",
            Violation(
                f"the file starts with {keys} `key: value` lines but no --- delimiters; "
                "they are not read as frontmatter",
                Span(1, 1, keys, len(lines[keys - 1]) + 1),
                hint="put a line with --- before and after these lines",
                evidence={"lines": keys},
            ),
        )
    )
    return fm


def _parse_fenced(lines: list[str], open_index: int, fmt: str, quiet_unterminated: bool = False) -> Frontmatter:
    closing = YAML_END if fmt == "yaml" else TOML_FENCE
    close_index = next(
        (i for i in range(open_index + 1, len(lines)) if closing.match(lines[i])), None
    )
    if close_index is None:
        if quiet_unterminated:
            return Frontmatter()
        fm = Frontmatter()
        fm.problems.append(
            (
                "PP113",
                Violation(
                    "frontmatter is opened on line 1 but never closed; the whole file would be read as YAML",
                    Span(open_index + 1, 1, open_index + 1, len(lines[open_index]) + 1),
                    hint="add a line with --- where the frontmatter ends",
                ),
            )
        )
        return fm
    fm = Frontmatter(
        format=fmt,
        start_line=open_index + 1,
        end_line=close_index + 1,
        body_start_line=close_index + 2,
    )
    source = "\n".join(lines[open_index + 1 : close_index])
    first_line = open_index + 2
    if fmt == "yaml":
        _load_yaml(source, first_line, fm)
    else:
        _load_toml(source, first_line, fm)
    if fm.data is not None and not isinstance(fm.data, dict):
        fm.problems.append(
            (
                "PP115",
                Violation(
                    f"frontmatter is a {_type_name(fm.data)}, not a mapping of keys to values",
                    Span(first_line, 1),
                    hint="frontmatter should be `key: value` lines",
                    evidence={"type": _type_name(fm.data)},
                ),
            )
        )
    return fm


def _type_name(value: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


# --- YAML -----------------------------------------------------------------------------------

def _loader_class():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class PlanLoader(base):  # type: ignore[misc, valid-type]
        pass

    PlanLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return PlanLoader


_LOADER = None


def _loader():
    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    return _LOADER


def _load_yaml(source: str, first_line: int, fm: Frontmatter) -> None:
    import yaml

    if not source.strip():
        fm.data = {}
        return
    loader = _loader()(source)
    try:
        node = loader.get_single_node()
        if node is None:
            fm.data = {}
            return
        aliases = "&" in source and "*" in source  # an alias needs an anchor to refer to
        problem = _check_size(node) if aliases else None  # only aliases make text expand
        if problem:
            fm.problems.append(("PP117", Violation(problem, Span(first_line, 1),
                hint="frontmatter should be a small tree of plain values; remove anchors and aliases")))
            return
        if not _walk(node, "", first_line, fm):
            fm.positions.clear()
            fm.problems.append(("PP117", _too_deep_violation(first_line)))
            return
        fm.data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        if _is_depth_limit(exc):
            fm.problems.append(("PP117", _too_deep_violation(first_line)))
        else:
            fm.problems.append(("PP110", _yaml_error(exc, source, first_line)))
    except RecursionError:
        fm.problems.append(("PP117", _too_deep_violation(first_line)))
    finally:
        loader.dispose()


def _is_depth_limit(exc) -> bool:
    """libyaml 0.2.5 (PyYAML >= 6.0.4 wheels) stops at 1,000 levels with a scanner error of its
    own; older builds recurse until Python's RecursionError. Both mean the same to a user."""
    return "maximum nesting depth" in (getattr(exc, "problem", None) or "")


def _too_deep_violation(first_line: int) -> Violation:
    return Violation(f"frontmatter is nested more than {MAX_DEPTH} levels deep",
                     Span(first_line, 1), hint=f"keep nesting under {MAX_DEPTH} levels")


def _check_size(root) -> str | None:
    """Reject alias bombs and absurd depth before anything walks or constructs the tree."""
    import yaml

    expanded: dict[int, int] = {}
    stack = [(root, 0, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            return f"frontmatter is nested more than {MAX_DEPTH} levels deep"
        if id(node) in expanded and not done:
            continue
        children = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if done or not children:
            expanded[id(node)] = 1 + sum(expanded.get(id(c), 1) for c in children)
            if expanded[id(node)] > MAX_NODES:
                return (f"frontmatter expands to more than {MAX_NODES:,} values "
                        "(aliases repeated many times, a 'billion laughs' document)")
            continue
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in expanded)
    return None


def _node_span(node, first_line: int) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + first_line, start.column + 1, end.line + first_line, end.column + 1)


def _marks(node, first_line: int) -> tuple[int, int, int, int]:
    start, end = node.start_mark, node.end_mark
    return (start.line + first_line, start.column + 1, end.line + first_line, end.column + 1)


def _walk(node, path: str, first_line: int, fm: Frontmatter) -> bool:
    """Record every key path's position and every duplicate key; False when the tree nests
    more than MAX_DEPTH levels deep."""
    import yaml

    positions = fm.positions
    stack = [(node, path, 0)]
    seen: set[int] = set()
    while stack:
        current, current_path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys_seen: dict[str, int] = {}
            for key_node, value_node in current.value:
                key_text = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                key_marks = _marks(key_node, first_line)
                if key_text in keys_seen:
                    fm.problems.append(("PP111", _duplicate(key_text, key_marks, current_path,
                                                            keys_seen[key_text])))
                keys_seen[key_text] = key_marks[0]
                child = child_path(current_path, _key_value(key_node))
                positions.put(child, key_marks + _marks(value_node, first_line))
                stack.append((value_node, child, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                item_path = f"{current_path}[{index}]"
                marks = _marks(item, first_line)
                positions.put(item_path, marks + marks)
                stack.append((item, item_path, depth + 1))
    return True


def _duplicate(key_text: str, key_marks: tuple, parent_path: str, first_line: int) -> Violation:
    line, column = key_marks[0], key_marks[1]
    return Violation(
        f"duplicate key '{key_text}'; YAML keeps only the last value, "
        f"the one on line {first_line} is ignored",
        Span(line, column, line, column + len(key_text)),
        hint="remove one of the two keys or merge their values",
        evidence={"key": child_path(parent_path, key_text), "first_line": first_line})


def _key_value(key_node) -> Any:
    value = key_node.value
    if key_node.tag == "tag:yaml.org,2002:int":
        try:
            return int(value)
        except ValueError:
            return value
    return value


BACKTICK_HINT = "a value cannot start with a backtick; wrap the whole value in quotes"
AT_HINT = "'@' cannot start a plain value (e.g. inside [a, @b]); quote the item: \"@b\""
ESCAPE_HINT = ("inside double quotes a backslash starts an escape; use single quotes, "
               "or write the backslash twice")
COLON_HINT = "a value contains ': ' without quotes; wrap the whole value in quotes"
TAB_HINT = "YAML does not allow tabs for indentation; use spaces"


def _yaml_error(exc, source: str, first_line: int) -> Violation:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + first_line) if mark else first_line
    column = (mark.column + 1) if mark else 1
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    source_lines = source.split("\n")
    hint = None
    if mark is not None and mark.line < len(source_lines):
        hint = _hint(problem, source_lines, mark.line, mark.column)
    return Violation(message, Span(line, column), hint=hint, evidence={"yaml_error": problem})


def _hint(problem: str, lines: list[str], index: int, column: int) -> str | None:
    """The likeliest cause, read off the parser's message and the offending line
    (libyaml and pure-Python PyYAML word their messages differently)."""
    line = lines[index]
    char = line[column] if column < len(line) else ""
    if "escape" in problem or "hexdecimal" in problem:
        return ESCAPE_HINT
    if "cannot start any token" in problem:
        return {"`": BACKTICK_HINT, "@": AT_HINT, "\t": TAB_HINT}.get(char)
    if "mapping values" in problem:
        return _mapping_hint(lines, index) or _line_hint(line) or COLON_HINT
    return _line_hint(line)


QUOTED_THEN_TEXT = re.compile(r"""^\s*(?:-\s+)?(?:[\w"'.-]+:\s+)?(["'])(?:(?!\1).)*\1\s*[^\s#,\]}]""")


def _line_hint(line: str) -> str | None:
    """Hints read off the offending line when the parser's message is too generic."""
    if QUOTED_THEN_TEXT.match(line):
        return ("a value starts with a quoted part and goes on after the closing quote; "
                "quote the whole value (e.g. 'say \"hi\" twice')")
    value = re.sub(r"^\s*(?:-\s+)?(?:[\w\"'.-]+:\s+)?", "", line, count=1)
    if ": " in value:
        return COLON_HINT
    return None


def _mapping_hint(lines: list[str], index: int) -> str | None:
    """Tell 'scalar key followed by indented children' apart from 'unquoted : in a value'."""
    if index >= len(lines) or index == 0:
        return None
    here = lines[index]
    previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    indent = len(here) - len(here.lstrip())
    prev_indent = len(previous) - len(previous.lstrip())
    prev_match = re.match(r"\s*[-\s]*[\w\"'.-]+:\s+\S", previous)
    if indent > prev_indent and prev_match and re.match(r"\s*[\w\"'.-]+:(\s|$)", here):
        return ("the key on the previous line has a value and indented children; give it either "
                "a value or children, not both")
    return None


# --- TOML -----------------------------------------------------------------------------------

def _load_toml(source: str, first_line: int, fm: Frontmatter) -> None:
    import tomllib

    try:
        fm.data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        fm.problems.append(("PP116", Violation(
            f"TOML syntax error: {exc}", Span(line + first_line - 1, column),
            evidence={"toml_error": str(exc)})))
        return
    except RecursionError:
        fm.data = None
    if fm.data is None or _too_deep(fm.data):
        fm.data = None
        fm.problems.append(("PP117", _too_deep_violation(first_line)))
        return
    for index, line in enumerate(source.split("\n")):
        match = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line)
        if match:
            span = Span(index + first_line, match.start(1) + 1, index + first_line,
                        match.end(1) + 1)
            fm.positions.setdefault(match.group(1), KeyPosition(span, span))


def _too_deep(data: Any) -> bool:
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False
