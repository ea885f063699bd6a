"""Module-level regular expressions compiled on first use.

`re.compile` of the claim, tree and repository patterns took about 25 ms at import, most of it for
patterns a given document never needs. `lazyre.compile(pattern, flags)` returns an object used
exactly like the compiled pattern (`.search`, `.finditer`, `.sub`, `.pattern`, ...): the pattern
is compiled when one of its methods is first looked up, and each method, once looked up, is an
ordinary attribute (no per-call cost). Do not pass it to `re.search(PATTERN, ...)`-style functions;
call its methods.
"""

from __future__ import annotations

import re


class LazyPattern:
    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern  # the source needs no compiling (patterns are built from others)
        self._flags = flags

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy/pickle probes: not pattern methods
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self._flags)
        value = getattr(compiled, name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazyre.compile({self.pattern!r}, {self._flags})"


def compile(pattern: str, flags: int = 0) -> LazyPattern:  # noqa: A001 (mirrors re.compile)
    return LazyPattern(pattern, flags)
