"""A claim found in one text by a scanner, before its position and context are attached."""

from __future__ import annotations

from typing import Any, Callable

from planproof.claims.model import Claim


class Found:
    """The claim class, its [start, end) offsets in the scanned text, its parsed values, and
    where its counted noun is read from (`unit_at`) unless the scanner knows it (`unit`)."""

    __slots__ = ("cls", "start", "end", "values", "unit_at", "unit")

    def __init__(self, cls: type[Claim], start: int, end: int, values: dict[str, Any],
                 unit_at: int | None = None, unit: str | None = None) -> None:
        self.cls, self.start, self.end, self.values = cls, start, end, values
        self.unit_at = unit_at if unit_at is not None else end
        self.unit = unit


Add = Callable[["Found | None"], None]  # a scanner hands each claim it finds to `add`
