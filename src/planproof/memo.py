"""Compute once, ask many times: the one way planproof shares derived facts between rules.

Several rules report different codes from one analysis (the claims of a document, the planning
tree of a run, the coverage data of a repository). Each analysis is computed on first request
and kept in a `Memo` that lives exactly as long as what it was derived from:

- `Document.memo`: facts of one document (its claims, its recovered frontmatter, its fenced
  lines). They travel with the document and vanish with it; a document is read once per run.
- `Context.memo`: facts of the whole run (the planning forest, the coverage evidence).

There are no module globals or weak dictionaries for this: a new run starts with new memos, so
nothing can leak from one run (or one test) into the next.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")


class Memo:
    """Values by key, each computed once by the first caller's `compute`."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[Hashable, Any] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = compute()
            return value

    def peek(self, key: Hashable, default: Any = None) -> Any:
        """The value if it was computed already (never computes)."""
        return self._values.get(key, default)
