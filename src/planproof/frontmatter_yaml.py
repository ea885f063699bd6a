"""YAML frontmatter, composed node by node so that every key path keeps its position.

Guards come before anything walks or constructs the tree: an alias bomb or absurd nesting is
PP117, not an exhausted CI machine. A key written twice is PP111; a syntax error is PP110, with
a hint and, when quoting a value is all it takes, a fix.
"""

from __future__ import annotations

from typing import Any

from planproof.findings import Span, Violation
from planproof.frontmatter_model import MAX_DEPTH, MAX_NODES, Frontmatter, child_path, too_deep
from planproof.yaml_fixes import quote_value_fix
from planproof.yaml_syntax import QUOTE_KINDS, SourcePlaces, error_parts, hint, loader

COMPLEX_HINT = ("frontmatter should be a small tree of plain values; remove anchors and aliases "
                "and keep bulk data out of it")


def load_yaml(source: str, first_line: int, fm: Frontmatter) -> None:
    """Fill `fm` (data, positions, problems) from the YAML `source` whose first line is file
    line `first_line`."""
    import yaml

    if not source.strip():
        fm.data = {}
        return
    parser = loader()(source)
    try:
        node = parser.get_single_node()
        fm.data = {} if node is None else _construct(parser, node, source, first_line, fm)
    except yaml.YAMLError as exc:
        if _is_depth_limit(exc):
            fm.problems.append(("PP117", too_deep(first_line)))
        else:
            fm.problems.append(("PP110", _syntax_error(exc, source, first_line)))
    except RecursionError:
        fm.problems.append(("PP117", too_deep(first_line)))
    finally:
        parser.dispose()


def _construct(parser, node, source: str, first_line: int, fm: Frontmatter) -> Any:
    """The data of a composed `node`, once it passed the guards and its positions are recorded
    (None when a guard refused it)."""
    aliases = "&" in source and "*" in source  # an alias needs an anchor to refer to
    problem = _check_size(node) if aliases else _too_many(node)  # only aliases make text expand
    if problem:
        fm.problems.append(("PP117", Violation(problem, Span(first_line, 1), hint=COMPLEX_HINT)))
        return None
    if not _walk(node, _node_spans(source, first_line), fm):
        fm.positions.clear()
        fm.problems.append(("PP117", too_deep(first_line)))
        return None
    return parser.construct_document(node)


def _is_depth_limit(exc) -> bool:
    """libyaml 0.2.5 (PyYAML >= 6.0.4 wheels) stops at 1,000 levels with a scanner error of its
    own; older builds recurse until Python's RecursionError. Both mean the same to a user."""
    return "maximum nesting depth" in (getattr(exc, "problem", None) or "")


def _too_many(root) -> str | None:
    """More than MAX_NODES values written out (200,000 keys): every rule would walk them all."""
    stack, seen = [root], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            return f"frontmatter has more than {MAX_NODES:,} values"
        value = node.value
        if isinstance(value, list):
            stack.extend(part for item in value
                         for part in (item if isinstance(item, tuple) else (item,)))
    return None


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


def _node_spans(source: str, first_line: int):
    """A function giving a node's span in the file: (line, column, end line, end column)."""
    place = SourcePlaces(source)

    def span_of(node) -> tuple[int, int, int, int]:
        line, column = place(node.start_mark)
        end_line, end_column = place(node.end_mark)
        return (line + first_line, column + 1, end_line + first_line, end_column + 1)

    return span_of


def _walk(node, span_of, fm: Frontmatter) -> bool:
    """Record every key path's position and every duplicate key; False when the tree nests
    more than MAX_DEPTH levels deep."""
    import yaml

    stack = [(node, "", 0)]
    seen: set[int] = set()
    while stack:
        current, current_path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            stack.extend(_walk_mapping(current, current_path, depth, span_of, fm))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                item_path = f"{current_path}[{index}]"
                marks = span_of(item)
                fm.positions.put(item_path, marks + marks)
                stack.append((item, item_path, depth + 1))
    return True


def _walk_mapping(mapping, path: str, depth: int, span_of, fm: Frontmatter) -> list:
    """Positions and duplicate keys of one mapping node; its values, to walk next."""
    import yaml

    keys_seen: dict[str, int] = {}
    children = []
    for key_node, value_node in mapping.value:
        key_text = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
        key_marks = span_of(key_node)
        if key_text in keys_seen:
            fm.problems.append(("PP111", _duplicate(key_text, key_marks, path, keys_seen[key_text])))
        keys_seen[key_text] = key_marks[0]
        child = child_path(path, _key_value(key_node))
        fm.positions.put(child, key_marks + span_of(value_node))
        children.append((value_node, child, depth + 1))
    return children


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


def _syntax_error(exc, source: str, first_line: int) -> Violation:
    """PP110 at the error's place in the file, with the likeliest cause and a quoting fix."""
    problem, mark = error_parts(exc)
    index, column = SourcePlaces(source)(mark) if mark else (0, 0)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    source_lines = source.split("\n")
    cause = fix = None
    if mark is not None and index < len(source_lines):
        cause = hint(problem, source_lines, index, column)
        kind = QUOTE_KINDS.get(cause)
        if kind:
            fix = quote_value_fix(kind, source_lines, index, column, first_line)
    return Violation(message, Span(index + first_line, column + 1), hint=cause,
                     evidence={"yaml_error": problem}, fix=fix)
