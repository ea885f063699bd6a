"""The parsed frontmatter: its data, where its block sits, and where every key path is written.

A key path names one value: `must_haves.artifacts[0].path`. Positions map each path to the
spans of its key and its value, so a finding can point at the exact text it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planproof.findings import Span, Violation

MAX_NODES = 100_000  # values a frontmatter may hold (or expand to through YAML aliases)
MAX_DEPTH = 200  # levels it may nest


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


def too_deep(first_line: int) -> Violation:
    """PP117 for a frontmatter (YAML or TOML) that nests more than MAX_DEPTH levels."""
    return Violation(f"frontmatter is nested more than {MAX_DEPTH} levels deep",
                     Span(first_line, 1), hint=f"keep nesting under {MAX_DEPTH} levels")
